package playbook.engine.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SuggestionsTest {
    @Test
    void swapsTypoAndMissingLetterAreSuggested() {
        assertEquals("when", Suggestions.closest("wehn", List.of("when", "with_items", "name")));
        assertEquals("state", Suggestions.closest("stat", List.of("path", "state", "mode")));
        assertEquals("register", Suggestions.closest("regster", List.of("register", "retries")));
    }

    @Test
    void unrelatedWordsGetNoSuggestion() {
        assertNull(Suggestions.closest("banana", List.of("when", "path", "mode")));
        assertEquals("", Suggestions.hint("zzz", List.of("abc")));
    }

    @Test
    void distanceCountsAdjacentSwapOnce() {
        assertEquals(1, Suggestions.distance("ab", "ba"));
        assertEquals(0, Suggestions.distance("x", "x"));
        assertEquals(3, Suggestions.distance("", "abc"));
    }
}
