package playbook.modules.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.Result;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * group and user on this machine, only with throwaway {@code pbtest_<random>} accounts that are
 * deleted in finally. Needs root and shadow-utils; skipped otherwise.
 */
class GroupUserLocalTest {
    private static String throwaway() { return "pbtest_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36); }

    private static String sh(String cmd) { return LocalTarget.exec(cmd, null).stdout().trim(); }

    private static boolean free(String db, String id) { return !LocalTarget.exec("getent " + db + " " + id, null).ok(); }

    private static void requireRoot() {
        assumeTrue(sh("id -u").equals("0") && LocalTarget.exec("command -v useradd", null).ok(), "needs root and useradd");
    }

    @Test void groupLifecycleWithExactGid() {
        requireRoot();
        assumeTrue(free("group", "10001"), "gid 10001 is taken here");
        String g = throwaway();
        try {
            LocalTarget ck = new LocalTarget().check(true);
            assertTrue(Run.run(new GroupModule(), ck, "name", g, "gid", 10001).isChanged());
            assertEquals("", sh("getent group " + g), "check mode creates nothing");

            Result r = Run.run(new GroupModule(), new LocalTarget(), "name", g, "gid", 10001);
            assertTrue(r.isChanged(), r.msg());
            assertEquals(10001L, r.values().get("gid"));
            assertEquals(g + ":x:10001:", sh("getent group " + g));

            LocalTarget again = new LocalTarget();
            assertFalse(Run.run(new GroupModule(), again, "name", g, "gid", 10001).isChanged());
            assertTrue(again.applies.isEmpty());

            assumeTrue(free("group", "10002"));
            assertTrue(Run.run(new GroupModule(), new LocalTarget(), "name", g, "gid", 10002).isChanged());
            assertEquals(g + ":x:10002:", sh("getent group " + g));

            assertTrue(Run.run(new GroupModule(), new LocalTarget(), "name", g, "state", "absent").isChanged());
            assertEquals("", sh("getent group " + g));
            assertFalse(Run.run(new GroupModule(), new LocalTarget(), "name", g, "state", "absent").isChanged());
        } finally {
            LocalTarget.exec("groupdel " + g + " 2>/dev/null", null);
        }
    }

    @Test void userLifecycleWithUid472(@TempDir Path dir) {
        requireRoot();
        assumeTrue(free("passwd", "472") && free("group", "472"), "uid/gid 472 is taken here");
        String u = throwaway();
        String g = throwaway();
        String home = dir.resolve("homes/" + u).toString();
        String hash = "$6$pbtest$Tz2nOSJxnGQk8h2Vn0HqV3Kl0xY6v3Ue0yG0xbQ6Jb0";
        try {
            assertTrue(Run.run(new GroupModule(), new LocalTarget(), "name", g, "gid", 472).isChanged());
            Object[] task = {"name", u, "uid", 472, "group", g, "home", home, "shell", "/bin/sh",
                    "comment", "pb test; $(x)", "password", hash};
            LocalTarget ck = new LocalTarget().check(true);
            assertTrue(Run.run(new UserModule(), ck, task).isChanged());
            assertEquals("", sh("getent passwd " + u), "check mode creates nothing");

            Result r = Run.run(new UserModule(), new LocalTarget(), task);
            assertTrue(r.isChanged(), r.msg());
            assertEquals(u + ":x:472:472:pb test; $(x):" + home + ":/bin/sh", sh("getent passwd " + u));
            assertEquals(hash, sh("getent shadow " + u + " | cut -d: -f2"));
            assertEquals(472L, r.values().get("uid"));
            assertTrue(Files.isDirectory(Path.of(home)));
            assertEquals("472:472", sh("stat -c %u:%g " + home));

            LocalTarget again = new LocalTarget();
            Result r2 = Run.run(new UserModule(), again, task);
            assertFalse(r2.isChanged(), "second run must be ok, applied: " + again.applies);

            Result mod = Run.run(new UserModule(), new LocalTarget(), "name", u, "shell", "/bin/bash", "groups", List.of(g, "users"));
            assertTrue(mod.isChanged());
            assertEquals("/bin/bash", sh("getent passwd " + u + " | cut -d: -f7"));
            assertTrue(sh("id -Gn " + u).contains("users"));

            assertTrue(Run.run(new UserModule(), new LocalTarget(), "name", u, "state", "absent", "remove", true).isChanged());
            assertEquals("", sh("getent passwd " + u));
            assertFalse(Files.exists(Path.of(home)), "remove=true deletes the home");
        } finally {
            LocalTarget.exec("userdel -r " + u + " 2>/dev/null; groupdel " + g + " 2>/dev/null", null);
        }
    }
}
