package playbook.engine.connection;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The process-group line in front of a killable command: read from stderr, never shown. */
class RemoteGroupTest {
    private static RemoteGroup group(String stderr) {
        return new RemoteGroup(new ByteArrayInputStream(stderr.getBytes(StandardCharsets.UTF_8)));
    }

    private static String read(RemoteGroup g) throws IOException {
        return new String(g.stderr().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theTagLineIsTakenOutAndTheGroupRemembered() throws IOException {
        RemoteGroup g = group(RemoteGroup.TAG + "4242\nwarning: real stderr\n");
        assertEquals(-1, g.pgid(), "unknown before stderr is read");
        assertEquals("warning: real stderr\n", read(g));
        assertEquals(4242, g.pgid());
    }

    @Test
    void stderrWithoutTheTagIsHandedOnUntouched() throws IOException {
        RemoteGroup g = group("bash: motd\nmore\n");
        assertEquals("bash: motd\nmore\n", read(g));
        assertEquals(-1, g.pgid());
        RemoteGroup bad = group(RemoteGroup.TAG + "x\n");
        assertEquals(RemoteGroup.TAG + "x\n", read(bad));
        assertEquals(-1, bad.pgid());
        assertEquals("", read(group("")));
    }

    @Test
    void singleByteReadsSeeTheSameStream() throws IOException {
        RemoteGroup g = group(RemoteGroup.TAG + "7\nab");
        assertEquals('a', g.stderr().read());
        assertEquals('b', g.stderr().read());
        assertEquals(-1, g.stderr().read());
        assertEquals(7, g.pgid());
    }

    /** The wrapper and the kill command under the machine's /bin/sh: the group really ends, its exit status is kept. */
    @Test
    void wrapperReportsTheShellsPidAndKeepsTheExitStatus() throws Exception {
        Process p = new ProcessBuilder("setsid", "/bin/sh", "-c", RemoteGroup.wrap("echo out; exit 3")).start();
        RemoteGroup g = new RemoteGroup(p.getErrorStream());
        assertEquals("", read(g));
        assertEquals("out\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue());
        assertEquals(p.pid(), g.pgid());
    }

    @Test
    void killCommandEndsTheWholeGroup() throws Exception {
        Process p = new ProcessBuilder("setsid", "/bin/sh", "-c", RemoteGroup.wrap("sleep 300 & sleep 300; echo never")).start();
        RemoteGroup g = new RemoteGroup(p.getErrorStream());
        java.util.concurrent.CompletableFuture<String> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return read(g);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        java.util.List<ProcessHandle> group = java.util.List.of();
        for (int i = 0; i < 600 && (g.pgid() < 0 || group.size() < 2); i++) {
            Thread.sleep(50);
            group = p.descendants().toList();
        }
        assertEquals(p.pid(), g.pgid());
        assertTrue(group.size() >= 1, "the sleeps started");
        Process k = new ProcessBuilder("/bin/sh", "-c", RemoteGroup.killCommand(g.pgid())).start();
        assertTrue(k.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, k.exitValue());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the group's shell ended");
        assertEquals("", err.get(30, TimeUnit.SECONDS));
        assertEquals("", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        for (ProcessHandle h : group) {
            h.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(h.isAlive(), "pid " + h.pid() + " of the group was left running");
        }
    }
}
