package playbook.modules.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

/**
 * lineinfile, blockinfile and replace on real files. The expected contents are what
 * ansible-playbook 2.14 produced for the same tasks on the same input files.
 */
class TextEditLocalTest {
    private static final String INPUT = "a=1\n# comment\nb=2\nlisten 80\nlast";

    /** Runs the task, then runs it again and asserts the second run is ok (idempotent, no apply). */
    private static Result twice(Module m, Object... kv) {
        Result r = Run.run(m, new LocalTarget(), kv);
        LocalTarget again = new LocalTarget();
        Result r2 = Run.run(m, again, kv);
        assertFalse(r2.isChanged(), "second run of " + m.name() + " must be ok: " + r2.msg());
        assertTrue(again.applies.isEmpty());
        return r;
    }

    @Test void lineinfileMatchesAnsible(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("f1");
        Files.writeString(f, INPUT);
        LineInFileModule li = new LineInFileModule();
        assertEquals("line replaced", twice(li, "path", f.toString(), "regexp", "^b=", "line", "b=3").msg());
        assertEquals("line added", twice(li, "path", f.toString(), "line", "c=4", "insertafter", "^a=").msg());
        twice(li, "path", f.toString(), "line", "first", "insertbefore", "BOF");
        twice(li, "path", f.toString(), "regexp", "^listen (\\d+)", "line", "port \\1", "backrefs", true);
        twice(li, "path", f.toString(), "line", "end");
        Result abs = twice(li, "path", f.toString(), "regexp", "^#", "state", "absent");
        assertEquals("1 line(s) removed", abs.msg());
        assertEquals(1, abs.values().get("found"));
        assertEquals("first\na=1\nc=4\nb=3\nport 80\nlast\nend\n", Files.readString(f));

        Path created = dir.resolve("new/f");
        Result cr = twice(li, "path", created.toString(), "line", "created", "create", true, "mode", "0600");
        assertEquals("line added and ownership, perms or SE linux context changed", cr.msg());
        assertEquals("created\n", Files.readString(created));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));

        Result missing = Run.run(li, new LocalTarget(), "path", dir + "/nope", "line", "x");
        assertEquals("Destination " + dir + "/nope does not exist !", missing.msg());
        assertEquals("Path " + dir + " is a directory !", Run.run(li, new LocalTarget(), "path", dir.toString(), "line", "x").msg());
    }

    @Test void lineinfileCheckModeDiffBackupAndValidate(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("conf");
        Files.writeString(f, "a=1\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        LocalTarget ck = new LocalTarget().check(true).diff(true);
        Result c = Run.run(new LineInFileModule(), ck, "path", f.toString(), "line", "b=2");
        assertTrue(c.isChanged());
        assertTrue(ck.applies.stream().allMatch(a -> true));
        assertEquals("a=1\n", Files.readString(f), "check mode writes nothing");
        assertEquals("a=1\n", c.diffs().get(0).before());
        assertEquals("a=1\nb=2\n", c.diffs().get(0).after());
        assertEquals(f + " (content)", c.diffs().get(0).beforeHeader());

        Result r = Run.run(new LineInFileModule(), new LocalTarget(), "path", f.toString(), "line", "b=2", "backup", true);
        assertTrue(r.isChanged());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), "mode kept");
        assertEquals("a=1\n", Files.readString(Path.of((String) r.values().get("backup"))));

        Result bad = Run.run(new LineInFileModule(), new LocalTarget(), "path", f.toString(), "line", "c=3",
                "validate", "grep -q nomatch %s");
        assertTrue(bad.isFailed());
        assertTrue(bad.msg().startsWith("failed to validate: rc:1 error:"), bad.msg());
        assertEquals("a=1\nb=2\n", Files.readString(f));
        try (var s = Files.list(dir)) { assertEquals(2, s.count(), "conf and its backup; no temp file left"); }
    }

    @Test void lineinfileFollowsSymlinkAndQuotesData(@TempDir Path dir) throws Exception {
        Path real = dir.resolve("real");
        Files.writeString(real, "x\n");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        String evil = "v='$(touch " + dir + "/pwned)'; `id` \"q\"";
        assertTrue(Run.run(new LineInFileModule(), new LocalTarget(), "path", link.toString(), "line", evil).isChanged());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link; its target is written");
        assertEquals("x\n" + evil + "\n", Files.readString(real));
        assertFalse(Files.exists(dir.resolve("pwned")));
    }

    @Test void blockinfileMatchesAnsible(@TempDir Path dir) throws Exception {
        Path f2 = dir.resolve("f2");
        Files.writeString(f2, INPUT);
        Result b1 = twice(new BlockInFileModule(), "path", f2.toString(), "block", "k1\nk2", "insertafter", "^b=");
        assertEquals("Block inserted", b1.msg());
        assertEquals("a=1\n# comment\nb=2\n# BEGIN ANSIBLE MANAGED BLOCK\nk1\nk2\n# END ANSIBLE MANAGED BLOCK\nlisten 80\nlast",
                Files.readString(f2));
        // a changed block replaces the old one in place
        twice(new BlockInFileModule(), "path", f2.toString(), "block", "k3");
        assertEquals("a=1\n# comment\nb=2\n# BEGIN ANSIBLE MANAGED BLOCK\nk3\n# END ANSIBLE MANAGED BLOCK\nlisten 80\nlast",
                Files.readString(f2));
        Result rm = Run.run(new BlockInFileModule(), new LocalTarget(), "path", f2.toString(), "state", "absent");
        assertEquals("Block removed", rm.msg());
        assertEquals("a=1\n# comment\nb=2\nlisten 80\nlast", Files.readString(f2));
        // Ansible 2.14's quirk, reproduced: with no block, a last line without a newline gets one
        assertEquals("Block removed", twice(new BlockInFileModule(), "path", f2.toString(), "state", "absent").msg());
        assertEquals("a=1\n# comment\nb=2\nlisten 80\nlast\n", Files.readString(f2));

        Path f3 = dir.resolve("f3");
        Files.writeString(f3, INPUT);
        twice(new BlockInFileModule(), "path", f3.toString(), "block", "z", "marker", "## {mark} X",
                "marker_begin", "S", "marker_end", "E", "insertbefore", "BOF");
        assertEquals("## S X\nz\n## E X\n" + INPUT, Files.readString(f3));

        Path created = dir.resolve("c");
        LocalTarget ck = new LocalTarget().check(true);
        assertEquals("File created", Run.run(new BlockInFileModule(), ck, "path", created.toString(), "block", "q", "create", true).msg());
        assertFalse(Files.exists(created));
        assertEquals("File created", twice(new BlockInFileModule(), "path", created.toString(), "block", "q", "create", true).msg());
        assertEquals("# BEGIN ANSIBLE MANAGED BLOCK\nq\n# END ANSIBLE MANAGED BLOCK\n", Files.readString(created));
        assertEquals("Path " + dir + "/none does not exist !",
                Run.run(new BlockInFileModule(), new LocalTarget(), "path", dir + "/none", "block", "q").msg());
    }

    @Test void replaceMatchesAnsible(@TempDir Path dir) throws Exception {
        Path f5 = dir.resolve("f5");
        Files.writeString(f5, "host a\nhost b\n[s]\nhost c\n[t]\nhost d\n");
        LocalTarget d = new LocalTarget().diff(true);
        Result r = Run.run(new ReplaceModule(), d, "path", f5.toString(), "regexp", "^host (\\w+)$",
                "replace", "node \\1", "after", "\\[s\\]", "before", "\\[t\\]");
        assertEquals("1 replacements made", r.msg());
        assertEquals("host a\nhost b\n[s]\nnode c\n[t]\nhost d\n", Files.readString(f5));
        assertEquals("host a\nhost b\n[s]\nnode c\n[t]\nhost d\n", r.diffs().get(0).after());
        assertFalse(Run.run(new ReplaceModule(), new LocalTarget(), "path", f5.toString(), "regexp", "^host (\\w+)$",
                "replace", "node \\1", "after", "\\[s\\]", "before", "\\[t\\]").isChanged());

        Result all = twice(new ReplaceModule(), "path", f5.toString(), "regexp", "^host (?P<n>\\w+)$", "replace", "h=\\g<n>");
        assertEquals("3 replacements made", all.msg());
        assertEquals("h=a\nh=b\n[s]\nnode c\n[t]\nh=d\n", Files.readString(f5));
        LocalTarget ck = new LocalTarget().check(true);
        assertTrue(Run.run(new ReplaceModule(), ck, "path", f5.toString(), "regexp", "h=", "replace", "").isChanged());
        assertEquals("h=a\nh=b\n[s]\nnode c\n[t]\nh=d\n", Files.readString(f5));
        assertEquals("Path " + dir + "/none does not exist !",
                Run.run(new ReplaceModule(), new LocalTarget(), "path", dir + "/none", "regexp", "x").msg());
    }
}
