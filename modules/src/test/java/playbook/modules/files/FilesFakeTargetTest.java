package playbook.modules.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.Run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The new file modules against recorded outputs of GNU, BusyBox and BSD (macOS) tools. */
class FilesFakeTargetTest {
    /** GNU find + stat -c, recorded on Debian (find r/ -mindepth 1 -maxdepth 1 -exec stat -c ...). */
    static final String GNU_FIND = String.join("\n",
            "@now 1795337323",
            "@root 0 /tmp/pbfind.et33/r/",
            "81a4 0 0 3 1795337303 1795337307 1795337303 1 2171542 65024 root root /tmp/pbfind.et33/r/b.tar.gz",
            "81a4 0 0 10 1795337303 1795337307 1795337303 1 2171804 65024 root root /tmp/pbfind.et33/r/conf.txt",
            "a1ff 0 0 8 1795337303 1795337304 1795337303 1 2171646 65024 root root /tmp/pbfind.et33/r/link.tar.gz",
            "81a4 0 0 2 1577836800 1795337307 1795337303 1 2171533 65024 root root /tmp/pbfind.et33/r/a.tar.gz",
            "81a4 0 0 2 1795337303 1795337303 1795337303 1 2171616 65024 root root /tmp/pbfind.et33/r/.h.tar.gz",
            "41ed 0 0 4096 1795337303 1795337304 1795337303 2 2171512 65024 root root /tmp/pbfind.et33/r/.hid",
            "41ed 0 0 4096 1795337303 1795337304 1795337303 3 2171415 65024 root root /tmp/pbfind.et33/r/sub", "");

    /** BSD find + stat -f '%Xp ... %N' as macOS prints it: a trailing slash doubles, names with spaces. */
    static final String BSD_FIND = String.join("\n",
            "@now 1700000500",
            "@root 0 /Users/admin/backups/",
            "81a4 501 20 1048576 1700000000 1700000100 1700000000 1 8801 16777220 admin staff /Users/admin/backups//pi 2023-11-14.tar.gz",
            "81a4 501 20 2048 1690000000 1700000100 1690000000 1 8802 16777220 admin staff /Users/admin/backups//pi 2023-07-22.tar.gz",
            "41ed 501 20 64 1700000000 1700000100 1700000000 2 8803 16777220 admin staff /Users/admin/backups//old", "");

    @Test void findListingParsesGnuAndBsd() {
        FindListing gnu = FindListing.parse(new ExecResult(0, GNU_FIND, ""), List.of("/tmp/pbfind.et33/r/"));
        assertEquals(7, gnu.examined());
        assertEquals(1795337323L, gnu.now());
        FindListing.Found link = gnu.entries().get(2);
        assertEquals("/tmp/pbfind.et33/r/link.tar.gz", link.path());
        assertEquals("link", link.info().type());
        assertEquals(1, link.depth());
        FindListing bsd = FindListing.parse(new ExecResult(0, BSD_FIND, ""), List.of("/Users/admin/backups/"));
        assertEquals("/Users/admin/backups/pi 2023-11-14.tar.gz", bsd.entries().get(0).path());
        assertEquals("pi 2023-11-14.tar.gz", bsd.entries().get(0).name());
        assertEquals(1048576L, bsd.entries().get(0).info().size());
        assertEquals("admin", bsd.entries().get(0).info().owner());
        assertEquals("directory", bsd.entries().get(2).info().type());
    }

