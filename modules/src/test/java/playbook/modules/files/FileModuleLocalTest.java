package playbook.modules.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.Result;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The file module against real files on this host: state, idempotence, check mode. */
class FileModuleLocalTest {
    private final FileModule file = new FileModule();

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static int uid(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    @Test void directoryWithModeThenIdempotent(@TempDir Path dir) throws Exception {
        Path d = dir.resolve("a b/c");
        LocalTarget check = new LocalTarget().check(true);
        Result c = Run.run(file, check, "path", d.toString(), "state", "directory", "mode", "0750");
        assertTrue(c.isChanged());
        assertFalse(Files.exists(d), "check mode must not create");

        Result r = Run.run(file, new LocalTarget(), "path", d.toString(), "state", "directory", "mode", "0750");
        assertTrue(r.isChanged());
        assertEquals("rwxr-x---", perms(d));
        assertEquals("rwxr-x---", perms(d.getParent()), "new parents get the mode too, as in Ansible");
        assertEquals("0750", r.values().get("mode"));
        assertEquals("directory", r.values().get("state"));

        LocalTarget again = new LocalTarget();
        Result r2 = Run.run(file, again, "path", d.toString(), "state", "directory", "mode", "0750");
        assertFalse(r2.isChanged());
        assertTrue(again.applies.isEmpty());
        assertEquals(1, again.probes.size(), "one probe round trip");
    }

    @Test void touchThenModeOwnerAndIdempotence(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("f");
        assertTrue(Run.run(file, new LocalTarget(), "path", f.toString(), "state", "touch").isChanged());
        assertTrue(Files.isRegularFile(f));

        LocalTarget t = new LocalTarget().diff(true);
        Result r = Run.run(file, t, "path", f.toString(), "mode", "u+x,g-w,o=", "owner", "472", "group", "472");
        assertTrue(r.isChanged());
        assertEquals("rwxr-----", perms(f));
        assertEquals(472, uid(f));
        assertEquals(472L, r.values().get("uid"));
        assertEquals("file", r.values().get("state"));
        assertEquals(1, r.diffs().size());
        assertTrue(r.diffs().get(0).after().contains("\"owner\": 472"));
        assertTrue(r.diffs().get(0).before().contains("\"mode\": \"0644\"") || r.diffs().get(0).before().contains("\"mode\""));

        LocalTarget t2 = new LocalTarget();
        Result r2 = Run.run(file, t2, "path", f.toString(), "mode", "u+x,g-w,o=", "owner", "472", "group", "472");
        assertFalse(r2.isChanged());
        assertTrue(t2.applies.isEmpty());

        LocalTarget ck = new LocalTarget().check(true);
        Result r3 = Run.run(file, ck, "path", f.toString(), "mode", 420);
        assertTrue(r3.isChanged());
        assertEquals("0644", r3.values().get("mode"), "check mode predicts the new mode");
        assertEquals("rwxr-----", perms(f), "check mode must not chmod");
    }

    @Test void missingFileFailsLikeAnsible(@TempDir Path dir) {
        Result r = Run.run(file, new LocalTarget(), "path", dir.resolve("nf").toString());
        assertTrue(r.isFailed());
        assertEquals("file (" + dir.resolve("nf") + ") is absent, cannot continue", r.msg());
    }

    @Test void symlinkCreateRetargetAndIdempotence(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("t1"), "1");
        Files.writeString(dir.resolve("t2"), "2");
        Path l = dir.resolve("l");
        Result r = Run.run(file, new LocalTarget(), "path", l.toString(), "src", "t1", "state", "link");
        assertTrue(r.isChanged(), r.msg());
        assertEquals(Path.of("t1"), Files.readSymbolicLink(l));
        assertEquals("link", r.values().get("state"));

        LocalTarget same = new LocalTarget();
        assertFalse(Run.run(file, same, "path", l.toString(), "src", "t1", "state", "link").isChanged());
        assertTrue(same.applies.isEmpty());

        assertTrue(Run.run(file, new LocalTarget(), "path", l.toString(), "src", "t2", "state", "link").isChanged());
        assertEquals(Path.of("t2"), Files.readSymbolicLink(l));

        Result missing = Run.run(file, new LocalTarget(), "path", dir.resolve("x").toString(), "src", "nope", "state", "link");
        assertTrue(missing.isFailed());
        assertTrue(missing.msg().startsWith("src file does not exist"));
        assertTrue(Run.run(file, new LocalTarget(), "path", dir.resolve("x").toString(), "src", "nope", "state", "link",
                "force", true).isChanged());
        assertEquals(Path.of("nope"), Files.readSymbolicLink(dir.resolve("x")));

        Result refuse = Run.run(file, new LocalTarget(), "path", dir.resolve("t1").toString(), "src", "t2", "state", "link");
        assertTrue(refuse.isFailed());
        assertEquals("refusing to convert from file to symlink for " + dir.resolve("t1"), refuse.msg());
    }

