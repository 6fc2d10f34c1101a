package playbook.engine.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import playbook.engine.ConnectionException;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Hung servers, refused connections and a server killed mid-command end in ConnectionException, never a hang. */
class SshFailuresIT {
    @RegisterExtension
    static final SshdExtension SSHD = SshdExtension.builder().build();

    static ConnectionOptions options(int timeout, int retries) {
        return ConnectionOptions.defaults().withSshConfig(SshTestHosts.emptySshConfig(), true).withTimeout(timeout).withRetries(retries);
    }

    @Test
    void hungServerTimesOut() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                try {
                    while (true) accepted.add(silent.accept()); // accept, never say a word
                } catch (Exception ignored) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            Map<String, Object> v = SshTestHosts.vars(SSHD);
            v.put("ansible_port", String.valueOf(silent.getLocalPort()));
            long start = System.nanoTime();
            try (Connection c = new SshTransport(options(2, 1)).connection("hung", v)) {
                ConnectionException e = assertThrows(ConnectionException.class, () -> c.exec("true", null));
                long secs = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                assertTrue(secs < 10, "took " + secs + " s");
                assertTrue(e.getMessage().contains("2 s") && e.getMessage().contains("after 2 attempts"), e.getMessage());
            }
        } finally {
            for (Socket s : accepted) s.close();
        }
    }

    @Test
    void refusedIsRetriedWithBackoffThenUnreachable() {
        Map<String, Object> v = SshTestHosts.vars(SSHD);
        v.put("ansible_port", "1");
        v.put("ansible_ssh_retries", "2");
        long start = System.nanoTime();
        try (Connection c = new SshTransport(options(2, 0)).connection("refused", v)) {
            ConnectionException e = assertThrows(ConnectionException.class, () -> c.exec("true", null));
            assertTrue(e.getMessage().contains("Connection refused") && e.getMessage().contains("after 3 attempts"), e.getMessage());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(700), "backoff 250 + 500 ms");
        }
    }

    @Test
    void serverKilledMidCommandIsAConnectionException() throws Exception {
        SshdExtension victim = SshdExtension.builder().build();
        victim.start();
        try (Connection c = new SshTransport(options(5, 0)).connection("victim", SshTestHosts.vars(victim))) {
            assertEquals(0, c.exec("true", null).rc());
            CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.exec("sleep 60", null);
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Thread.sleep(500);
            victim.kill();
            Object r = running.get(20, TimeUnit.SECONDS);
            assertInstanceOf(ConnectionException.class, r, String.valueOf(r));
            assertTrue(((ConnectionException) r).getMessage().contains("lost the connection"), ((Exception) r).getMessage());
            assertThrows(ConnectionException.class, () -> c.exec("true", null));
        } finally {
            victim.afterAll(null);
        }
    }
}