    @SuppressWarnings("unchecked")
    @Test void findOnBsdPicksTheNewestArchiveAndQuotesPaths() {
        FakeTarget t = new FakeTarget().on("find", 0, BSD_FIND);
        Result r = Run.run(new FindModule(), t, "paths", "/Users/admin/backups/", "patterns", "*.tar.gz", "age", "-30d");
        List<Map<String, Object>> files = (List<Map<String, Object>>) r.values().get("files");
        assertEquals(1, files.size(), "the July archive is older than 30 days on the host's clock");
        assertEquals(1700000000.0, files.get(0).get("mtime"));
        String cmd = t.commands("probe").get(0);
        assertTrue(cmd.contains("p=/Users/admin/backups/;"), cmd);
        assertTrue(cmd.contains("-maxdepth 1 -exec stat $SF \"$FMT\" {} +"), cmd);
        assertTrue(cmd.contains("else SF=-f; FMT='%Xp"), "BSD stat -f is selected on the host");

        FakeTarget evil = new FakeTarget().on("find", 0, "@now 1\n");
        Run.run(new FindModule(), evil, "paths", "/srv/$(reboot)/x'y", "recurse", true);
        String ec = evil.commands("probe").get(0);
        assertTrue(ec.contains("p='/srv/$(reboot)/x'\"'\"'y';"), ec);
        assertFalse(ec.contains("-maxdepth"), "recurse without depth is unlimited");
    }

    /** The content probe output on macOS: BSD stat -f, shasum. */
    @Test void copyContentOnBsdIsIdempotentAndQuotesDest() {
        String dest = "/etc/it's $(x).conf";
        String sum = CopyModule.sha1("hi\n".getBytes(StandardCharsets.UTF_8));
        FakeTarget t = new FakeTarget().on("__q d", 0, "d.l=81a4 501 20 3 1700000000 1700000000 1700000000 1 1234 16777220 admin staff\n"
                + "d.sum=" + sum + "\nd.access=rw\np.l=41ed 0 0 2048 1700000000 1700000000 1700000000 40 2 16777220 root wheel\np.access=rx\n");
        Result r = Run.run(new CopyModule(), t, "content", "hi\n", "dest", dest, "owner", "admin", "mode", "0644");
        assertFalse(r.isChanged());
        assertTrue(t.commands("apply").isEmpty());
        assertTrue(t.commands("probe").get(0).contains("__q d '/etc/it'\"'\"'s $(x).conf' sha1"));

        FakeTarget changed = new FakeTarget().on("__q d", 0, "d.l=81a4 501 20 3 1700000000 1700000000 1700000000 1 1234 16777220 admin staff\n"
                + "d.sum=0000\nd.access=rw\np.l=41ed 0 0 2048 1700000000 1700000000 1700000000 40 2 16777220 root wheel\n")
                .on("mv -f", 0, "a.l=81a4 501 20 3 1700000000 1700000000 1700000000 1 1234 16777220 admin staff\n");
        Result r2 = Run.run(new CopyModule(), changed, "content", "hi\n", "dest", dest);
        assertTrue(r2.isChanged());
        FakeTarget.Sent apply = changed.sent.get(1);
        assertEquals("hi\n", new String(apply.stdin(), StandardCharsets.UTF_8));
        assertTrue(apply.command().contains("chmod 0644 '/etc/.it'\"'\"'s $(x).conf.pbtmp"), apply.command());
        assertTrue(apply.command().contains("mv -f '/etc/.it'\"'\"'s $(x).conf.pbtmp"), apply.command());
        assertEquals("admin", r2.values().get("owner"));
    }

