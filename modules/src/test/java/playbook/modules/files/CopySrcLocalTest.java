package playbook.modules.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.Result;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** copy with src= (file, directory, trailing slash, remote_src) and template, on this machine. */
class CopySrcLocalTest {
    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static ControllerTarget target(Path pbDir) { return new ControllerTarget(new LocalTarget(), pbDir); }

    private static ControllerTarget target(Path pbDir, boolean check, boolean diff) {
        return new ControllerTarget(new LocalTarget().check(check).diff(diff), pbDir);
    }

    private static List<String> tree(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p) + " " + (Files.isDirectory(p) ? "d" : "f")).sorted().toList();
        }
    }

    private static Path playbook(Path dir) throws Exception {
        Path pb = dir.resolve("pb");
        Files.createDirectories(pb.resolve("files/tree/sub"));
        Files.writeString(pb.resolve("files/tree/a.txt"), "a\n");
        Files.writeString(pb.resolve("files/tree/sub/b.txt"), "b\n");
        Files.writeString(pb.resolve("files/one.txt"), "one\n");
        Files.setPosixFilePermissions(pb.resolve("files/one.txt"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return pb;
    }

    @Test void fileFromFilesDirIsUploadedThenIdempotent(@TempDir Path dir) throws Exception {
        Path pb = playbook(dir);
        Path dest = dir.resolve("out/one.conf");
        Files.createDirectories(dest.getParent());

        ControllerTarget ck = target(pb, true, true);
        Result c = Run.run(new CopyModule(), ck, "src", "one.txt", "dest", dest.toString());
        assertTrue(c.isChanged());
        assertFalse(Files.exists(dest), "check mode wrote nothing");
        assertTrue(ck.transfers.isEmpty(), "check mode uploads nothing");
        assertEquals("one\n", c.diffs().get(0).after());
        assertEquals("", c.diffs().get(0).before());

        ControllerTarget t = target(pb);
        Result r = Run.run(new CopyModule(), t, "src", "one.txt", "dest", dest.toString(), "mode", "0640");
        assertTrue(r.isChanged(), String.valueOf(r.msg()));
        assertEquals("one\n", Files.readString(dest));
        assertEquals("rw-r-----", perms(dest));
        assertEquals("c7059bb19433cc3cabaa6236c83d56668a843dd2", r.values().get("checksum"));
        assertEquals("5bbf5a52328e7439ae6e719dfe712200", r.values().get("md5sum"));
        assertEquals(dest.toString(), r.values().get("dest"));
        assertEquals(1, t.transfers.size());
        assertTrue(t.transfers.get(0).contains("/.one.conf.pbtmp"), t.transfers.get(0));

        ControllerTarget again = target(pb);
        Result r2 = Run.run(new CopyModule(), again, "src", "one.txt", "dest", dest.toString(), "mode", "0640");
        assertFalse(r2.isChanged());
        assertTrue(again.transfers.isEmpty());
        assertEquals(List.of(" d", "one.conf f"), tree(dest.getParent()), "no temp file left");

        // only the mode differs: changed without an upload
        ControllerTarget m = target(pb);
        assertTrue(Run.run(new CopyModule(), m, "src", "one.txt", "dest", dest.toString(), "mode", "0600").isChanged());
        assertTrue(m.transfers.isEmpty());
        assertEquals("rw-------", perms(dest));
    }

    /** Nobody sees the result: no md5 and no sha1 of a new file; the sha1 only to compare a file of the same size. */
    @Test void unobservedResultSkipsTheChecksumsItDoesNotNeed(@TempDir Path dir) throws Exception {
        Path pb = playbook(dir);
        Path dest = dir.resolve("out/one.conf");
        Files.createDirectories(dest.getParent());
        LocalTarget quiet = new LocalTarget();
        quiet.observed = false;
        ControllerTarget t1 = new ControllerTarget(quiet, pb);
        // the source is gone once it was sent: a checksum read after the upload would fail the task
        Path spare = dir.resolve("spare.txt");
        t1.afterPut = () -> {
            try {
                Files.move(pb.resolve("files/one.txt"), spare);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        Result r = Run.run(new CopyModule(), t1, "src", "one.txt", "dest", dest.toString());
        assertTrue(r.isChanged(), String.valueOf(r.values()));
        assertEquals("one\n", Files.readString(dest));
        assertNull(r.values().get("md5sum"));
        assertNull(r.values().get("checksum"), "a new file needs no comparison");
        Files.move(spare, pb.resolve("files/one.txt"));

        // the same size, other content: the sha1 decides, and it is then known
        Files.writeString(dest, "two\n");
        LocalTarget quiet2 = new LocalTarget();
        quiet2.observed = false;
        ControllerTarget t2 = new ControllerTarget(quiet2, pb);
        Result r2 = Run.run(new CopyModule(), t2, "src", "one.txt", "dest", dest.toString());
        assertTrue(r2.isChanged());
        assertEquals("one\n", Files.readString(dest));
        assertEquals(1, t2.transfers.size());
        assertEquals("c7059bb19433cc3cabaa6236c83d56668a843dd2", r2.values().get("checksum"));
        assertNull(r2.values().get("md5sum"));

        // the same content: ok, without an upload
        LocalTarget quiet3 = new LocalTarget();
        quiet3.observed = false;
        ControllerTarget t3 = new ControllerTarget(quiet3, pb);
        assertFalse(Run.run(new CopyModule(), t3, "src", "one.txt", "dest", dest.toString()).isChanged());
        assertTrue(t3.transfers.isEmpty());
    }

    @Test void newFileGetsUmaskModeAndReplacedFileKeepsItsMode(@TempDir Path dir) throws Exception {
        Path pb = playbook(dir);
        Path dest = dir.resolve("n");
        assertTrue(Run.run(new CopyModule(), target(pb), "src", "one.txt", "dest", dest.toString()).isChanged());
        assertEquals("rw-r--r--", perms(dest), "0666 & ~umask, like Ansible, not the source's 0755");
        Files.writeString(dest, "old\n");
        Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rw-------"));
        Result r = Run.run(new CopyModule(), target(pb), "src", "one.txt", "dest", dest.toString(), "backup", true);
        assertTrue(r.isChanged());
        assertEquals("rw-------", perms(dest));
        assertEquals("old\n", Files.readString(Path.of((String) r.values().get("backup_file"))));
        Path pres = dir.resolve("p");
        Run.run(new CopyModule(), target(pb), "src", "one.txt", "dest", pres.toString(), "mode", "preserve");
        assertEquals("rwxr-xr-x", perms(pres));
    }

    @Test void destDirectoryAndTrailingSlash(@TempDir Path dir) throws Exception {
        Path pb = playbook(dir);
        Path existing = Files.createDirectories(dir.resolve("d"));
        Result r = Run.run(new CopyModule(), target(pb), "src", "one.txt", "dest", existing.toString());
        assertEquals(existing.resolve("one.txt").toString(), r.values().get("dest"));
        assertEquals("one\n", Files.readString(existing.resolve("one.txt")));

        Path fresh = dir.resolve("new/deeper/");
        Result r2 = Run.run(new CopyModule(), target(pb), "src", "one.txt", "dest", fresh + "/", "directory_mode", "0750");
        assertTrue(r2.isChanged(), String.valueOf(r2.msg()));
        assertEquals("one\n", Files.readString(fresh.resolve("one.txt")));
        assertEquals("rwxr-x---", perms(fresh));

        Result missing = Run.run(new CopyModule(), target(pb), "src", "one.txt", "dest", dir + "/nope/x");
        assertEquals("Destination directory " + dir + "/nope does not exist", missing.msg());
        Result notFound = Run.run(new CopyModule(), target(pb), "src", "nothere.txt", "dest", dir + "/x");
        assertTrue(notFound.isFailed());
        assertTrue(notFound.msg().startsWith("Could not find or access 'nothere.txt'"), notFound.msg());
    }

    @Test void directoryWithAndWithoutTrailingSlash(@TempDir Path dir) throws Exception {
        Path pb = playbook(dir);
        Path out1 = dir.resolve("out1");
        Result ck = Run.run(new CopyModule(), target(pb, true, false), "src", "tree", "dest", out1.toString());
        assertTrue(ck.isChanged());
        assertFalse(Files.exists(out1));

        Result r = Run.run(new CopyModule(), target(pb), "src", "tree", "dest", out1.toString(),
                "directory_mode", "0750", "mode", "0640");
        assertTrue(r.isChanged(), String.valueOf(r.msg()));
        assertEquals(out1 + "/", r.values().get("dest"));
        assertEquals(List.of(" d", "tree d", "tree/a.txt f", "tree/sub d", "tree/sub/b.txt f"), tree(out1));
        // the same modes as ansible-playbook 2.14 gives for this task
        assertEquals("rwxr-x---", perms(out1));
        assertEquals("rwxr-x---", perms(out1.resolve("tree/sub")));
        assertEquals("rw-r-----", perms(out1.resolve("tree/sub/b.txt")));
        assertEquals("b\n", Files.readString(out1.resolve("tree/sub/b.txt")));

        ControllerTarget again = target(pb);
        assertFalse(Run.run(new CopyModule(), again, "src", "tree", "dest", out1.toString(),
                "directory_mode", "0750", "mode", "0640").isChanged());
        assertTrue(again.transfers.isEmpty());

        Path out2 = dir.resolve("out2");
        assertTrue(Run.run(new CopyModule(), target(pb), "src", "tree/", "dest", out2.toString()).isChanged());
        assertEquals(List.of(" d", "a.txt f", "sub d", "sub/b.txt f"), tree(out2));
        Files.writeString(out2.resolve("sub/b.txt"), "changed\n");
        ControllerTarget fix = target(pb);
        assertTrue(Run.run(new CopyModule(), fix, "src", "tree/", "dest", out2.toString()).isChanged());
        assertEquals(1, fix.transfers.size(), "only the file that differs is uploaded");
        assertEquals("b\n", Files.readString(out2.resolve("sub/b.txt")));
        assertFalse(Run.run(new CopyModule(), target(pb), "src", "tree/", "dest", out2.toString()).isChanged());
    }

    @Test void remoteSrcFileAndDirectory(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src.txt");
        Files.writeString(src, "remote\n");
        Path dest = dir.resolve("dst.txt");
        LocalTarget ck = new LocalTarget().check(true);
        assertTrue(Run.run(new CopyModule(), ck, "src", src.toString(), "dest", dest.toString(), "remote_src", true).isChanged());
        assertFalse(Files.exists(dest));
        Result r = Run.run(new CopyModule(), new LocalTarget(), "src", src.toString(), "dest", dest.toString(), "remote_src", true);
        assertTrue(r.isChanged(), String.valueOf(r.msg()));
        assertEquals("remote\n", Files.readString(dest));
        assertEquals("rw-r--r--", perms(dest));
        LocalTarget again = new LocalTarget();
        assertFalse(Run.run(new CopyModule(), again, "src", src.toString(), "dest", dest.toString(), "remote_src", true).isChanged());
        assertTrue(again.applies.isEmpty());

        Path tree = Files.createDirectories(dir.resolve("t/sub"));
        Files.writeString(tree.resolve("x"), "x\n");
        Files.writeString(dir.resolve("t/y"), "y\n");
        Path copy = dir.resolve("copy");
        assertTrue(Run.run(new CopyModule(), new LocalTarget(), "src", dir + "/t/", "dest", copy.toString(), "remote_src", true).isChanged());
        assertEquals(List.of(" d", "sub d", "sub/x f", "y f"), tree(copy));
        assertFalse(Run.run(new CopyModule(), new LocalTarget(), "src", dir + "/t/", "dest", copy.toString(), "remote_src", true).isChanged());
        Files.writeString(copy.resolve("y"), "other\n");
        assertTrue(Run.run(new CopyModule(), new LocalTarget(), "src", dir + "/t/", "dest", copy.toString(), "remote_src", true).isChanged());
        assertEquals("y\n", Files.readString(copy.resolve("y")));
        Path named = dir.resolve("named");
        Files.createDirectories(named);
        Run.run(new CopyModule(), new LocalTarget(), "src", dir + "/t", "dest", named.toString(), "remote_src", true);
        assertEquals("x\n", Files.readString(named.resolve("t/sub/x")));
        assertEquals("Source " + dir + "/none not found",
                Run.run(new CopyModule(), new LocalTarget(), "src", dir + "/none", "dest", copy.toString(), "remote_src", true).msg());
    }

    @Test void templateRendersFindsAndDiffs(@TempDir Path dir) throws Exception {
        Path pb = dir.resolve("pb");
        Files.createDirectories(pb.resolve("templates"));
        Files.writeString(pb.resolve("templates/app.conf.j2"), "port={{ port }}\n");
        LocalTarget inner = new LocalTarget().diff(true);
        inner.renderer = text -> text.replace("{{ port }}", "8080");
        ControllerTarget t = new ControllerTarget(inner, pb);
        Path dest = dir.resolve("app.conf");
        Result r = Run.run(new TemplateModule(), t, "src", "app.conf.j2", "dest", dest.toString(), "mode", "0600");
        assertTrue(r.isChanged(), String.valueOf(r.msg()));
        assertEquals("port=8080\n", Files.readString(dest));
        assertEquals("rw-------", perms(dest));
        assertEquals("port=8080\n", r.diffs().get(0).after());
        assertEquals(pb.resolve("templates/app.conf.j2").toString(), r.diffs().get(0).afterHeader());

        LocalTarget inner2 = new LocalTarget();
        inner2.renderer = inner.renderer;
        assertFalse(Run.run(new TemplateModule(), new ControllerTarget(inner2, pb), "src", "app.conf.j2",
                "dest", dest.toString(), "mode", "0600").isChanged());

        LocalTarget ck = new LocalTarget().check(true).diff(true);
        ck.renderer = text -> text.replace("{{ port }}", "9090");
        Result c = Run.run(new TemplateModule(), new ControllerTarget(ck, pb), "src", "app.conf.j2", "dest", dest.toString());
        assertTrue(c.isChanged());
        assertEquals("port=8080\n", c.diffs().get(0).before());
        assertEquals("port=9090\n", c.diffs().get(0).after());
        assertEquals("port=8080\n", Files.readString(dest), "check mode changed nothing");

        Result bad = Run.run(new TemplateModule(), new ControllerTarget(new LocalTarget(), pb), "src", "app.conf.j2",
                "dest", dest.toString(), "validate", "grep -q nomatch %s");
        assertEquals("failed to validate", bad.msg());
        assertEquals("port=8080\n", Files.readString(dest));
        assertTrue(Run.run(new TemplateModule(), t, "src", "missing.j2", "dest", dest.toString()).isFailed());
    }
}
