package playbook.modules.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CommandModuleTest {
    private final CommandModule command = new CommandModule();
    private final ShellModule shell = new ShellModule();

    @Test void freeFormIsSplitAndQuotedWordByWord() {
        FakeTarget t = new FakeTarget().next(new ExecResult(0, "hi a b\n", ""));
        Result r = Run.run(command, t, "_raw_params", "echo hi \"a b\" '$HOME;rm'");
        assertEquals(List.of("exec echo hi 'a b' '$HOME;rm'"), t.commands("apply"));
        assertTrue(r.isChanged());
        assertEquals(List.of("echo", "hi", "a b", "$HOME;rm"), r.values().get("cmd"));
        assertEquals("hi a b", r.values().get("stdout"));
        assertEquals(List.of("hi a b"), r.values().get("stdout_lines"));
        assertEquals(0, r.values().get("rc"));
        assertTrue(((String) r.values().get("delta")).matches("\\d:\\d\\d:\\d\\d\\.\\d{6}"));
    }

    @Test void realRunOnThisHost(@TempDir Path dir) throws Exception {
        LocalTarget t = new LocalTarget();
        Result r = Run.run(command, t, "argv", List.of("sh", "-c", "pwd; cat; echo err >&2; exit 3"),
                "chdir", dir.toString(), "stdin", "in put");
        assertTrue(r.isFailed());
        assertEquals("non-zero return code", r.msg());
        assertEquals(3, r.values().get("rc"));
        assertEquals(List.of(dir.toRealPath().toString(), "in put"), r.values().get("stdout_lines"));
        assertEquals("err", r.values().get("stderr"));
    }

    @Test void metacharactersAreNotInterpretedByCommand(@TempDir Path dir) {
        Path marker = dir.resolve("pwned");
        Result r = Run.run(command, new LocalTarget(), "cmd", "echo ok; touch " + marker);
        assertEquals("ok; touch " + marker, r.values().get("stdout"));
        assertFalse(Files.exists(marker));
    }

    @Test void shellInterpretsMetacharacters(@TempDir Path dir) {
        Result r = Run.run(shell, new LocalTarget(), "_raw_params", "echo $((1+2)) | tr 3 x; exit 0", "chdir", dir.toString());
        assertEquals("x", r.values().get("stdout"));
        assertEquals("echo $((1+2)) | tr 3 x; exit 0", r.values().get("cmd"));
        assertFalse(r.isFailed());
    }

    @Test void createsSkipsWithAnsibleMessages(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a b.txt"), "x");
        LocalTarget t = new LocalTarget();
        Result r = Run.run(command, t, "_raw_params", "false", "creates", dir + "/a *.txt");
        assertFalse(r.isChanged());
        assertFalse(r.isFailed());
        assertEquals("Did not run command since '" + dir + "/a *.txt' exists", r.msg());
        assertEquals("skipped, since " + dir + "/a *.txt exists", r.values().get("stdout"));
        assertTrue(t.applies.isEmpty());

        Result r2 = Run.run(command, t, "_raw_params", "false", "removes", dir + "/nope*");
        assertEquals("Did not run command since '" + dir + "/nope*' does not exist", r2.msg());
        assertTrue(t.applies.isEmpty());

        Result r3 = Run.run(command, t, "_raw_params", "true", "creates", dir + "/nope");
        assertTrue(r3.isChanged());
        assertEquals(1, t.applies.size());
    }

    @Test void relativeCreatesIsRelativeToChdir(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("done"), "");
        LocalTarget t = new LocalTarget();
        Result r = Run.run(command, t, "_raw_params", "false", "chdir", dir.toString(), "creates", "done");
        assertFalse(r.isChanged());
        assertTrue(t.applies.isEmpty());
    }

    @Test void checkModeSkipsUnlessCreatesOrRemovesDecide(@TempDir Path dir) throws Exception {
        LocalTarget t = new LocalTarget().check(true);
        Path marker = dir.resolve("m");
        Result r = Run.run(shell, t, "_raw_params", "touch " + marker);
        assertTrue(r.isSkipped());
        assertFalse(r.isChanged());
        assertEquals("Command would have run if not in check mode", r.msg());
        Result r2 = Run.run(shell, t, "_raw_params", "touch " + marker, "creates", marker.toString());
        assertTrue(r2.isChanged());
        assertFalse(r2.isSkipped());
        assertEquals("Command would have run if not in check mode", r2.msg());
        Files.writeString(marker, "");
        Result r3 = Run.run(shell, t, "_raw_params", "rm " + marker, "creates", marker.toString());
        assertEquals("Would not run command since '" + marker + "' exists", r3.msg());
        assertFalse(r3.isChanged());
        assertTrue(Files.exists(marker));
    }

    @Test void stdinNewlineAndStripEnds() {
        FakeTarget t = new FakeTarget().next(new ExecResult(0, "a\n\nb\n\n", "\n"));
        Result r = Run.run(command, t, "_raw_params", "cat", "stdin", "x");
        assertArrayEquals("x\n".getBytes(StandardCharsets.UTF_8), t.sent.get(0).stdin());
        assertEquals("a\n\nb", r.values().get("stdout"));
        assertEquals(List.of("a", "", "b"), r.values().get("stdout_lines"));
        assertEquals("", r.values().get("stderr"));
        FakeTarget t2 = new FakeTarget().next(new ExecResult(0, "a\n", ""));
        Result r2 = Run.run(command, t2, "_raw_params", "cat", "stdin", "x", "stdin_add_newline", false, "strip_empty_ends", false);
        assertArrayEquals("x".getBytes(StandardCharsets.UTF_8), t2.sent.get(0).stdin());
        assertEquals("a\n", r2.values().get("stdout"));
    }

    @Test void argvAndFreeFormTogetherFail() {
        assertThrows(ModuleException.class, () -> Run.run(command, new FakeTarget(), "_raw_params", "ls", "argv", List.of("ls")));
        assertThrows(ModuleException.class, () -> Run.run(command, new FakeTarget(), "chdir", "/"));
    }

    @Test void shellUsesExecutable() {
        FakeTarget t = new FakeTarget().next(new ExecResult(0, "", ""));
        Run.run(shell, t, "_raw_params", "echo $0", "executable", "/bin/bash");
        assertEquals(List.of("exec /bin/bash -c 'echo $0'"), t.commands("apply"));
    }

    @Test void builtinsAreNotRunByCommand() {
        Result r = Run.run(command, new LocalTarget(), "_raw_params", "FOO=bar true");
        assertTrue(r.isFailed(), "an assignment word is a program name for command, as in Ansible");
    }
}
