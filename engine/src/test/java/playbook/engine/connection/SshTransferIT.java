package playbook.engine.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.ModuleException;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** put/get over sftp and over the exec (cat) fallback: content, sha256, atomic temp+rename, mode, progress. */
class SshTransferIT {
    @RegisterExtension
    static final SshdExtension SFTP = SshdExtension.builder().build();
    @RegisterExtension
    static final SshdExtension NO_SFTP = SshdExtension.builder().noSftp().build();

    @TempDir
    Path tmp;

    static Connection connect(SshdExtension sshd) {
        ConnectionOptions o = ConnectionOptions.defaults().withSshConfig(SshTestHosts.emptySshConfig(), true);
        return new SshTransport(o).connection("testhost", SshTestHosts.vars(sshd));
    }

    void roundTrip(SshdExtension sshd) throws Exception {
        byte[] data = new byte[5 * 1024 * 1024 + 3];
        new Random(7).nextBytes(data);
        Path src = Files.write(tmp.resolve("src.bin"), data);
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxr-x---"));
        Path remoteDir = Files.createDirectories(tmp.resolve("remote"));
        String remote = remoteDir.resolve("dst.bin").toString();
        List<TransferListener.Event> events = new ArrayList<>();
        try (Connection c = connect(sshd)) {
            c.put(src, remote, events::add);
            assertArrayEquals(data, Files.readAllBytes(Path.of(remote)));
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(remote))));
            try (var s = Files.list(remoteDir)) {
                assertEquals(1, s.count(), "no temp file may be left behind");
            }
            TransferListener.Event last = events.get(events.size() - 1);
            assertTrue(last.done() && last.upload() && last.bytes() == data.length && last.total() == data.length, last.toString());

            // replacing an existing file keeps its mode
            Files.setPosixFilePermissions(Path.of(remote), PosixFilePermissions.fromString("rw-------"));
            c.put(src, remote);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(remote))));

            events.clear();
            Path back = tmp.resolve("back.bin");
            c.get(remote, back, events::add);
            assertArrayEquals(data, Files.readAllBytes(back));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(back)));
            assertTrue(events.get(events.size() - 1).done());

            ModuleException e = assertThrows(ModuleException.class, () -> c.get(remoteDir.resolve("missing").toString(), tmp.resolve("x")));
            assertTrue(e.getMessage().contains("no such file"), e.getMessage());
            ModuleException e2 = assertThrows(ModuleException.class, () -> c.put(src, "/nonexistent-dir/x"));
            assertTrue(e2.getMessage().contains("/nonexistent-dir/x"), e2.getMessage());
        }
    }

    @Test
    void overSftp() throws Exception {
        roundTrip(SFTP);
    }

    @Test
    void overExecWhenTheServerHasNoSftp() throws Exception {
        roundTrip(NO_SFTP);
    }

    @Test
    void localConnectionKeepsTheSameContract() throws Exception {
        Path src = Files.writeString(tmp.resolve("a"), "hello");
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rw-r-----"));
        try (Connection c = new LocalConnection("localhost")) {
            c.put(src, tmp.resolve("b").toString());
            assertEquals("hello", Files.readString(tmp.resolve("b")));
            assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("b"))));
        }
    }
}
