package playbook.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.cli.Main;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * add_host, wait_for_connection and wait_for over a real OpenSSH sshd: a host added at run time
 * is reached with the connection vars it was given; wait_for_connection rides out an sshd that
 * stops and comes back on the same port, and fails clearly on a host that never answers;
 * wait_for sees a real listener start, stop and drain.
 */
class EngineActionsOverSshIT {
    @RegisterExtension
    static final SshdExtension WEB = SshdExtension.builder().build();

    @TempDir
    Path dir;

    /** Output so far, readable while the run goes on (the streams are synchronized). */
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    record Out(int rc, String out, String err) {
        @Override public String toString() { return "rc=" + rc + "\n--- out\n" + out + "\n--- err\n" + err; }
    }

    private Out run(String playbook, String inventory, String... extra) throws Exception {
        Files.writeString(dir.resolve("site.yml"), playbook);
        Files.writeString(dir.resolve("inventory"), inventory);
        String[] args = new String[6 + extra.length];
        args[0] = "run";
        args[1] = dir.resolve("site.yml").toString();
        args[2] = "-i";
        args[3] = dir.resolve("inventory").toString();
        args[4] = "-e";
        args[5] = "out=" + dir;
        System.arraycopy(extra, 0, args, 6, extra.length);
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Out(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static boolean recap(Out r, String host, String counts) {
        return Pattern.compile("(?m)^" + Pattern.quote(host) + "\\s+:\\s+" + counts.replace(" ", "\\s+")).matcher(r.out).find();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("gave up waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void anAddedHostIsReachedWithTheConnectionVarsItWasGiven() throws Exception {
        StringBuilder vars = new StringBuilder();
        for (Map.Entry<String, Object> e : SshTestHosts.vars(WEB).entrySet()) {
            vars.append("        ").append(e.getKey()).append(": \"").append(e.getValue()).append("\"\n");
        }
        Out r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - add_host:
                        name: webby
                        groups: [remote]
                %s
                - hosts: remote
                  gather_facts: false
                  tasks:
                    - shell: echo "$SSH_CONNECTION"
                      register: conn
                    - copy:
                        dest: "{{ out }}/from-webby.txt"
                        content: "{{ conn.stdout }}"
                """.formatted(vars.toString().stripTrailing()), "localhost ansible_connection=local\n");
        assertEquals(0, r.rc, r.toString());
        assertTrue(recap(r, "localhost", "ok=1 changed=1 unreachable=0 failed=0"), r.toString());
        assertTrue(recap(r, "webby", "ok=2 changed=2 unreachable=0 failed=0"), r.toString());
        // SSH_CONNECTION is "client_ip client_port server_ip server_port": the command ran through the test sshd
        String seen = Files.readString(dir.resolve("from-webby.txt")).trim();
        assertTrue(seen.endsWith(" " + WEB.port()), seen);
    }

    @Test
    void waitForConnectionRidesOutAnSshdThatStopsAndComesBack() throws Exception {
        SshdExtension flaky = SshdExtension.builder().build();
        flaky.start();
        try {
            Path ready = dir.resolve("ready");
            Path stopped = dir.resolve("stopped");
            CompletableFuture<Void> flapper = CompletableFuture.runAsync(() -> {
                try {
                    await(() -> Files.exists(ready), "the first task");
                    flaky.stop();
                    Files.writeString(stopped, "");
                    await(() -> out.toString(StandardCharsets.UTF_8).contains("TASK [wait for the host]"), "wait_for_connection to start");
                    Thread.sleep(300);
                    flaky.start();  // same port, same keys
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Out r = run("""
                    - hosts: flaky
                      gather_facts: false
                      tasks:
                        - command: touch {{ out }}/ready
                        - name: the test stops sshd now
                          wait_for: { path: "{{ out }}/stopped", timeout: 60 }
                          delegate_to: localhost
                        - name: wait for the host
                          wait_for_connection: { sleep: 1, timeout: 60 }
                          register: waited
                        - command: touch {{ out }}/after
                        - copy:
                            dest: "{{ out }}/waited.txt"
                            content: "{{ waited.changed }} {{ waited.elapsed is number }}"
                    """, SshTestHosts.inventoryLine("flaky", flaky) + "\n");
            flapper.join();
            assertEquals(0, r.rc, r.toString());
            assertTrue(recap(r, "flaky", "ok=5 changed=3 unreachable=0 failed=0"), r.toString());
            assertTrue(Files.exists(dir.resolve("after")), "the task after the wait ran over the new connection\n" + r);
            assertEquals("False True", Files.readString(dir.resolve("waited.txt")));
            assertTrue(flaky.log().split("Accepted publickey", -1).length - 1 >= 2, "two logins: before and after the restart\n"
                    + flaky.log());
        } finally {
            flaky.afterAll(null);
        }
    }

    @Test
    void resetConnectionMakesTheNextTaskLogInAgain() throws Exception {
        SshdExtension own = SshdExtension.builder().build();
        own.start();
        try {
            Out r = run("""
                    - hosts: own
                      gather_facts: false
                      tasks:
                        - command: "true"
                        - command: "true"
                        - meta: reset_connection
                        - command: "true"
                    """, SshTestHosts.inventoryLine("own", own) + "\n");
            assertEquals(0, r.rc, r.toString());
            assertTrue(recap(r, "own", "ok=3 changed=3 unreachable=0 failed=0"), r.toString());
            assertEquals(2, own.log().split("Accepted publickey", -1).length - 1, "one login, then one after the reset\n" + own.log());
        } finally {
            own.afterAll(null);
        }
    }

    @Test
    void waitForConnectionFailsClearlyOnAHostThatNeverAnswers() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        Out r = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - wait_for_connection: { timeout: 2, sleep: 1, connect_timeout: 1 }
                    - command: "true"
                """, SshTestHosts.inventoryLine("web", WEB) + "\nghost ansible_host=127.0.0.1 ansible_port=" + closed + "\n");
        assertEquals(2, r.rc, r.toString());
        assertTrue(recap(r, "web", "ok=2 changed=1 unreachable=0 failed=0"), r.toString());
        assertTrue(recap(r, "ghost", "ok=0 changed=0 unreachable=0 failed=1"), r.toString());
        assertTrue(r.out.contains("timed out waiting for the connection to ghost after 2 s"), r.toString());
        assertTrue(r.out.contains("Connection refused"), r.toString());
        assertFalse(r.out.contains("\tat ") || r.err.contains("\tat "), "no stack traces: " + r);
    }

    @Test
    void waitForSeesARealListenerStartStopAndDrain() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            int port = listener.getLocalPort();
            Socket client = new Socket("127.0.0.1", port);
            Socket accepted = listener.accept();
            CompletableFuture<Void> closer = CompletableFuture.runAsync(() -> {
                try {
                    await(() -> out.toString(StandardCharsets.UTF_8).contains("TASK [busy until the client leaves]"), "the drain task");
                    Thread.sleep(300);
                    client.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Out r = run("""
                    - hosts: web
                      gather_facts: false
                      tasks:
                        - wait_for: { port: %d, state: started, timeout: 10 }
                        - name: a held connection keeps the port from draining
                          wait_for: { port: %d, state: drained, timeout: 2 }
                          register: busy
                          ignore_errors: true
                        - name: unless its peer is excluded
                          wait_for: { port: %d, state: drained, timeout: 2, exclude_hosts: [127.0.0.1] }
                        - name: busy until the client leaves
                          wait_for: { port: %d, state: drained, timeout: 60 }
                        - copy:
                            dest: "{{ out }}/busy.txt"
                            content: "{{ busy.msg }}"
                    """.formatted(port, port, port, port), SshTestHosts.inventoryLine("web", WEB) + "\n");
            closer.join();
            accepted.close();
            assertEquals(0, r.rc, r.toString());
            assertTrue(recap(r, "web", "ok=5 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=1"), r.toString());
            assertEquals("Timeout when waiting for 127.0.0.1:" + port + " to drain", Files.readString(dir.resolve("busy.txt")));
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        out.reset();
        Out r = run("""
                - hosts: web
                  gather_facts: false
                  tasks:
                    - wait_for: { port: %d, state: stopped, timeout: 10 }
                    - wait_for: { port: %d, state: started, timeout: 2 }
                """.formatted(closed, closed), SshTestHosts.inventoryLine("web", WEB) + "\n");
        assertEquals(2, r.rc, r.toString());
        assertTrue(recap(r, "web", "ok=1 changed=0 unreachable=0 failed=1"), r.toString());
        assertTrue(r.out.contains("Timeout when waiting for 127.0.0.1:" + closed), r.toString());
    }
}
