package playbook.ssh;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Ctrl-C (SIGINT to the controller's JVM) during a run over SSH: the first one lets the task in
 * flight on every host finish, starts no new task, prints the recap and exits 99; a second one
 * aborts at once. The CLI runs as a child JVM, because the signal handler is the real main's.
 */
class CtrlCOverSshIT {
    @RegisterExtension
    static final SshdExtension WEB = SshdExtension.builder().build();
    @RegisterExtension
    static final SshdExtension DB = SshdExtension.builder().build();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private String marker;

    @AfterEach
    void cleanUp() {
        started.forEach(Process::destroyForcibly);
        // an aborted run leaves its remote command behind (see abortsAtOnce...): end those by PID
        if (marker != null) for (long pid : TaskTimeoutIT.processesWith(marker)) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    private Process start(String playbook) throws Exception {
        Files.writeString(dir.resolve("site.yml"), playbook);
        Files.writeString(dir.resolve("inventory"), SshTestHosts.inventoryLine("web", WEB) + "\n" + SshTestHosts.inventoryLine("db", DB) + "\n");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("playbook.test.classpath", System.getProperty("java.class.path")),
                "playbook.engine.cli.Main", "run", "site.yml", "-i", "inventory");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    private static CompletableFuture<String> drain(InputStream in, StringBuffer live) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try (in) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    b.write(buf, 0, n);
                    live.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (java.io.IOException ignored) {
                // process ended
            }
            return b.toString(StandardCharsets.UTF_8);
        });
    }

    /** Waits (at most 60 s, a hang guard) until {@code live} holds {@code text}. */
    private static void await(StringBuffer live, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!live.toString().contains(text) && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(live.toString().contains(text), "never saw '" + text + "':\n" + live);
    }

    /** Waits until a marked remote command runs: the task is in flight on that host. */
    private void awaitRunning(String marker, StringBuffer live) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (TaskTimeoutIT.processesWith(marker).isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
        assertFalse(TaskTimeoutIT.processesWith(marker).isEmpty(), "the remote command never started:\n" + live);
    }

    private static void sigint(Process p) throws Exception {
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    }

    @Test
    void firstCtrlCFinishesTheTasksInFlightStartsNoneAndExits99() throws Exception {
        marker = "PB_CTRLC_MARK=" + UUID.randomUUID();
        Path go = dir.resolve("go");
        Process p = start("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: first
                      command: echo first
                    - name: in flight
                      # waits for the test's go file, so the Ctrl-C surely arrives while it runs on both hosts
                      shell: "while [ ! -e %s ]; do sleep 0.2; done; touch %s/done-{{ inventory_hostname }}"
                      environment:
                        PB_CTRLC_MARK: "%s"
                    - name: never started
                      shell: "touch %s/second-{{ inventory_hostname }}"
                """.formatted(go, dir, marker.substring(marker.indexOf('=') + 1), dir));
        StringBuffer live = new StringBuffer();
        CompletableFuture<String> out = drain(p.getInputStream(), live);
        await(live, "TASK [in flight]");
        awaitRunning(marker, live);
        sigint(p);
        await(live, "User interrupted execution");
        Files.writeString(go, "");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "must end by itself after Ctrl-C:\n" + live);
        String text = out.get(10, TimeUnit.SECONDS);
        assertEquals(99, p.exitValue(), text);
        for (String h : List.of("web", "db")) {
            assertTrue(Files.exists(dir.resolve("done-" + h)), "the task in flight finishes on " + h + ": " + text);
            assertFalse(Files.exists(dir.resolve("second-" + h)), "no new task starts on " + h + ": " + text);
            assertTrue(text.matches("(?s).*PLAY RECAP.*" + h + "\\s*:\\s*ok=2\\s+changed=2\\s+unreachable=0\\s+failed=0.*"), text);
        }
        assertFalse(text.contains("TASK [never started]"), text);
        assertFalse(text.contains("\tat "), "no stack traces: " + text);
        assertEquals(List.of(), TaskTimeoutIT.processesWith(marker), "nothing of the run is left on the hosts");
    }

    @Test
    void secondCtrlCAbortsAtOnceWithoutWaitingForTheTask() throws Exception {
        marker = "PB_CTRLC_MARK=" + UUID.randomUUID();
        Process p = start("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: hangs
                      shell: "sleep 300; touch %s/done-{{ inventory_hostname }}"
                      environment:
                        PB_CTRLC_MARK: "%s"
                """.formatted(dir, marker.substring(marker.indexOf('=') + 1)));
        StringBuffer live = new StringBuffer();
        CompletableFuture<String> out = drain(p.getInputStream(), live);
        await(live, "TASK [hangs]");
        awaitRunning(marker, live);
        sigint(p);
        await(live, "User interrupted execution");
        sigint(p);
        // a hang guard far below the task's 300 s: the run must not wait for it
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a second Ctrl-C must abort at once:\n" + live);
        String text = out.get(10, TimeUnit.SECONDS);
        assertEquals(99, p.exitValue(), text);
        assertTrue(text.contains("Aborted."), text);
        assertFalse(Files.exists(dir.resolve("done-web")) || Files.exists(dir.resolve("done-db")), text);
        assertFalse(text.contains("\tat "), "no stack traces: " + text);
    }
}
