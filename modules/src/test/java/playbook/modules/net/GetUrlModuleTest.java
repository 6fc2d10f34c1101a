package playbook.modules.net;

import org.junit.jupiter.api.Test;
import playbook.engine.ModuleException;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.Run;

import static org.junit.jupiter.api.Assertions.*;

class GetUrlModuleTest {
    private final GetUrlModule m = new GetUrlModule();

    @Test void checksumFilesAreReadTheWayAnsibleReadsThem() {
        assertEquals("abc", GetUrlModule.checksumFor("abc\n", "f.tgz", "u"));
        assertEquals("bbb", GetUrlModule.checksumFor("aaa  other.tgz\nbbb *f.tgz\n", "f.tgz", "u"));
        assertEquals("ccc", GetUrlModule.checksumFor("ccc  ./f.tgz\n", "f.tgz", "u"));
        assertThrows(ModuleException.class, () -> GetUrlModule.checksumFor("aaa  other\nbbb  more\n", "f.tgz", "u"));
    }

    @Test void theFileNameComesFromTheUrlPath() {
        assertEquals("x.tar.gz", GetUrlModule.urlFilename("https://h/a/x.tar.gz?token=1"));
        assertEquals("index.html", GetUrlModule.urlFilename("https://h/"));
    }

    @Test void badInputFailsBeforeAnythingRuns() {
        FakeTarget t = new FakeTarget();
        assertThrows(ModuleException.class, () -> Run.run(m, t, "url", "http://h/\n", "dest", "/tmp/x"));
        Result r = Run.run(m, t, "url", "http://h/x", "dest", "/tmp/x", "checksum", "nohex");
        assertEquals("The checksum parameter has to be in format <algorithm>:<checksum>", r.msg());
        assertTrue(Run.run(m, t, "url", "http://h/x", "dest", "/tmp/x", "checksum", "crc32:00").msg().contains("unsupported checksum"));
        assertTrue(t.sent.isEmpty(), t.sent.toString());
    }

    @Test void theDownloadGoesToTmpDestAndIsVerifiedBeforeTheRename() {
        FakeTarget t = new FakeTarget()
                .on("__q d", 0, "d.l=\nd.access=\nf.l=\nf.access=\np.l=41ed 0 0 4096 1 1 1 2 1 1 root root\np.access=rwx\n"
                        + "c.l=\nc.access=\ng.l=\ng.access=\n")
                .on("command -v curl", 0, "curl\n")
                .on("curl -sS -K -", 0, "__pb_rc=0\n__pb_w\n200 0 http://h/f.txt\n__pb_hdr\nHTTP/1.1 200 OK\r\n"
                        + "Content-Length: 5\r\n\r\n__pb_err\n")
                .on("pbsrc", 0, "pbsrc=aaaa\npbsize=5\npbmoved\na.l=81a4 0 0 5 1 1 1 1 1 1 root root\na.access=rw\n");
        Result r = Run.run(m, t, "url", "http://h/f.txt", "dest", "/srv/f.txt", "tmp_dest", "/var/tmp",
                "checksum", "sha256:" + "ab".repeat(32));
        assertFalse(r.isFailed(), r.msg());
        assertTrue(r.isChanged());
        assertEquals(5L, r.values().get("size"));
        assertEquals("aaaa", r.values().get("checksum_src"));
        java.util.List<String> applies = t.commands("apply");
        assertEquals(2, applies.size(), applies.toString());
        assertTrue(applies.get(0).contains("-o /var/tmp/.f.txt.pbtmp"), applies.get(0));
        String install = applies.get(1);
        assertTrue(install.indexOf("__sum sha256") < install.indexOf("mv -f /var/tmp/.f.txt.pbtmp"), install);
        assertTrue(install.contains("rm -f /var/tmp/.f.txt.pbtmp"), install);
    }

    @Test void checkModeReportsTheDownloadWithoutMakingIt() {
        FakeTarget t = new FakeTarget().check(true)
                .on("__q d", 0, "d.l=\nd.access=\nf.l=\nf.access=\np.l=41ed 0 0 4096 1 1 1 2 1 1 root root\np.access=rwx\n");
        Result r = Run.run(m, t, "url", "http://h/f.txt", "dest", "/srv/f.txt");
        assertTrue(r.isChanged());
        assertEquals(1, t.sent.size(), t.sent.toString());
    }

    @Test void anExistingFileWithoutChecksumIsNotDownloadedAgain() {
        FakeTarget t = new FakeTarget().on("__q d", 0,
                "d.l=81a4 0 0 5 1 1 1 1 1 1 root root\nd.sum=aaaa\nd.access=rw\nf.l=\nf.access=\np.l=41ed 0 0 4096 1 1 1 2 1 1 root root\np.access=rwx\n");
        Result r = Run.run(m, t, "url", "http://h/x", "dest", "/srv/x");
        assertFalse(r.isChanged());
        assertEquals("file already exists", r.msg());
        assertEquals(1, t.sent.size(), t.sent.toString());
    }
}
