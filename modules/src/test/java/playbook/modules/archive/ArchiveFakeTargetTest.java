package playbook.modules.archive;

import playbook.modules.files.ControllerTarget;
import org.junit.jupiter.api.Test;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.Run;
import playbook.modules.files.FileAttributes;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** archive and the dest comparison against recorded host output (GNU and BSD stat lines). */
class ArchiveFakeTargetTest {
    private static final String EXPANDED = "p0\td\t/srv/services\ndest=81a4 0 0 120 1700000000 1700000000 1700000000 1 5 6 root root\ntools=tar gzip\n";

    @Test void sameContentHashMeansNoApply() {
        FakeTarget t = new FakeTarget()
                .on("for p in", 0, EXPANDED)
                .on("exec 4>&1", 0, "new=abc\nnewrc=0\nold=abc\na\tservices\na\tservices/x\n");
        Result r = Run.run(new ArchiveModule(), t, "path", "/srv/services", "dest", "/backup/s.tgz");
        assertFalse(r.isChanged());
        assertEquals(List.of("/srv/services/x"), r.values().get("archived"));
        assertEquals("/srv/", r.values().get("arcroot"));
        assertEquals(List.of(), t.commands("apply"));
    }

    @Test void otherContentHashWritesATempFileAndRenamesIt() {
        FakeTarget t = new FakeTarget()
                .on("for p in", 0, EXPANDED.replace("/srv/services", "/srv/it's $(x)"))
                .on("exec 4>&1", 0, "new=abc\nnewrc=0\nold=def\n")
                .on("mv -f", 0, "final=81a4 0 0 130 1700000001 1700000000 1700000000 1 5 6 root root\n");
        Result r = Run.run(new ArchiveModule(), t, "path", "/srv/it's $(x)", "dest", "/backup/s.tgz");
        assertTrue(r.isChanged(), r.msg());
        String apply = t.commands("apply").get(0);
        assertTrue(apply.contains("cd /srv/ && tar -cf - 'it'\"'\"'s $(x)'"), apply);
        assertTrue(apply.contains("tmp=/backup/.s.tgz.pbtmp"), apply);
        assertTrue(apply.contains("gzip -c > \"$tmp\""), apply);
        assertEquals(130L, r.values().get("size"));
    }

    @Test void checkModeReportsTheChangeWithoutApplying() {
        FakeTarget t = new FakeTarget().check(true)
                .on("for p in", 0, EXPANDED)
                .on("exec 4>&1", 0, "new=abc\nnewrc=0\n");
        Result r = Run.run(new ArchiveModule(), t, "path", "/srv/services", "dest", "/backup/s.tgz", "absolute_names", true);
        assertTrue(r.isChanged());
        assertTrue(t.commands("probe").get(1).contains("tar -P -cf - /srv/services"), t.commands("probe").get(1));
        assertEquals(1, t.commands("apply").size(), "recorded, not run");
    }

    @Test void unreadableSourcesFail() {
        FakeTarget t = new FakeTarget()
                .on("for p in", 0, EXPANDED)
                .on("exec 4>&1", new ExecResult(0, "new=abc\nnewrc=2\n", "tar: services/db: Cannot open: Permission denied\n"));
        Result r = Run.run(new ArchiveModule(), t, "path", "/srv/services", "dest", "/backup/s.tgz");
        assertTrue(r.isFailed());
        assertTrue(r.msg().contains("Permission denied"), r.msg());
    }

    @Test void missingToolIsNamed() {
        FakeTarget t = new FakeTarget().on("for p in", 0, EXPANDED.replace("tools=tar gzip", "tools=tar"));
        Result r = Run.run(new ArchiveModule(), t, "path", "/srv/services", "dest", "/b/s.tar.zst", "format", "zst");
        assertTrue(r.isFailed());
        assertTrue(r.msg().contains("'zstd' was not found"), r.msg());
    }

    @Test void destCompareParsesGnuAndBsdStatLines() {
        List<ArchiveListing.Entry> entries = List.of(
                new ArchiveListing.Entry("srv", "directory", 0, 0755, null, null),
                new ArchiveListing.Entry("srv/a", "file", 3, 0644, null, "h1"),
                new ArchiveListing.Entry("srv/l", "link", 0, 0777, "a", null),
                new ArchiveListing.Entry("srv/gone", "file", 1, 0644, null, "h2"));
        String gnu = "e\t41ed 0 0 4096 1 1 1 2 3 4 root root\t\tsrv\n"
                + "e\t81a4 0 0 3 1 1 1 1 3 4 root root\th1\tsrv/a\n"
                + "e\ta1ff 0 0 1 1 1 1 1 3 4 root root\ta\tsrv/l\n"
                + "e\t-\t\tsrv/gone\n";
        assertEquals(List.of("srv/gone"), DestCompare.differences(gnu, entries, new FileAttributes(null, null, null)));
        String bsd = gnu.replace("h1", "other").replace("\ta\tsrv/l", "\tb\tsrv/l");
        assertEquals(List.of("srv/a", "srv/l", "srv/gone"),
                DestCompare.differences(bsd, entries, new FileAttributes(null, null, null)));
        assertEquals(List.of("srv", "srv/a", "srv/gone"),
                DestCompare.differences(gnu, entries, new FileAttributes(null, "grafana", null)), "owner differs");
        String stdin = new String(DestCompare.stdin(entries));
        assertEquals("-\tsrv\n3\tsrv/a\n-\tsrv/l\n1\tsrv/gone\n", stdin);
    }
}
