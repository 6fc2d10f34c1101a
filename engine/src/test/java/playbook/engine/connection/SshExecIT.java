package playbook.engine.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import playbook.engine.ConnectionException;
import playbook.engine.api.ExecResult;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** Exec channels against a real sshd: output, exit codes, stdin, MaxSessions queueing. */
class SshExecIT {
    @RegisterExtension
    static final SshdExtension SSHD = SshdExtension.builder().maxSessions(3).build();

    static ConnectionOptions options() {
        return ConnectionOptions.defaults().withSshConfig(SshTestHosts.emptySshConfig(), true).withRetries(0);
    }

    static Connection connect(Map<String, Object> vars) {
        return new SshTransport(options()).connection("testhost", vars);
    }

    @Test
    void runsCommandsWithOutputsAndExitStatus() {
        try (Connection c = connect(SshTestHosts.vars(SSHD))) {
            ExecResult r = c.exec("echo out; echo err >&2; exit 7", null);
            assertEquals(7, r.rc());
            assertEquals("out\n", r.stdout());
            assertEquals("err\n", r.stderr());
            assertEquals(SSHD.user() + "\n", c.exec("id -un", null).stdout());
        }
    }

    @Test
    void streamsLargeStdinAndOutput() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(1).nextBytes(data);
        String want = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        try (Connection c = connect(SshTestHosts.vars(SSHD))) {
            ExecResult r = c.exec("sha256sum | cut -d' ' -f1", data);
            assertEquals(want, r.stdout().strip());
            ExecResult big = c.exec("head -c 2000000 /dev/zero | tr '\\0' x", null);
            assertEquals(2_000_000, big.stdout().length());
        }
    }

    @Test
    void queuesChannelsBeyondTheServersMaxSessions() throws Exception {
        // sshd allows 3 sessions; 12 concurrent commands must all succeed on one connection
        try (Connection c = connect(SshTestHosts.vars(SSHD))) {
            ExecutorService pool = Executors.newFixedThreadPool(12);
            List<Future<ExecResult>> fs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                fs.add(pool.submit(() -> c.exec("sleep 0.3; echo " + n, null)));
            }
            for (int i = 0; i < 12; i++) {
                ExecResult r = fs.get(i).get();
                assertEquals(0, r.rc(), r.stderr());
                assertEquals(i + "\n", r.stdout());
            }
            pool.shutdown();
        }
    }

    @Test
    void unknownTransportAndClosedPortAreUnreachable() {
        Map<String, Object> v = SshTestHosts.vars(SSHD);
        v.put("ansible_port", "1"); // nothing listens on port 1
        try (Connection c = connect(v)) {
            ConnectionException e = assertThrows(ConnectionException.class, () -> c.exec("true", null));
            assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
        }
    }

    @Test
    void becomePasswordGoesToStdinNotArgv() {
        // root never gets a sudo prompt; the marker protocol must still see the success line and pass stdin through
        try (Connection c = connect(SshTestHosts.vars(SSHD))) {
            String wrapped = "sudo -H -S -p '[pb-prompt]:' -u root /bin/sh -c 'echo BECOME-OK; cat'";
            ExecResult r = BecomeRunner.run(c, "testhost", "sudo", wrapped, "[pb-prompt]:", "BECOME-OK", "s3cret",
                    "payload".getBytes(StandardCharsets.UTF_8), 10);
            assertEquals(0, r.rc(), r.stderr());
            assertEquals("payload", r.stdout());
        }
    }
}
