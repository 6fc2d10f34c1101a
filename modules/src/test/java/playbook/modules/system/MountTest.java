package playbook.modules.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** mount: parsers on recorded tables, FakeTarget for BSD, and real tmpfs mounts on temp dirs. */
class MountTest {
    private static final String PROC = "sysfs /sys sysfs rw,nosuid 0 0\n/dev/sda1 /mnt/my\\040disk ext4 rw,relatime 0 0\n"
            + "tmpfs /run tmpfs rw 0 0\n";
    private static final String MACOS = "/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
            + "/dev/disk4s1 on /Volumes/Backup HDD (apfs, local, nodev, nosuid, journaled)\n";
    private static final String BUSYBOX = "/dev/sda1 on /mnt/hdd type ext4 (rw,relatime)\n";

    @Test void parsesLiveTablesFromEachUserland() {
        assertEquals("/dev/sda1", MountTable.mountedAt(MountTable.parseLive(PROC), "/mnt/my disk/").src());
        MountTable.Mounted mac = MountTable.mountedAt(MountTable.parseLive(MACOS), "/Volumes/Backup HDD");
        assertEquals(new MountTable.Mounted("/dev/disk4s1", "/Volumes/Backup HDD", "apfs"), mac);
        assertEquals("ext4", MountTable.mountedAt(MountTable.parseLive(BUSYBOX), "/mnt/hdd").fstype());
        assertNull(MountTable.mountedAt(MountTable.parseLive(PROC), "/mnt"));
    }

    @Test void fstabEditMatchesAnsible() {
        String fstab = "# /etc/fstab\nUUID=1 / ext4 errors=remount-ro 0 1\n/dev/sdb1 /mnt/hdd ext4 defaults\n";
        MountTable.Entry e = new MountTable.Entry("/dev/sdb1", "/mnt/hdd", "ext4", "defaults,nofail", "0", "2");
        MountTable.Edit ed = MountTable.set(fstab, e);
        assertTrue(ed.changed());
        assertEquals("# /etc/fstab\nUUID=1 / ext4 errors=remount-ro 0 1\n/dev/sdb1 /mnt/hdd ext4 defaults,nofail 0 2\n", ed.text());
        assertFalse(MountTable.set(ed.text(), e).changed());
        MountTable.Edit added = MountTable.set("UUID=1 / ext4 defaults 0 1", new MountTable.Entry("a\\040b", "/x", "tmpfs", "defaults", "0", "0"));
        assertEquals("UUID=1 / ext4 defaults 0 1\na\\040b /x tmpfs defaults 0 0\n", added.text());
        assertEquals("UUID=1 / ext4 defaults 0 1\n", MountTable.unset(added.text(), "/x", null).text());
        assertEquals("a\\040b", MountTable.escape("a b"));
    }

    @Test void bsdRemountAndMissingDiskMessage() {
        FakeTarget mac = new FakeTarget().check(true).on("__os", 0, "__os\nDarwin\n__mnt\n" + MACOS + "__dir\nyes\n");
        Run.run(new MountModule(), mac, "path", "/Volumes/Backup HDD", "state", "remounted", "opts", "noatime");
        assertEquals(List.of("mount -u -o noatime '/Volumes/Backup HDD' 2>/dev/null || { umount '/Volumes/Backup HDD' && "
                + "mount -t auto -o noatime none '/Volumes/Backup HDD'; }"), mac.commands("apply"));

        FakeTarget pi = new FakeTarget().on("__os", 0, "__os\nLinux\n__mnt\n" + PROC + "__dir\nyes\n" + AtomicFile.MARK + "\n")
                .on("mount -t", new ExecResult(32, "__mountfail mount: /mnt/hdd: special device /dev/sdb1 does not exist.\n", ""));
        Result r = Run.run(new MountModule(), pi, "path", "/mnt/hdd", "src", "/dev/sdb1", "fstype", "ext4", "state", "mounted");
        assertTrue(r.isFailed());
        assertEquals("Error mounting /mnt/hdd: mount: /mnt/hdd: special device /dev/sdb1 does not exist. (fake)", r.msg());
        FakeTarget.Sent apply = pi.sent.get(1);
        assertEquals("/dev/sdb1 /mnt/hdd ext4 defaults 0 0\n", new String(apply.stdin(), StandardCharsets.UTF_8));
    }

