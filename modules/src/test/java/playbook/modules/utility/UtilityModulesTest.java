package playbook.modules.utility;

import org.junit.jupiter.api.Test;
import playbook.engine.ModuleException;
import playbook.engine.TemplateException;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class UtilityModulesTest {
    @Test void debugDefaultsAndVar() {
        FakeTarget t = new FakeTarget();
        assertEquals("Hello world!", Run.run(new DebugModule(), t, new Object[0]).msg());
        assertEquals(List.of(1, 2), Run.run(new DebugModule(), t, "msg", List.of(1, 2)).values().get("msg"));
        t.evaluator = e -> {
            if (e.equals("x.y")) return List.of("a");
            throw new TemplateException("'x' is undefined");
        };
        Result r = Run.run(new DebugModule(), t, "var", "x.y");
        assertEquals(List.of("a"), r.values().get("x.y"));
        assertFalse(r.isChanged());
        assertEquals(DebugModule.UNDEFINED, Run.run(new DebugModule(), t, "var", "nope").values().get("nope"));
        assertEquals(List.of("a"), Run.run(new DebugModule(), t, "var", "{{ x.y }}").values().get("{{ x.y }}"));
    }

    @Test void debugVerbosityThreshold() {
        FakeTarget t = new FakeTarget();
        t.evaluator = e -> e.equals("ansible_verbosity") ? 1 : null;
        Result skipped = Run.run(new DebugModule(), t, "msg", "x", "verbosity", 2);
        assertTrue(skipped.isSkipped());
        assertEquals("Verbosity threshold not met.", skipped.values().get("skipped_reason"));
        Result shown = Run.run(new DebugModule(), t, "msg", "x", "verbosity", "1");
        assertFalse(shown.isSkipped());
        assertEquals("x", shown.msg());
    }

    @Test void debugMsgAndVarAreExclusive() {
        assertThrows(ModuleException.class, () -> Run.run(new DebugModule(), new FakeTarget(), "msg", "a", "var", "b"));
    }

    @Test void setFactReturnsFactsAndConvertsBooleanStrings() {
        Result r = Run.run(new SetFactModule(), new FakeTarget(), "a", "yes", "b", List.of(1), "c", "text", "cacheable", true);
        assertEquals(Map.of("a", true, "b", List.of(1), "c", "text"), r.facts());
        assertFalse(r.isChanged());
        assertEquals(true, r.values().get("_ansible_facts_cacheable"));
        assertThrows(ModuleException.class, () -> Run.run(new SetFactModule(), new FakeTarget(), "bad-name", 1));
        assertThrows(ModuleException.class, () -> Run.run(new SetFactModule(), new FakeTarget(), "cacheable", true));
    }

    @Test void assertStopsAtFirstFalse() {
        FakeTarget t = new FakeTarget();
        List<String> seen = new ArrayList<>();
        t.conditions = e -> { seen.add(e); return !e.equals("x == 2"); };
        Result ok = Run.run(new AssertModule(), t, "that", List.of("x == 1", "y"), "success_msg", "yay");
        assertFalse(ok.isFailed());
        assertEquals("yay", ok.msg());
        Result bad = Run.run(new AssertModule(), t, "that", List.of("a", "x == 2", "never"));
        assertTrue(bad.isFailed());
        assertEquals("Assertion failed", bad.msg());
        assertEquals("x == 2", bad.values().get("assertion"));
        assertEquals(false, bad.values().get("evaluated_to"));
        assertFalse(seen.contains("never"));
        Result custom = Run.run(new AssertModule(), t, "that", "x == 2", "msg", "boo");
        assertEquals("boo", custom.msg());
        assertEquals("All assertions passed", Run.run(new AssertModule(), t, "that", "x in [1, 2]").msg());
        assertTrue(seen.contains("x in [1, 2]"), "a string 'that' must not be split at commas");
    }

    @Test void failAndPing() {
        Result f = Run.run(new FailModule(), new FakeTarget(), new Object[0]);
        assertTrue(f.isFailed());
        assertEquals("Failed as requested from task", f.msg());
        assertEquals("custom", Run.run(new FailModule(), new FakeTarget(), "msg", "custom").msg());
        assertEquals("pong", Run.run(new PingModule(), new LocalTarget(), new Object[0]).values().get("ping"));
        assertEquals("hi", Run.run(new PingModule(), new LocalTarget(), "data", "hi").values().get("ping"));
        assertThrows(ModuleException.class, () -> Run.run(new PingModule(), new LocalTarget(), "data", "crash"));
    }
}
