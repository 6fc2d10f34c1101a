package playbook.ssh;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Shell;
import playbook.engine.connection.BecomeFiles;
import playbook.engine.connection.Connection;
import playbook.engine.connection.TransferListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files with become on lab host pi, logged in as the non-root user carol (sudo without a
 * password): fetching a root-only file, replacing a file owned by someone else (owner, group and
 * mode kept), creating a new one; and the root login's own put keeping the owner on replace.
 * No staging copy or temp file is left behind.
 */
class BecomeFilesLabIT {
    @TempDir Path dir;

    @BeforeAll
    static void up() throws Exception {
        Lab.up();
        Lab.rootOk("pi", "useradd -m -s /bin/sh carol && mkdir -p ~carol/.ssh && cp /root/.ssh/authorized_keys ~carol/.ssh/"
                + " && chown -R carol: ~carol/.ssh && echo 'carol ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/carol"
                + " && chmod 440 /etc/sudoers.d/carol && groupadd -g 1235 appgrp && useradd -u 1234 -g 1235 -M app && mkdir -p /srv/app");
    }

    @AfterAll
    static void down() throws Exception {
        Lab.down();
    }

    private static ExecResult sudo(Connection c, String command) {
        return c.exec("sudo -n -H -u root /bin/sh -c " + Shell.quote(command), null);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void getsARootOnlyFileThroughAStagingCopyThatIsRemovedAfterwards() throws Exception {
        byte[] data = random(300_000, 1);
        Path src = Files.write(dir.resolve("secret.bin"), data);
        try (Connection root = Lab.connect("pi", "root")) {
            root.put(src, "/root/secret.bin");
            assertEquals("600", root.exec("chmod 600 /root/secret.bin && stat -c %a /root/secret.bin", null).stdout().strip());
        }
        try (Connection carol = Lab.connect("pi", "carol")) {
            Path plain = dir.resolve("plain.bin");
            ModuleException denied = assertThrows(ModuleException.class, () -> carol.get("/root/secret.bin", plain));
            assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());

            Path back = dir.resolve("back.bin");
            BecomeFiles.get(carol, "pi", "/root/secret.bin", back, cmd -> sudo(carol, cmd), TransferListener.NONE);
            assertArrayEquals(data, Files.readAllBytes(back));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(back)));

