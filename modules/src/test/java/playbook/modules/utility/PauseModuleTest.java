package playbook.modules.utility;

import org.junit.jupiter.api.Test;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.Run;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PauseModuleTest {
    @Test void withoutATerminalAPromptWarnsAndContinues() {
        FakeTarget t = new FakeTarget();
        Result r = Run.run(new PauseModule(null), t, "prompt", "Insert the disk");
        assertFalse(r.isFailed());
        assertEquals(List.of("Not waiting for response to prompt as stdin is not interactive"), t.warnings);
        assertEquals("", r.values().get("user_input"));
        assertTrue(((String) r.values().get("stdout")).matches("Paused for 0\\.\\d+ minutes"), (String) r.values().get("stdout"));
        assertTrue(t.sent.isEmpty());
    }

    @Test void aTerminalAnswerIsTheUserInput() {
        Result r = Run.run(new PauseModule((p, echo) -> echo ? "yes" : "hidden"), new FakeTarget(), "prompt", "Go?", "echo", false);
        assertEquals("hidden", r.values().get("user_input"));
        assertEquals(false, r.values().get("echo"));
    }

    @Test void zeroSecondsReturnsAtOnce() {
        Result r = Run.run(new PauseModule(null), new FakeTarget(), "seconds", 0);
        assertTrue(((String) r.values().get("stdout")).endsWith(" seconds"));
        assertEquals(0L, r.values().get("delta"));
    }

    @Test void durationsPrintLikePythonsRound() {
        assertEquals("1.0", PauseModule.pythonRound2(1.0004));
        assertEquals("0.02", PauseModule.pythonRound2(0.0166));
        assertEquals("2.5", PauseModule.pythonRound2(2.5));
    }
}
