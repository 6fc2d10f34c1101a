package playbook.engine.exec;

import org.junit.jupiter.api.Test;
import playbook.engine.graph.CompiledBlock;
import playbook.engine.graph.CompiledTask;
import playbook.engine.graph.Node;
import playbook.engine.model.SourceLocation;
import playbook.engine.model.Task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostCursorTest {
    private static final SourceLocation LOC = new SourceLocation("t.yml", 1, 1);

    static CompiledTask t(String name) {
        return new CompiledTask(new Task(name, "debug", Map.of(), null, Map.of(), LOC, Map.of()), "debug", null, Map.of(),
                Map.of(), List.of(), Set.of(), List.of(), Map.of(), null, false, Path.of("."));
    }

    static CompiledBlock block(List<Node> b, List<Node> r, List<Node> a) {
        return new CompiledBlock(null, b, r, a, LOC);
    }

    /** Runs the cursor, failing the tasks named in {@code failing}; returns the names run in order. */
    static List<String> drive(HostCursor c, Set<String> failing) {
        List<String> seen = new ArrayList<>();
        for (CompiledTask t = c.next(); t != null; t = c.next()) {
            seen.add(t.name());
            if (failing.contains(t.name())) c.fail();
        }
        return seen;
    }

    @Test
    void plainSequenceRunsInOrder() {
        HostCursor c = new HostCursor(CompiledBlock.of(List.of(t("a"), t("b"), t("c")), LOC));
        assertEquals(List.of("a", "b", "c"), drive(c, Set.of()));
        assertFalse(c.failed());
    }

    @Test
    void failureGoesToRescueThenAlwaysAndIsCleared() {
        CompiledBlock b = block(List.of(t("b1"), t("b2"), t("b3")), List.of(t("r1")), List.of(t("a1")));
        HostCursor c = new HostCursor(CompiledBlock.of(List.of(b, t("after")), LOC));
        assertEquals(List.of("b1", "b2", "r1", "a1", "after"), drive(c, Set.of("b2")));
        assertFalse(c.failed());
    }

    @Test
    void failureWithoutRescueRunsAlwaysThenFailsHost() {
        CompiledBlock b = block(List.of(t("b1"), t("b2")), List.of(), List.of(t("a1"), t("a2")));
        HostCursor c = new HostCursor(CompiledBlock.of(List.of(b, t("after")), LOC));
        assertEquals(List.of("b1", "a1", "a2"), drive(c, Set.of("b1")));
        assertTrue(c.failed());
    }

    @Test
    void failingRescueStillRunsAlwaysAndFailsHost() {
        CompiledBlock b = block(List.of(t("b1")), List.of(t("r1"), t("r2")), List.of(t("a1")));
        HostCursor c = new HostCursor(CompiledBlock.of(List.of(b, t("after")), LOC));
        assertEquals(List.of("b1", "r1", "a1"), drive(c, Set.of("b1", "r1")));
        assertTrue(c.failed());
    }

    @Test
    void innerUnrescuedFailurePropagatesToOuterRescue() {
        CompiledBlock inner = block(List.of(t("i1"), t("i2")), List.of(), List.of(t("ia")));
        CompiledBlock outer = block(List.of(inner, t("o2")), List.of(t("or")), List.of(t("oa")));
        HostCursor c = new HostCursor(CompiledBlock.of(List.of(outer, t("after")), LOC));
        assertEquals(List.of("i1", "ia", "or", "oa", "after"), drive(c, Set.of("i1")));
        assertFalse(c.failed());
    }

    @Test
    void wouldRescueOnlyInsideABlockWithRescue() {
        CompiledBlock b = block(List.of(t("b1")), List.of(t("r1")), List.of());
        HostCursor c = new HostCursor(CompiledBlock.of(List.of(t("top"), b), LOC));
        assertEquals("top", c.next().name());
        assertFalse(c.wouldRescue());
        assertEquals("b1", c.next().name());
        assertTrue(c.wouldRescue());
        c.fail();
        assertEquals("r1", c.next().name());
        assertFalse(c.wouldRescue());
    }

    @Test
    void insertedIncludeRunsBeforeTheRest() {
        HostCursor c = new HostCursor(CompiledBlock.of(List.of(t("inc"), t("after")), LOC));
        assertEquals("inc", c.next().name());
        c.insert(CompiledBlock.of(List.of(t("x1"), t("x2")), LOC));
        assertEquals(List.of("x1", "x2", "after"), drive(c, Set.of()));
    }
}
