package playbook.engine.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.ConnectionException;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;
import playbook.engine.testing.TestKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** Host key checking against a real sshd: known, unknown, changed (MITM), hashed, CA, revoked, accept-new, off. */
class SshHostKeysIT {
    @RegisterExtension
    static final SshdExtension SSHD = SshdExtension.builder().build();
    @RegisterExtension
    static final SshdExtension CERT = SshdExtension.builder().hostCertificate().build();

    @TempDir
    Path tmp;

    static ConnectionOptions options() {
        return ConnectionOptions.defaults().withSshConfig(SshTestHosts.emptySshConfig(), true).withRetries(0);
    }

    static String run(ConnectionOptions o, SshdExtension sshd, Path knownHosts, String extraArgs) {
        Map<String, Object> v = SshTestHosts.vars(sshd);
        v.put("ansible_ssh_common_args", "-o UserKnownHostsFile=" + knownHosts + (extraArgs == null ? "" : " " + extraArgs));
        try (Connection c = new SshTransport(o).connection("testhost", v)) {
            return c.exec("echo ok", null).stdout().strip();
        }
    }

    @Test
    void knownHostPasses() {
        assertEquals("ok", run(options(), SSHD, SSHD.knownHosts(), null));
    }

    @Test
    void onlyAnRsaEntryStillVerifies() throws Exception {
        Path kh = tmp.resolve("kh");
        SSHD.writeKnownHosts(kh, List.of("rsa"));
        assertEquals("ok", run(options(), SSHD, kh, null));
    }

    @Test
    void unknownHostSaysHowToTrustIt() throws Exception {
        Path kh = Files.writeString(tmp.resolve("kh"), "");
        ConnectionException e = assertThrows(ConnectionException.class, () -> run(options(), SSHD, kh, null));
        assertTrue(e.getMessage().contains("ssh-keyscan -p " + SSHD.port()) && e.getMessage().contains("host_key_checking = False"),
                e.getMessage());
    }

    @Test
    void changedKeyIsALoudMitmWarningWithFileAndLine() throws Exception {
        Path kh = tmp.resolve("kh");
        CERT.writeKnownHosts(kh, List.of("ed25519")); // another server's key under this server's name
        String other = Files.readString(kh).replace("[127.0.0.1]:" + CERT.port(), "[127.0.0.1]:" + SSHD.port());
        Files.writeString(kh, "# comment\n" + other);
        ConnectionException e = assertThrows(ConnectionException.class, () -> run(options(), SSHD, kh, null));
        assertTrue(e.getMessage().contains("REMOTE HOST IDENTIFICATION HAS CHANGED"), e.getMessage());
        assertTrue(e.getMessage().contains(kh + ":2"), e.getMessage());
        assertTrue(e.getMessage().contains("man-in-the-middle"), e.getMessage());
    }

    @Test
    void hashedEntriesWork() throws Exception {
        Path kh = tmp.resolve("kh");
        Files.copy(SSHD.knownHosts(), kh);
        TestKeys.run(List.of("ssh-keygen", "-q", "-H", "-f", kh.toString()));
        assertTrue(Files.readString(kh).startsWith("|1|"), Files.readString(kh));
        assertEquals("ok", run(options(), SSHD, kh, null));
    }

    @Test
    void certificateAuthorityIsTrusted() throws Exception {
        Path kh = Files.writeString(tmp.resolve("kh"), "@cert-authority [127.0.0.1]:" + CERT.port() + " " + CERT.caPublicKey() + "\n");
        assertEquals("ok", run(options(), CERT, kh, null));
    }

    @Test
    void revokedKeyIsRefusedEvenWhenAlsoKnown() throws Exception {
        Path kh = tmp.resolve("kh");
        String pub = Files.readString(SSHD.hostPublicKey("ed25519")).trim();
        Files.writeString(kh, Files.readString(SSHD.knownHosts()) + "@revoked * " + pub + "\n");
        ConnectionException e = assertThrows(ConnectionException.class, () -> run(options(), SSHD, kh, null));
        assertTrue(e.getMessage().contains("@revoked") && e.getMessage().contains(kh + ":4"), e.getMessage());
    }

    @Test
    void checkingOffAcceptsAnything() throws Exception {
        Path kh = Files.writeString(tmp.resolve("kh"), "");
        assertEquals("ok", run(options().withHostKeyChecking(false), SSHD, kh, null));
        assertEquals("", Files.readString(kh));
    }

    @Test
    void acceptNewRecordsTheKeyOnceUnderConcurrentForks() throws Exception {
        Path kh = tmp.resolve("kh");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> fs = new ArrayList<>();
        for (int i = 0; i < 8; i++) fs.add(pool.submit(() -> run(options(), SSHD, kh, "-o StrictHostKeyChecking=accept-new")));
        for (Future<String> f : fs) assertEquals("ok", f.get());
        pool.shutdown();
        List<String> lines = Files.readAllLines(kh);
        assertEquals(1, lines.size(), lines.toString());
        // and the recorded key is then verified strictly
        assertEquals("ok", run(options(), SSHD, kh, null));
    }

    @Test
    void acceptNewStillRefusesAChangedKey() throws Exception {
        Path kh = tmp.resolve("kh");
        String other = Files.readString(CERT.knownHosts()).replace("[127.0.0.1]:" + CERT.port(), "[127.0.0.1]:" + SSHD.port());
        Files.writeString(kh, other);
        ConnectionException e = assertThrows(ConnectionException.class,
                () -> run(options(), SSHD, kh, "-o StrictHostKeyChecking=accept-new"));
        assertTrue(e.getMessage().contains("HAS CHANGED"), e.getMessage());
    }
}