    @Test void tmpfsOnTempDirWithTempFstab(@TempDir Path dir) throws Exception {
        assumeTrue(LocalTarget.exec("[ \"$(id -u)\" = 0 ] && [ -r /proc/mounts ]", null).ok(), "needs root");
        Path fstab = dir.resolve("etc/fstab");
        Path mnt = dir.resolve("mnt/point");
        String m = mnt.toString();
        try {
            Object[] task = {"path", m, "src", "pbtest", "fstype", "tmpfs", "opts", "size=1m", "state", "mounted",
                    "fstab", fstab.toString()};
            LocalTarget ck = new LocalTarget().check(true).diff(true);
            Result c = Run.run(new MountModule(), ck, task);
            assertTrue(c.isChanged());
            assertFalse(Files.exists(fstab), "check mode writes no fstab");
            assertFalse(Files.exists(mnt), "check mode makes no dir");
            assertEquals("pbtest " + m + " tmpfs size=1m 0 0\n", c.diffs().get(0).after());

            Result r = Run.run(new MountModule(), new LocalTarget(), task);
            assertTrue(r.isChanged(), r.msg());
            assertEquals("pbtest " + m + " tmpfs size=1m 0 0\n", Files.readString(fstab));
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fstab)));
            assertTrue(LocalTarget.exec("grep -q ' " + m + " tmpfs ' /proc/mounts", null).ok(), "mounted");

            LocalTarget again = new LocalTarget();
            assertFalse(Run.run(new MountModule(), again, task).isChanged());
            assertTrue(again.applies.isEmpty());

            Object[] bigger = task.clone();
            bigger[7] = "size=2m";
            Result re = Run.run(new MountModule(), new LocalTarget(), bigger);
            assertTrue(re.isChanged(), re.msg());
            assertTrue(LocalTarget.exec("grep ' " + m + " tmpfs ' /proc/mounts | grep -q size=2048k", null).ok(), "remounted with new opts");

            Result un = Run.run(new MountModule(), new LocalTarget(), "path", m, "state", "unmounted", "fstab", fstab.toString());
            assertTrue(un.isChanged());
            assertFalse(LocalTarget.exec("grep -q ' " + m + " ' /proc/mounts", null).ok());
            assertFalse(Run.run(new MountModule(), new LocalTarget(), "path", m, "state", "unmounted", "fstab", fstab.toString()).isChanged());

            Result abs = Run.run(new MountModule(), new LocalTarget(), "path", m, "state", "absent", "fstab", fstab.toString(), "backup", true);
            assertTrue(abs.isChanged(), abs.msg());
            assertEquals("", Files.readString(fstab));
            assertFalse(Files.exists(mnt), "absent removes the mount point");
            assertTrue(Files.readString(Path.of((String) abs.values().get("backup_file"))).contains("size=2m"));

            Result missing = Run.run(new MountModule(), new LocalTarget(), "path", m, "src", dir + "/no-such-dev",
                    "fstype", "ext4", "state", "mounted", "fstab", fstab.toString());
            assertTrue(missing.isFailed());
            assertTrue(missing.msg().startsWith("Error mounting " + m + ": "), missing.msg());
            assertEquals("", Files.readString(fstab), "failed mount restores the fstab");
            assertFalse(Files.exists(mnt), "failed mount removes the dir it made");
        } finally {
            LocalTarget.exec("umount " + m + " 2>/dev/null; umount " + m + " 2>/dev/null", null);
        }
    }
}
