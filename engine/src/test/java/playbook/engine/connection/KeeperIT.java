package playbook.engine.connection;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import playbook.engine.ConnectionException;
import playbook.engine.api.ExecResult;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The connection keeper against a real sshd: commands and transfers through it, one SSH login
 * for several runs, the run going away mid-command, an unreachable host, and a socket directory
 * others could enter. Every keeper started here is stopped by the PID it writes.
 */
class KeeperIT {
    @RegisterExtension
    static final SshdExtension SSHD = SshdExtension.builder().build();

    static Path dir;

    @BeforeAll
    static void privateDir() throws IOException {
        dir = Files.createTempDirectory("pbkeep", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        System.setProperty("playbook.keeper.dir", dir.toString());
    }

    @AfterEach
    void stopKeeper() throws Exception {
        stopKeeperIn(dir);
        KeeperClient.allowSpawnAgain();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        System.clearProperty("playbook.keeper.dir");
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    /** Stops the keeper whose PID file is in {@code d}, by that PID, and waits for it to go. */
    static void stopKeeperIn(Path d) throws Exception {
        try (var s = Files.list(d)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                long pid = Long.parseLong(Files.readString(p).strip());
                ProcessHandle.of(pid).ifPresent(h -> {
                    h.destroy();
                    h.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
                });
                Files.deleteIfExists(p);
            }
        }
    }

    /** Starts a keeper the way a run does, and waits for its socket. */
    static void startKeeper() throws Exception {
        KeeperClient.allowSpawnAgain();
        KeeperClient.spawnOnce((level, message) -> { });
        assertTrue(awaitKeeper(), "the keeper did not come up");
    }

    /** Waits up to 10 s for the keeper to answer on its socket. */
    static boolean awaitKeeper() throws Exception {
        Path sock = KeeperClient.socket();
        for (int i = 0; i < 200; i++) {
            java.nio.channels.SocketChannel ch = KeeperClient.connect(sock);
            if (ch != null) {
                ch.close();
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    static Connection connection(int persist) {
        ConnectionOptions o = ConnectionOptions.defaults().withSshConfig(SshTestHosts.emptySshConfig(), true).withRetries(0);
        Map<String, Object> v = SshTestHosts.vars(SSHD);
        return new SshTransport(o, persist).connection("testhost", v);
    }

    static int logins() {
        return (int) SSHD.log().lines().filter(l -> l.contains("Accepted publickey")).count();
    }

    @Test
    void commandsRunThroughTheKeeperWithStreamsStdinAndExitStatus() throws Exception {
        startKeeper();
        try (Connection c = connection(30)) {
            assertInstanceOf(KeeperConnection.class, c);
            ExecResult r = c.exec("echo out; echo err >&2; exit 3", null);
            assertEquals(3, r.rc());
            assertEquals("out\n", r.stdout());
            assertEquals("err\n", r.stderr());
            byte[] big = new byte[3 * 1024 * 1024];
            new Random(7).nextBytes(big);
            ExecResult cat = c.exec("cat | sha256sum | cut -d' ' -f1", big);
            assertEquals(sha256(big), cat.stdout().strip());
            assertEquals(SSHD.user(), c.loginUser());
            // many small writes (the keeper gathers a burst into few frames) and bulk output, both whole and in order
            StringBuilder lines = new StringBuilder();
            for (int i = 1; i <= 3000; i++) lines.append("line ").append(i).append('\n');
            assertEquals(lines.toString(), c.exec("i=1; while [ $i -le 3000 ]; do echo \"line $i\"; i=$((i+1)); done", null).stdout());
            StringBuilder seq = new StringBuilder();
            for (int i = 1; i <= 300_000; i++) seq.append(i).append('\n');
            assertEquals(seq.toString(), c.exec("seq 1 300000", null).stdout());
        }
    }

    @Test
    void laterRunsReuseTheKeptLogin() throws Exception {
        startKeeper();
        int before = logins();
        for (int run = 0; run < 3; run++) {
            try (Connection c = connection(30)) {
                assertEquals("run\n", c.exec("echo run", null).stdout());
            }
        }
        assertEquals(1, logins() - before, "three runs, one SSH login (the keeper's)\n" + SSHD.log());
    }

    @Test
    void firstRunConnectsItselfStartsTheKeeperAndHandsItsHostsOver() throws Exception {
        int before = logins();
        try (Connection c = connection(30)) {
            assertEquals("first\n", c.exec("echo first", null).stdout());
        } // close: the keeper, started by the first command, is asked to open the same connection
        assertTrue(awaitKeeper(), "the first run started no keeper");
        for (int i = 0; i < 200 && logins() - before < 2; i++) Thread.sleep(50);
        assertEquals(2, logins() - before, "the run's own login, then the keeper's");
        try (Connection c = connection(30)) {
            assertEquals("second\n", c.exec("echo second", null).stdout());
        }
        assertEquals(2, logins() - before, "the second run logged in nowhere\n" + SSHD.log());
    }

    @Test
    void transfersGoThroughTheKeeperWithProgress() throws Exception {
        startKeeper();
        Path local = Files.createTempFile(dir, "up", ".bin");
        Path back = dir.resolve("back.bin");
        byte[] data = new byte[5 * 1024 * 1024 + 17];
        new Random(3).nextBytes(data);
        Files.write(local, data);
        String remote = SSHD.dir().resolve("kept-upload.bin").toString();
        List<TransferListener.Event> events = new ArrayList<>();
        try (Connection c = connection(30)) {
            c.put(local, remote, events::add);
            assertArrayEquals(data, Files.readAllBytes(Path.of(remote)));
            assertTrue(events.get(events.size() - 1).done(), events.toString());
            c.get(remote, back, TransferListener.NONE);
            assertArrayEquals(data, Files.readAllBytes(back));
        } finally {
            Files.deleteIfExists(local);
            Files.deleteIfExists(back);
            Files.deleteIfExists(Path.of(remote));
        }
    }

    @Test
    void aC1OnlyRunLeavesTheDigestsOfLargeLocalFilesToTheKeeper() throws Exception {
        Path big = Files.createTempFile(dir, "big", ".bin");
        Path small = Files.createTempFile(dir, "small", ".bin");
        byte[] data = new byte[3 * 1024 * 1024 + 5];
        new Random(7).nextBytes(data);
        Files.write(big, data);
        Files.write(small, java.util.Arrays.copyOf(data, 4096));
        String[] expected = new String[3];
        String[] algorithms = {"SHA-1", "MD5", "SHA-256"};
        for (int i = 0; i < 3; i++) expected[i] = HexFormat.of().formatHex(MessageDigest.getInstance(algorithms[i]).digest(data));
        try {
            // no keeper up: computed here
            long before = KeeperCrypto.VIA_KEEPER.get();
            assertArrayEquals(expected, KeeperCrypto.hex(big, true, algorithms));
            assertEquals(before, KeeperCrypto.VIA_KEEPER.get());

            startKeeper();
            assertArrayEquals(expected, KeeperCrypto.hex(big, true, algorithms));
            assertEquals(before + 1, KeeperCrypto.VIA_KEEPER.get(), "a large file goes to the keeper");
            assertArrayEquals(expected, KeeperCrypto.hex(big, false, algorithms));
            KeeperCrypto.hex(small, true, "SHA-1");
            assertEquals(before + 1, KeeperCrypto.VIA_KEEPER.get(), "a small file, or a run with C2, digests itself");
            // what the keeper can't do is done (and reported) by the run
            assertNull(KeeperCrypto.viaKeeper(dir.resolve("missing.bin"), new String[] {"SHA-1"}));
            assertNull(KeeperCrypto.viaKeeper(big, new String[] {"NO-SUCH-DIGEST"}));
            assertThrows(java.nio.file.NoSuchFileException.class, () -> KeeperCrypto.hex(dir.resolve("missing.bin"), true, "SHA-1"));

            // the launcher's -Dplaybook.jit=quick: modules' checksums and a local connection's copy go there too
            System.setProperty("playbook.jit", "quick");
            try {
                assertEquals(expected[0], playbook.engine.api.LocalChecksums.hex(big, "SHA-1")[0]);
                assertEquals(before + 2, KeeperCrypto.VIA_KEEPER.get());
                Path copy = dir.resolve("copied.bin");
                try (LocalConnection local = new LocalConnection("localhost")) {
                    local.put(big, copy.toString(), TransferListener.NONE);
                }
                assertArrayEquals(data, Files.readAllBytes(copy));
                assertEquals(before + 4, KeeperCrypto.VIA_KEEPER.get(), "what was read and what landed");
            } finally {
                System.clearProperty("playbook.jit");
            }
        } finally {
            Files.deleteIfExists(big);
            Files.deleteIfExists(small);
            Files.deleteIfExists(dir.resolve("copied.bin"));
        }
    }

    @Test
    void aC1OnlyRunLeavesVaultKeyDerivationToTheKeeper() throws Exception {
        byte[] password = "correct horse".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] salt = new byte[32];
        new Random(11).nextBytes(salt);
        byte[] expected = playbook.engine.vault.Pbkdf2.hmacSha256(password, salt, 10_000, 80);
        startKeeper();
        assertNull(KeeperCrypto.pbkdf2(password, salt, 10_000, 80), "a run with C2 derives keys itself");
        System.setProperty("playbook.jit", "quick");
        try {
            long before = KeeperCrypto.VIA_KEEPER.get();
            assertArrayEquals(expected, KeeperCrypto.pbkdf2(password, salt, 10_000, 80));
            assertEquals(before + 1, KeeperCrypto.VIA_KEEPER.get());
            // a vault round trip: both keys (encrypt, decrypt) come from the keeper
            playbook.engine.vault.VaultSecret secret = playbook.engine.vault.VaultSecret.of("default", "correct horse", "test");
            String text = playbook.engine.vault.VaultSecrets.encrypt("the secret\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), secret);
            playbook.engine.vault.Vault vault = new playbook.engine.vault.Vault(playbook.engine.vault.VaultSecrets.of(secret), x -> { });
            assertEquals("the secret\n", new String(vault.decrypt(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), "test"),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(before + 3, KeeperCrypto.VIA_KEEPER.get());
            stopKeeperIn(dir);
            assertNull(KeeperCrypto.pbkdf2(password, salt, 10_000, 80), "no keeper: the run derives the key");
        } finally {
            System.clearProperty("playbook.jit");
        }
    }

    @Test
    void aRunThatGoesAwayTakesItsCommandWithIt() throws Exception {
        startKeeper();
        Path marker = SSHD.dir().resolve("should-not-exist");
        try (Connection c = connection(30)) {
            RemoteProcess p = c.startKillable("sleep 2; touch " + marker);
            Thread.sleep(300);
            p.close(); // as if the run died: the socket closes without a word
            assertEquals("alive\n", c.exec("echo alive", null).stdout(), "the kept connection itself is fine");
        }
        Thread.sleep(3000);
        assertFalse(Files.exists(marker), "the command went on after its run was gone");
    }

    @Test
    void anUnreachableHostIsReportedOnceNotRetriedDirectly() throws Exception {
        startKeeper();
        ConnectionOptions o = ConnectionOptions.defaults().withSshConfig(SshTestHosts.emptySshConfig(), true).withRetries(0);
        Map<String, Object> v = SshTestHosts.vars(SSHD);
        v.put("ansible_port", "1");
        try (Connection c = new SshTransport(o, 30).connection("closed", v)) {
            ConnectionException e = assertThrows(ConnectionException.class, () -> c.exec("true", null));
            assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
        }
    }

    @Test
    void aDirectoryOthersMayEnterIsNotUsed() throws Exception {
        Path open = Files.createTempDirectory("pbkeep-open");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        String old = System.getProperty("playbook.keeper.dir");
        System.setProperty("playbook.keeper.dir", open.toString());
        try {
            assertFalse(KeeperClient.safeDir(open, false));
            assertNull(KeeperClient.connect());
            try (Connection c = connection(30)) {
                assertEquals("direct\n", c.exec("echo direct", null).stdout());
            }
            try (var s = Files.list(open)) {
                assertEquals(List.of(), s.toList(), "no socket, no keeper in a directory others may enter");
            }
        } finally {
            System.setProperty("playbook.keeper.dir", old);
            stopKeeperIn(open);
            Files.deleteIfExists(open);
        }
    }

    @Test
    void requestsNoKeeperPickedUpDoNotPileUp() throws Exception {
        Path stale = dir.resolve("keeper-9-other.warm-" + "ab".repeat(32));
        Path fresh = dir.resolve("keeper-9-other.warm-" + "cd".repeat(32));
        Files.write(stale, new byte[] {1});
        Files.write(fresh, new byte[] {2});
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 11 * 60_000L));
        KeeperClient.removeStaleWarmRequests(dir);
        assertFalse(Files.exists(stale), "older than 10 minutes: removed");
        assertTrue(Files.exists(fresh), "a recent one may still be picked up");
        Files.delete(fresh);
    }

    @Test
    void aKeeperStoppedByASignalLeavesNoSocketBehind() throws Exception {
        startKeeper();
        long pid = Long.parseLong(Files.readString(KeeperClient.pidFile()).strip());
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        h.destroy();
        h.onExit().orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
        assertFalse(Files.exists(KeeperClient.socket()));
        assertFalse(Files.exists(KeeperClient.pidFile()));
    }

    @Test
    void theKeeperLeavesWhenItsConnectionsExpire() throws Exception {
        startKeeper();
        long pid = Long.parseLong(Files.readString(KeeperClient.pidFile()).strip());
        try (Connection c = connection(1)) {
            assertEquals("x\n", c.exec("echo x", null).stdout());
        }
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        h.onExit().orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
        assertFalse(h.isAlive());
        assertFalse(Files.exists(KeeperClient.socket()), "the socket is removed on the way out");
    }

    /**
     * A kept connection whose host went away (here: its sshd session killed) is replaced on the
     * next request, even before the reaper saw it die. The keeper is driven in-process and never
     * served, so no reaper runs: the old code handed the dead connection out and the next run
     * failed with "lost the connection earlier in this run".
     */
    @Test
    void aKeptConnectionThatDiedIsReplacedOnTheNextRequest() throws Exception {
        ConnectionOptions o = ConnectionOptions.defaults().withSshConfig(SshTestHosts.emptySshConfig(), true).withRetries(0);
        SshSettings s = new SshSettingsResolver(o).resolve("testhost", SshTestHosts.vars(SSHD));
        KeeperProtocol.Target t = new KeeperProtocol.Target(s, null, null, 10, 30, 30);
        Keeper k = new Keeper(dir.resolve("in-process.sock"));
        Keeper.Held first = k.held(t);
        assertEquals("one\n", first.conn.exec("echo one", null).stdout());
        assertSame(first, k.held(t), "a live connection is reused");
        // the host side of the connection dies: every session process of our own sshd, by PID
        ProcessHandle sshd = ProcessHandle.of(SSHD.pid()).orElseThrow();
        List<ProcessHandle> sessions = sshd.descendants().toList();
        assertFalse(sessions.isEmpty(), "sshd serves our connection");
        sessions.forEach(ProcessHandle::destroyForcibly);
        for (int i = 0; i < 200 && first.conn.isOpen(); i++) Thread.sleep(50);
        assertTrue(first.conn.lost(), "the connection noticed its end");
        Keeper.Held second = k.held(t);
        assertNotSame(first, second, "a dead connection is not handed out");
        assertEquals("two\n", second.conn.exec("echo two", null).stdout());
        second.conn.close();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
