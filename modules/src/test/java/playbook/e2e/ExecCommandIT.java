package playbook.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code playbook exec}: output shaped like the ansible command's (captured from ansible 2.14). */
class ExecCommandIT {
    @TempDir Path dir;

    private String[] run(String... args) throws Exception {
        Path inv = Files.writeString(dir.resolve("inv"), "a ansible_connection=local\nb ansible_connection=local\n");
        String[] full = new String[args.length + 3];
        full[0] = "exec";
        System.arraycopy(args, 0, full, 1, args.length);
        full[args.length + 1] = "-i";
        full[args.length + 2] = inv.toString();
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), full);
        return new String[]{String.valueOf(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void commandPrintsRcAndOutput() throws Exception {
        String[] r = run("a", "-a", "echo hi");
        assertEquals("0", r[0], r[2]);
        assertEquals("a | CHANGED | rc=0 >>\nhi\n", r[1]);
        String[] f = run("a", "-a", "false");
        assertEquals("2", f[0]);
        assertTrue(f[1].startsWith("a | FAILED | rc=1 >>\n"), f[1]);
    }

    @Test
    void jsonModulesPrintTheResult() throws Exception {
        String[] r = run("all", "-m", "ping");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("a | SUCCESS => {\n    \"changed\": false,\n    \"ping\": \"pong\"\n}"), r[1]);
        assertTrue(r[1].contains("b | SUCCESS => {"), r[1]);
    }

    @Test
    void moduleArgsAreValidatedAndChangesHappen() throws Exception {
        Path target = dir.resolve("made");
        String[] r = run("a", "-m", "file", "-a", "path=" + target + " state=directory mode=0750");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("a | CHANGED => {"), r[1]);
        assertTrue(Files.isDirectory(target));
        String[] bad = run("a", "-m", "file", "-a", "path=/x stat=directory");
        assertEquals("4", bad[0]);
        assertTrue(bad[2].contains("did you mean 'state'"), bad[2]);
    }
}