    @Test void hardLinkAndAbsent(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("s");
        Files.writeString(src, "data");
        Path h = dir.resolve("h");
        assertTrue(Run.run(file, new LocalTarget(), "path", h.toString(), "src", src.toString(), "state", "hard").isChanged());
        assertEquals(Files.getAttribute(src, "unix:ino"), Files.getAttribute(h, "unix:ino"));
        assertFalse(Run.run(file, new LocalTarget(), "path", h.toString(), "src", src.toString(), "state", "hard").isChanged());

        Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(dir.resolve("tree/sub/f"), "x");
        LocalTarget ck = new LocalTarget().check(true);
        assertTrue(Run.run(file, ck, "path", dir.resolve("tree").toString(), "state", "absent").isChanged());
        assertTrue(Files.exists(dir.resolve("tree/sub/f")));
        Result r = Run.run(file, new LocalTarget(), "path", dir.resolve("tree").toString(), "state", "absent");
        assertTrue(r.isChanged());
        assertFalse(Files.exists(dir.resolve("tree")));
        assertFalse(Run.run(file, new LocalTarget(), "path", dir.resolve("tree").toString(), "state", "absent").isChanged());
    }

    @Test void recurseSetsOwnerAndModeBelow(@TempDir Path dir) throws Exception {
        Path top = dir.resolve("top");
        Files.createDirectories(top.resolve("d"));
        Files.writeString(top.resolve("d/f"), "x");
        Result r = Run.run(file, new LocalTarget(), "path", top.toString(), "state", "directory", "recurse", true,
                "owner", "472", "mode", "u=rwX,g=rX,o=");
        assertTrue(r.isChanged(), r.msg());
        assertEquals(472, uid(top.resolve("d/f")));
        assertEquals("rw-r-----", perms(top.resolve("d/f")));
        assertEquals("rwxr-x---", perms(top.resolve("d")));
        LocalTarget again = new LocalTarget();
        assertFalse(Run.run(file, again, "path", top.toString(), "state", "directory", "recurse", true,
                "owner", "472", "mode", "u=rwX,g=rX,o=").isChanged());
        assertTrue(again.applies.isEmpty());
        Files.writeString(top.resolve("d/new"), "y");
        assertTrue(Run.run(file, new LocalTarget(), "path", top.toString(), "state", "directory", "recurse", true,
                "owner", "472", "mode", "u=rwX,g=rX,o=").isChanged(), "a new file below is noticed");
    }

    @Test void specificModificationTimeIsIdempotent(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("f");
        Files.writeString(f, "");
        assertTrue(Run.run(file, new LocalTarget(), "path", f.toString(), "modification_time", "202001021530.00").isChanged());
        assertEquals("2020-01-02", LocalTarget.exec("date -r " + f + " +%F", null).stdout().trim());
        assertFalse(Run.run(file, new LocalTarget(), "path", f.toString(), "modification_time", "202001021530.00").isChanged());
        assertTrue(Run.run(file, new LocalTarget(), "path", f.toString(), "state", "touch").isChanged(), "touch is always a change");
    }

    @Test void touchCreatingAFileGivesItTheAskedTimesSoTheNextRunIsOk(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("stamp");
        Object[] args = {"path", f.toString(), "state", "touch", "modification_time", "202001021530.00", "access_time", "preserve"};
        assertTrue(Run.run(file, new LocalTarget(), args).isChanged());
        assertEquals("2020-01-02 15:30:00", LocalTarget.exec("date -r " + f + " '+%F %T'", null).stdout().trim());
        LocalTarget again = new LocalTarget();
        assertFalse(Run.run(file, again, args).isChanged(), "the times are already right");
        assertTrue(again.applies.isEmpty());
    }

    @Test void newLinkWithoutFollowGetsOwnerOnTheLinkItself(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("t");
        Files.writeString(target, "x");
        Path l = dir.resolve("l");
        Result r = Run.run(file, new LocalTarget(), "path", l.toString(), "src", target.toString(), "state", "link",
                "follow", false, "owner", "472");
        assertTrue(r.isChanged(), r.msg());
        assertEquals(472, uid(l));
        assertEquals(0, uid(target), "the target keeps its owner");
        assertFalse(Run.run(file, new LocalTarget(), "path", l.toString(), "src", target.toString(), "state", "link",
                "follow", false, "owner", "472").isChanged());
    }

    @Test void srcWithoutLinkStateFails(@TempDir Path dir) {
        Result r = Run.run(file, new LocalTarget(), "path", dir.toString(), "src", "/etc/passwd", "state", "file");
        assertTrue(r.isFailed());
        assertEquals("src option requires state to be 'link' or 'hard'", r.msg());
        assertEquals(List.of(), List.of());
    }
}