            ModuleException missing = assertThrows(ModuleException.class, () ->
                    BecomeFiles.get(carol, "pi", "/root/nope.bin", dir.resolve("nope"), cmd -> sudo(carol, cmd), TransferListener.NONE));
            assertTrue(missing.getMessage().contains("pi:/root/nope.bin") && missing.getMessage().contains("no such file"), missing.getMessage());
        }
        assertEquals("", Lab.rootOk("pi", "ls -A /tmp | grep playbook || true"), "no staging copy may be left behind");
    }

    @Test
    void putAsRootThroughBecomeKeepsTheReplacedFilesOwnerGroupAndMode() throws Exception {
        Lab.rootOk("pi", "echo old > /srv/app/app.conf && chown 1234:1235 /srv/app/app.conf && chmod 640 /srv/app/app.conf");
        byte[] data = random(70_000, 2);
        Path src = Files.write(dir.resolve("app.conf"), data);
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Connection carol = Lab.connect("pi", "carol")) {
            BecomeFiles.put(carol, "pi", src, "/srv/app/app.conf", cmd -> sudo(carol, cmd), TransferListener.NONE);
            BecomeFiles.put(carol, "pi", src, "/srv/app/new.bin", cmd -> sudo(carol, cmd), TransferListener.NONE);
        }
        assertEquals("1234:1235 640\n", Lab.rootOk("pi", "stat -c '%u:%g %a' /srv/app/app.conf"));
        assertEquals("0:0 755\n", Lab.rootOk("pi", "stat -c '%u:%g %a' /srv/app/new.bin"), "a new file: the become user's, the source's mode");
        assertEquals(sha(data) + "\n", Lab.rootOk("pi", "sha256sum /srv/app/app.conf | cut -d' ' -f1"));
        assertEquals("app.conf\nnew.bin\n", Lab.rootOk("pi", "ls -A /srv/app"), "no temp file may be left behind");
        assertEquals("", Lab.rootOk("pi", "ls -A /tmp | grep playbook || true"), "no staging copy may be left behind");
    }

    /** Runs a become command as {@code user} through carol's sudo, noting the staging dir's mode when the copy starts. */
    private static BecomeFiles.Escalated watched(Connection carol, String user, java.util.List<String> modes) {
        return cmd -> {
            var m = java.util.regex.Pattern.compile("^cp '?([^' ]+)/upload'? ").matcher(cmd);
            if (m.find()) {
                try {
                    modes.add(Lab.rootOk("pi", "stat -c %a " + m.group(1)).strip());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return carol.exec("sudo -n -u " + user + " /bin/sh -c " + Shell.quote(cmd), null);
        };
    }

    /**
     * The staging dir of an upload stays private (0700) while the become user copies from it:
     * root needs nothing more; another user gets an ACL on the dir and the staged file, and only
     * a host without setfacl falls back to a searchable dir (0711) and a readable file.
     */
    @Test
    void theStagingDirOfAnUploadStaysPrivateForRootAndThroughAnAclForAnotherUser() throws Exception {
        Lab.rootOk("pi", "id dana >/dev/null 2>&1 || useradd -M dana; mkdir -p /srv/dana && chown dana /srv/dana");
        byte[] data = random(40_000, 3);
        Path src = Files.write(dir.resolve("dana.bin"), data);
        java.util.List<String> asRoot = new java.util.ArrayList<>();
        java.util.List<String> asDana = new java.util.ArrayList<>();
        try (Connection carol = Lab.connect("pi", "carol")) {
            BecomeFiles.put(carol, "pi", src, "/srv/app/root.bin", watched(carol, "root", asRoot), TransferListener.NONE);
            BecomeFiles.put(carol, "pi", src, "/srv/dana/dana.bin", watched(carol, "dana", asDana), TransferListener.NONE);
        }
        assertEquals(java.util.List.of("700"), asRoot, "the staging dir while root copies from it");
        String acl = Lab.root("pi", "command -v setfacl").rc() == 0 ? "700" : "711";
        assertEquals(java.util.List.of(acl), asDana, "the staging dir while dana copies from it");
        assertEquals(sha(data) + " dana\n", Lab.rootOk("pi", "printf '%s %s\\n' \"$(sha256sum /srv/dana/dana.bin | cut -d' ' -f1)\" \"$(stat -c %U /srv/dana/dana.bin)\""));
        assertEquals(sha(data) + "\n", Lab.rootOk("pi", "sha256sum /srv/app/root.bin | cut -d' ' -f1"));
        Lab.rootOk("pi", "rm -f /srv/app/root.bin");
        assertEquals("", Lab.rootOk("pi", "ls -A /tmp | grep playbook || true"), "no staging copy may be left behind");
    }

    @Test
    void putAsTheRootLoginKeepsTheReplacedFilesOwnerAndGroup() throws Exception {
        Lab.rootOk("pi", "mkdir -p /srv/root && echo old > /srv/root/data.txt && chown 1234:1235 /srv/root/data.txt && chmod 604 /srv/root/data.txt");
        byte[] data = random(10_000, 3);
        Path src = Files.write(dir.resolve("data.txt"), data);
        try (Connection root = Lab.connect("pi", "root")) {
            root.put(src, "/srv/root/data.txt");
        }
        assertEquals("1234:1235 604\n", Lab.rootOk("pi", "stat -c '%u:%g %a' /srv/root/data.txt"));
        assertEquals(sha(data) + "\n", Lab.rootOk("pi", "sha256sum /srv/root/data.txt | cut -d' ' -f1"));
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }
}
