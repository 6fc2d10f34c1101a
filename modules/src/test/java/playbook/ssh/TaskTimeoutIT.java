package playbook.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.cli.Main;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A hung command under {@code timeout:} or {@code --task-timeout}: the task fails with Ansible's
 * message, and the command's processes on the host are gone when the run ends (the test sshd runs
 * on this machine, so its sessions' processes are visible in /proc). Each command carries a unique
 * environment variable, inherited by everything it starts, which is how the test finds them.
 */
class TaskTimeoutIT {
    @RegisterExtension
    static final SshdExtension WEB = SshdExtension.builder().build();

    @TempDir
    Path dir;

    record Out(int rc, String out, String err) {
        @Override public String toString() { return "rc=" + rc + "\n--- out\n" + out + "\n--- err\n" + err; }
    }

    private Out run(String playbook, String inventory, String... more) {
        try {
            Files.writeString(dir.resolve("site.yml"), playbook);
            Files.writeString(dir.resolve("inventory"), inventory);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<String> args = new ArrayList<>(List.of("run", dir.resolve("site.yml").toString(), "-i", dir.resolve("inventory").toString()));
        args.addAll(List.of(more));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                args.toArray(String[]::new));
        return new Out(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** PIDs of live (not zombie) processes whose environment holds {@code NAME=value}. */
    static List<Long> processesWith(String envEntry) {
        byte[] needle = envEntry.getBytes(StandardCharsets.UTF_8);
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                try {
                    byte[] env = Files.readAllBytes(p.resolve("environ"));
                    if (!contains(env, needle)) return;
                    String stat = Files.readString(p.resolve("stat"));
                    char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    if (state != 'Z' && state != 'X') found.add(Long.parseLong(p.getFileName().toString()));
                } catch (IOException | RuntimeException gone) {
                    // ended meanwhile or not ours to read
                }
            });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return found;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            if (i > 0 && hay[i - 1] != 0) continue;  // entries start after a NUL
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            if (i + needle.length == hay.length || hay[i + needle.length] == 0) return true;
        }
        return false;
    }

    /** Watches /proc while {@code body} runs: true when the marked processes were seen at least once. */
    private static <T> T watching(String envEntry, AtomicBoolean seen, java.util.function.Supplier<T> body) {
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            while (!stop.get()) {
                if (!processesWith(envEntry).isEmpty()) seen.set(true);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            return body.get();
        } finally {
            stop.set(true);
            watcher.join();
        }
    }

    @Test
    void timeoutKeywordEndsTheTaskAndKillsTheRemoteCommand() {
        String marker = "PB_TIMEOUT_MARK=" + UUID.randomUUID();
        AtomicBoolean seen = new AtomicBoolean();
        Out r = watching(marker, seen, () -> run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: connect first, so the time limit is all the hung command's
                      command: "true"
                    - name: hang
                      shell: "sleep 300; echo never"
                      timeout: 10
                      environment:
                        PB_TIMEOUT_MARK: "%s"
                      ignore_errors: true
                      register: hung
                    - name: the connection still works
                      command: echo after
                      register: after
                    - assert:
                        that:
                          - hung is failed
                          - hung.timedout.period == 10
                          - after.stdout == 'after'
                """.formatted(marker.substring(marker.indexOf('=') + 1)), SshTestHosts.inventoryLine("web", WEB) + "\n"));
        assertTrue(seen.get(), "the hung command was never seen running, so this test proves nothing: " + r);
        assertEquals(0, r.rc, r.toString());
        assertTrue(r.out.contains("The shell action failed to execute in the expected time frame (10) and was terminated"), r.toString());
        assertTrue(r.out.matches("(?s).*web\\s*:\\s*ok=4\\s+changed=2\\s+unreachable=0\\s+failed=0\\s+skipped=0\\s+rescued=0\\s+ignored=1.*"),
                r.toString());
        assertEquals(List.of(), processesWith(marker), "the remote command was left running");
    }

    @Test
    void taskTimeoutOptionFailsTheHostsAndLeavesNothingRunning() {
        String marker = "PB_TIMEOUT_MARK=" + UUID.randomUUID();
        AtomicBoolean seen = new AtomicBoolean();
        // a task's own timeout: wins over --task-timeout; the local host shows the controller side
        Out r = watching(marker, seen, () -> run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: quick
                      command: echo quick
                      timeout: 0
                    - name: hang
                      command: sleep 300
                      environment:
                        PB_TIMEOUT_MARK: "%s"
                    - name: never reached
                      command: echo never
                """.formatted(marker.substring(marker.indexOf('=') + 1)),
                SshTestHosts.inventoryLine("web", WEB) + "\nctl ansible_connection=local\n", "--task-timeout", "10"));
        assertTrue(seen.get(), "the hung command was never seen running, so this test proves nothing: " + r);
        assertEquals(2, r.rc, r.toString());
        assertTrue(r.out.contains("fatal: [web]: FAILED!"), r.toString());
        assertTrue(r.out.contains("fatal: [ctl]: FAILED!"), r.toString());
        assertEquals(2, r.out.split("The command action failed to execute in the expected time frame \\(10\\) and was terminated", -1).length - 1,
                r.toString());
        assertFalse(r.out.contains("never reached"), r.toString());
        for (String h : List.of("web", "ctl")) {
            assertTrue(r.out.matches("(?s).*" + h + "\\s*:\\s*ok=1\\s+changed=1\\s+unreachable=0\\s+failed=1.*"), r.toString());
        }
        assertEquals(List.of(), processesWith(marker), "the command was left running");
        assertFalse(r.out.contains("\tat ") || r.err.contains("\tat "), "no stack traces: " + r);
    }
}
