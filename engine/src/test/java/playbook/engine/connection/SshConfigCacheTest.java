package playbook.engine.connection;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** ssh -G answers remembered between runs: reused while the config is unchanged, asked again when it changes. */
class SshConfigCacheTest {
    @TempDir
    Path tmp;
    Path keeperDir;
    String before;

    @BeforeEach
    void privateDir() throws Exception {
        keeperDir = Files.createDirectory(tmp.resolve("k"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        before = System.getProperty("playbook.keeper.dir");
        System.setProperty("playbook.keeper.dir", keeperDir.toString());
    }

    @AfterEach
    void restore() {
        if (before == null) System.clearProperty("playbook.keeper.dir");
        else System.setProperty("playbook.keeper.dir", before);
    }

    private int port(Path cfg) {
        ConnectionOptions o = ConnectionOptions.defaults().withSshConfig(cfg, true);
        Map<String, Object> vars = new LinkedHashMap<>();
        return new SshSettingsResolver(o).resolve("web1", vars).port();
    }

    private List<Path> cached() throws Exception {
        try (var s = Files.list(keeperDir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("ssh-G-")).toList();
        }
    }

    /** Rewrites the remembered answer, so that a reuse is visible. */
    private void tamper(String from, String to) throws Exception {
        for (Path p : cached()) Files.writeString(p, Files.readString(p).replace(from, to));
    }

    private static void touch(Path p) throws Exception {
        Files.setLastModifiedTime(p, FileTime.fromMillis(Files.getLastModifiedTime(p).toMillis() + 2000));
    }

    @Test void reusedUntilAnIncludedFileChanges() throws Exception {
        Path extra = Files.writeString(tmp.resolve("extra.conf"), "Host web*\n  Port 2201\n");
        Path cfg = Files.writeString(tmp.resolve("config"), "Include " + extra + "\nHost *\n  Port 1\n");
        assertEquals(2201, port(cfg));
        assertEquals(1, cached().size(), "ssh's answer is kept");
        tamper("port 2201", "port 2299");
        assertEquals(2299, port(cfg), "the kept answer is used while nothing changed");

        Files.writeString(extra, "Host web*\n  Port 2202\n"); // same size: the time tells
        touch(extra);
        assertEquals(2202, port(cfg), "an edited include is read again");
        assertEquals(1, cached().size());
    }

    @Test void aNewFileInAnIncludedDirectoryIsSeen() throws Exception {
        Path d = Files.createDirectory(tmp.resolve("conf.d"));
        Path cfg = Files.writeString(tmp.resolve("config"), "Include " + d + "/*.conf\nHost *\n  Port 1\n");
        assertEquals(1, port(cfg));
        tamper("port 1\n", "port 7\n");
        assertEquals(7, port(cfg));
        Files.writeString(d.resolve("web.conf"), "Host web*\n  Port 2203\n");
        touch(d);
        assertEquals(2203, port(cfg), "the directory's listing is part of what was read");
    }

    /** A relative Include in a named (-F) file is a user config's: relative to ~/.ssh, as ssh reads it. */
    @Test void relativeIncludesOfANamedFileAreWatchedUnderDotSsh() throws Exception {
        Path home = Files.createDirectory(tmp.resolve("home"));
        Path rel = Files.writeString(Files.createDirectory(home.resolve(".ssh")).resolve("rel.conf"), "Port 1\n");
        Path cfg = Files.writeString(tmp.resolve("named.conf"), "Include rel.conf\n");
        String before = SshConfigCache.fingerprint(Path.of("/bin/sh"), cfg, home);
        assertNotNull(before);
        touch(rel);
        assertNotEquals(before, SshConfigCache.fingerprint(Path.of("/bin/sh"), cfg, home));
    }

    @Test void matchBlocksAndEnvironmentAreNeverCached() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("config"), "Match host web*\n  Port 2204\n");
        assertEquals(2204, port(cfg));
        assertTrue(cached().isEmpty(), "Match can depend on anything (exec, the network): ssh is asked every time");
        Path env = Files.writeString(tmp.resolve("config2"), "Host *\n  IdentityFile ${HOME}/.ssh/x\n  Port 2205\n");
        assertEquals(2205, port(env));
        assertTrue(cached().isEmpty());
        assertNull(SshConfigCache.fingerprint(Path.of("/bin/sh"), cfg, tmp));
    }

    @Test void noPrivateDirectoryNoCache() throws Exception {
        Files.setPosixFilePermissions(keeperDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cfg = Files.writeString(tmp.resolve("config"), "Host *\n  Port 2206\n");
        assertEquals(2206, port(cfg));
        assertTrue(cached().isEmpty(), "a directory others can read gets nothing");
    }

    @Test void oldAnswersAreNotUsed() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("config"), "Host *\n  Port 2207\n");
        assertEquals(2207, port(cfg));
        tamper("port 2207", "port 2208");
        for (Path p : cached()) Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - SshConfigCache.MAX_AGE_MILLIS - 1000));
        assertEquals(2207, port(cfg));
        Path stale = Files.writeString(keeperDir.resolve("ssh-G-000000000000000000000000"), "old");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - SshConfigCache.MAX_AGE_MILLIS - 1000));
        Files.writeString(tmp.resolve("config"), "Host *\n  Port 2209\n");
        assertEquals(2209, port(cfg));
        assertFalse(Files.exists(stale), "an answer too old to be used is removed by the next one stored");
        assertEquals(1, cached().size());
    }
}
