package playbook.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.cli.Main;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Playbooks through the CLI over real sshd hosts: modules run remotely, files travel, and a host
 * whose sshd dies mid-task (or that never answers) is UNREACHABLE while the others finish (exit 4).
 */
class PlaybookOverSshIT {
    @RegisterExtension
    static final SshdExtension WEB = SshdExtension.builder().build();

    @TempDir
    Path dir;

    record Out(int rc, String out, String err) {
        @Override public String toString() { return "rc=" + rc + "\n--- out\n" + out + "\n--- err\n" + err; }
    }

    Out run(String playbook, String inventory) throws Exception {
        Files.writeString(dir.resolve("site.yml"), playbook);
        Files.writeString(dir.resolve("inventory"), inventory);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                "run", dir.resolve("site.yml").toString(), "-i", dir.resolve("inventory").toString());
        return new Out(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void modulesRunOverSsh() throws Exception {
        Path remote = dir.resolve("remote.txt");
        Out r = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: id -un
                      register: who
                    - copy:
                        content: "hello over ssh\\n"
                        dest: %s
                    - command: cat %s
                      register: back
                    - assert:
                        that:
                          - back.stdout == 'hello over ssh'
                """.formatted(remote, remote), SshTestHosts.inventoryLine("web", WEB) + "\n");
        assertEquals(0, r.rc, r.toString());
        assertEquals("hello over ssh\n", Files.readString(remote));
        assertTrue(r.out.matches("(?s).*web\\s*:\\s*ok=4\\s+changed=3\\s+unreachable=0\\s+failed=0.*"), r.toString());
    }

    @Test
    void aHostKilledMidTaskIsUnreachableAndTheOthersFinish() throws Exception {
        SshdExtension victim = SshdExtension.builder().build();
        victim.start();
        try {
            String inventory = SshTestHosts.inventoryLine("web", WEB) + "\n" + SshTestHosts.inventoryLine("victim", victim) + "\n"
                    + "ghost ansible_host=127.0.0.1 ansible_port=1 ansible_ssh_retries=0\n";
            CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(2500);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                victim.kill();
            });
            Out r = run("""
                    - hosts: all
                      gather_facts: false
                      tasks:
                        - command: "true"
                        - command: sleep 4
                        - command: echo after
                    """, inventory);
            killer.join();
            assertEquals(4, r.rc, r.toString());
            assertTrue(r.out.matches("(?s).*web\\s*:\\s*ok=3\\s+changed=3\\s+unreachable=0\\s+failed=0.*"), r.toString());
            assertTrue(r.out.matches("(?s).*victim\\s*:\\s*ok=1\\s+changed=1\\s+unreachable=1\\s+failed=0.*"), r.toString());
            assertTrue(r.out.matches("(?s).*ghost\\s*:\\s*ok=0\\s+changed=0\\s+unreachable=1\\s+failed=0.*"), r.toString());
            assertTrue(r.out.contains("Connection refused"), r.toString());
            assertFalse(r.out.contains("\tat ") || r.err.contains("\tat "), "no stack traces: " + r);
        } finally {
            victim.afterAll(null);
        }
    }
}
