package playbook.e2e;

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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour that needs a real process: Ctrl-C, --step on stdin, the log file, the connection keeper. */
class CliProcessIT {
    @RegisterExtension
    static final SshdExtension SSHD = SshdExtension.builder().build();

    @TempDir Path dir;

    private Process start(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("playbook.test.classpath", System.getProperty("java.class.path")),
                "playbook.engine.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
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

    private void write(String playbook) throws Exception {
        Files.writeString(dir.resolve("site.yml"), playbook);
        Files.writeString(dir.resolve("inventory"), Run.LOCAL_INVENTORY);
    }

    /**
     * PLAYBOOK_CONTROL_PERSIST: the first run logs in itself and hands the host to the keeper it
     * started; the next runs log in nowhere. Each run's output pipe ends with the run (the keeper
     * must not hold it open), and the keeper is stopped by the PID it wrote.
     */
    @Test
    void keptConnectionsServeTheNextRuns() throws Exception {
        Path keep = Files.createDirectory(dir.resolve("keep"),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        Files.writeString(dir.resolve("site.yml"), "- hosts: web\n  gather_facts: false\n  tasks:\n    - command: echo kept\n");
        Files.writeString(dir.resolve("inventory"), SshTestHosts.inventoryLine("web", SSHD) + "\n");
        Map<String, String> env = Map.of("PLAYBOOK_CONTROL_PERSIST", "10", "PLAYBOOK_KEEPER_DIR", keep.toString());
        long before = logins();
        try {
            for (int run = 1; run <= 3; run++) {
                Process p = start(env, "run", "site.yml", "-i", "inventory");
                String out = drain(p.getInputStream(), new StringBuffer()).get(60, TimeUnit.SECONDS); // EOF: nobody kept the pipe
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
                assertEquals(0, p.exitValue(), out);
                assertTrue(out.contains("ok=1"), out);
                if (run == 1) {
                    for (int i = 0; i < 200 && logins() - before < 2; i++) Thread.sleep(50);
                    assertEquals(2, logins() - before, "the first run's own login, then the keeper's\n" + SSHD.log());
                }
            }
            assertEquals(2, logins() - before, "runs 2 and 3 logged in nowhere\n" + SSHD.log());
        } finally {
            try (var files = Files.list(keep)) {
                for (Path f : files.filter(x -> x.getFileName().toString().endsWith(".pid")).toList()) {
                    ProcessHandle.of(Long.parseLong(Files.readString(f).strip())).ifPresent(h -> {
                        h.destroy();
                        h.onExit().orTimeout(10, TimeUnit.SECONDS).join();
                    });
                }
            }
        }
    }

    private static long logins() {
        return SSHD.log().lines().filter(l -> l.contains("Accepted publickey")).count();
    }

    @Test
    void ctrlCFinishesTheTaskInFlightPrintsTheRecapAndExits99() throws Exception {
        write("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: slow
                      shell: "sleep 2; touch slow-done"
                    - name: never started
                      shell: "touch second"
                """);
        Process p = start(Map.of(), "run", "site.yml", "-i", "inventory");
        StringBuffer live = new StringBuffer();
        CompletableFuture<String> out = drain(p.getInputStream(), live);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!live.toString().contains("TASK [slow]") && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(live.toString().contains("TASK [slow]"), live.toString());
        Thread.sleep(300);
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "must end by itself after Ctrl-C");
        String text = out.get(10, TimeUnit.SECONDS);
        assertEquals(99, p.exitValue(), text);
        assertTrue(Files.exists(dir.resolve("slow-done")), "the task in flight finishes: " + text);
        assertFalse(Files.exists(dir.resolve("second")), "no new task starts: " + text);
        assertTrue(text.contains("PLAY RECAP") && text.contains("User interrupted execution"), text);
    }

    @Test
    void stepAsksBeforeEachTask() throws Exception {
        write("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: first
                      shell: "touch first"
                    - name: second
                      shell: "touch second"
                    - name: third
                      shell: "touch third"
                """);
        Process p = start(Map.of(), "run", "site.yml", "-i", "inventory", "--step");
        p.getOutputStream().write("y\nn\ny\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        CompletableFuture<String> out = drain(p.getInputStream(), new StringBuffer());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = out.get(10, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("Perform task: TASK: second (N)o/(y)es/(c)ontinue:"), text);
        assertTrue(Files.exists(dir.resolve("first")) && Files.exists(dir.resolve("third")), text);
        assertFalse(Files.exists(dir.resolve("second")), text);
    }

    @Test
    void logFileGetsTheRunWithoutSecrets() throws Exception {
        write("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: uses the token
                      debug: { msg: "token is {{ api_token }}" }
                """);
        Path log = dir.resolve("run.log");
        Process p = start(Map.of("PLAYBOOK_LOG", log.toString()), "run", "site.yml", "-i", "inventory", "-e", "api_token=tok-123456");
        CompletableFuture<String> out = drain(p.getInputStream(), new StringBuffer());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String text = out.get(10, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), text);
        String logged = Files.readString(log);
        assertTrue(logged.contains("TASK [uses the token]") && logged.contains("PLAY RECAP"), logged);
        assertFalse(logged.contains("tok-123456") || text.contains("tok-123456"), logged + text);
    }
}