    /** lineinfile reads stat + content in one probe and sends the new text on stdin. */
    @Test void lineinfileOnBusyBoxSendsNewContent() {
        String probe = "p.l=81a4 0 0 4 1700000000 1700000000 1700000000 1 77 2049 root root\np.access=rw\n"
                + "d.l=41ed 0 0 4096 1700000000 1700000000 1700000000 2 12 2049 root root\nd.access=rwx\n"
                + "__pb_text_follows__\na=1\n";
        FakeTarget t = new FakeTarget().diff(true).on("__pb_text_follows__", 0, probe).on("mv -f", 0, "");
        Result r = Run.run(new LineInFileModule(), t, "path", "/etc/app.conf", "regexp", "^a=", "line", "a=2");
        assertTrue(r.isChanged());
        assertEquals("line replaced", r.msg());
        assertEquals(1, t.commands("probe").size(), "one probe");
        assertEquals(1, t.commands("apply").size(), "one apply");
        assertEquals("a=2\n", new String(t.sent.get(1).stdin(), StandardCharsets.UTF_8));
        assertEquals("a=1\n", r.diffs().get(0).before());

        FakeTarget same = new FakeTarget().on("__pb_text_follows__", 0, probe);
        assertFalse(Run.run(new LineInFileModule(), same, "path", "/etc/app.conf", "regexp", "^a=", "line", "a=1").isChanged());
        assertTrue(same.commands("apply").isEmpty());

        FakeTarget check = new FakeTarget().check(true).on("__pb_text_follows__", 0, probe);
        assertTrue(Run.run(new LineInFileModule(), check, "path", "/etc/app.conf", "line", "b=1", "mode", "0600").isChanged());
    }

    @Test void tempfileCommandAndCheckMode() {
        FakeTarget t = new FakeTarget().on("umask 077", 0, "/tmp/backup.k2j4x9q1.tar\n");
        Result r = Run.run(new TempFileModule(), t, "prefix", "backup.", "suffix", ".tar");
        assertTrue(r.isChanged());
        assertEquals("/tmp/backup.k2j4x9q1.tar", r.values().get("path"));
        String cmd = t.commands("apply").get(0);
        assertTrue(cmd.contains("d=\"${TMPDIR:-/tmp}\""), cmd);
        assertTrue(cmd.matches("(?s).*for n in backup\\.[a-z0-9_]{8}\\.tar .*"), cmd);
        assertTrue(cmd.contains("( set -C; : > \"$f\" )"), cmd);
        FakeTarget d = new FakeTarget().on("umask 077", 0, "/var/tmp/x/ansible.abcdefgh\n");
        Run.run(new TempFileModule(), d, "state", "directory", "path", "/var/tmp/x y");
        assertTrue(d.commands("apply").get(0).contains("d='/var/tmp/x y'"));
        assertTrue(d.commands("apply").get(0).contains("mkdir \"$f\""));
        assertTrue(Run.run(new TempFileModule(), new FakeTarget().check(true)).isSkipped());
    }

    @Test void fetchLayoutMissingAndChecksumMismatch(@TempDir Path dir) throws Exception {
        FakeTarget missing = new FakeTarget().on("__q s", 0, "s.l=\ns.access=\n");
        Result m = Run.run(new FetchModule(), missing, "src", "/etc/none", "dest", dir.toString());
        assertTrue(m.isFailed());
        assertEquals("the remote file does not exist, not transferring, ignored", m.msg());
        Result ignored = Run.run(new FetchModule(), missing, "src", "/etc/none", "dest", dir.toString(), "fail_on_missing", false);
        assertFalse(ignored.isFailed());

        // FakeTarget.get writes nothing, so the downloaded file's checksum cannot match
        FakeTarget t = new FakeTarget().on("__q s", 0,
                "s.l=81a4 0 0 3 1700000000 1700000000 1700000000 1 77 2049 root root\ns.sum=55ca6286e3e4f4fba5d0448333fa99fc5a404a73\n");
        Result r = Run.run(new FetchModule(), t, "src", "/etc/hostname", "dest", dir.toString());
        assertEquals("checksum mismatch", r.msg());
        assertEquals(dir.resolve("fake/etc/hostname").toString(), r.values().get("dest"));
        assertTrue(t.commands("get").get(0).startsWith("/etc/hostname -> " + dir.resolve("fake/etc")));
        assertFalse(Files.exists(dir.resolve("fake/etc/hostname")), "nothing kept after a mismatch");
        assertTrue(Run.run(new FetchModule(), new FakeTarget().check(true), "src", "/x", "dest", dir.toString()).isSkipped());
    }
}
