package playbook.modules.command;

import org.junit.jupiter.api.Test;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.Run;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RawScriptModuleTest {
    @Test void rawSendsTheTextUnchanged() {
        FakeTarget t = new FakeTarget().next(new ExecResult(0, "hi\n", ""));
        Result r = Run.run(new RawModule(), t, "_raw_params", "echo hi | tr a b; x=$HOME");
        assertEquals(List.of("echo hi | tr a b; x=$HOME"), t.commands("apply"));
        assertTrue(r.isChanged());
        assertEquals("hi\n", r.values().get("stdout"));
        FakeTarget e = new FakeTarget().next(new ExecResult(1, "", "no"));
        Result f = Run.run(new RawModule(), e, "_raw_params", "it's", "executable", "/bin/bash");
        assertEquals(List.of("/bin/bash -c 'it'\"'\"'s'"), e.commands("apply"));
        assertEquals("non-zero return code", f.msg());
    }

    @Test void rawIsSkippedInCheckMode() {
        FakeTarget t = new FakeTarget().check(true);
        assertTrue(Run.run(new RawModule(), t, "_raw_params", "reboot").isSkipped());
        assertTrue(t.sent.isEmpty());
    }

    @Test void scriptSplitsThePathFromItsArguments() {
        assertArrayEquals(new String[] {"s.sh", " a 'b c'"}, ScriptModule.splitFirst("s.sh a 'b c'"));
        assertArrayEquals(new String[] {"my script.sh", " x"}, ScriptModule.splitFirst("'my script.sh' x"));
        assertArrayEquals(new String[] {"s.sh", ""}, ScriptModule.splitFirst("s.sh"));
    }

    @Test void scriptInCheckModeIsSkippedUnlessCreatesOrRemoves() {
        FakeTarget t = new FakeTarget().check(true);
        Result r = Run.run(new ScriptModule(), t, "_raw_params", "s.sh");
        assertTrue(r.isSkipped());
        assertEquals("Check mode is not supported for this task.", r.msg());
        FakeTarget c = new FakeTarget().check(true).on("\\[ -e", 1, "");
        assertTrue(Run.run(new ScriptModule(), c, "_raw_params", "s.sh", "creates", "/x").isChanged());
        assertTrue(c.commands("apply").isEmpty());
    }

    @Test void aMissingScriptFailsLikeAnsible() {
        Result r = Run.run(new ScriptModule(), new FakeTarget(), "_raw_params", "nope.sh arg");
        assertTrue(r.isFailed());
        assertTrue(r.msg().startsWith("Could not find or access 'nope.sh'"), r.msg());
    }
}
