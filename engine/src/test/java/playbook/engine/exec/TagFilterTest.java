package playbook.engine.exec;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TagFilterTest {
    @Test
    void defaultRunsAllButNever() {
        TagFilter f = new TagFilter(Set.of("all"), Set.of());
        assertTrue(f.selected(Set.of()));
        assertTrue(f.selected(Set.of("x")));
        assertTrue(f.selected(Set.of("always")));
        assertFalse(f.selected(Set.of("never")));
        assertFalse(f.selected(Set.of("never", "debug")));
    }

    @Test
    void onlyTagsSelectMatchingAndAlways() {
        TagFilter f = new TagFilter(Set.of("web"), Set.of());
        assertTrue(f.selected(Set.of("web", "x")));
        assertFalse(f.selected(Set.of("db")));
        assertFalse(f.selected(Set.of()));
        assertTrue(f.selected(Set.of("always")));
    }

    @Test
    void neverRunsOnlyWhenOneOfItsTagsIsAsked() {
        assertTrue(new TagFilter(Set.of("debug"), Set.of()).selected(Set.of("never", "debug")));
        assertTrue(new TagFilter(Set.of("never"), Set.of()).selected(Set.of("never")));
    }

    @Test
    void skipTagsWinAndCanSkipAlways() {
        TagFilter f = new TagFilter(Set.of("all"), Set.of("slow"));
        assertFalse(f.selected(Set.of("slow", "web")));
        assertTrue(f.selected(Set.of("always")));
        assertFalse(new TagFilter(Set.of("all"), Set.of("always")).selected(Set.of("always")));
    }

    @Test
    void taggedAndUntagged() {
        assertTrue(new TagFilter(Set.of("tagged"), Set.of()).selected(Set.of("a")));
        assertFalse(new TagFilter(Set.of("tagged"), Set.of()).selected(Set.of()));
        assertTrue(new TagFilter(Set.of("untagged"), Set.of()).selected(Set.of()));
        assertFalse(new TagFilter(Set.of("untagged"), Set.of()).selected(Set.of("a")));
    }
}
