package playbook.modules.archive;

import playbook.modules.files.ControllerTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * archive then unarchive on this machine with real tar/gzip/bzip2/xz/zstd/zip: a tree with
 * absolute names is archived, restored into a scratch root, and compared; second runs report
 * changed=false; check mode changes nothing; corrupt archives are refused before the host is
 * touched.
 */
class ArchiveRoundTripLocalTest {
    @TempDir Path dir;
    Path services;
    Path backups;
    Path restore;

    @BeforeEach void tree() throws Exception {
        services = dir.resolve("srv/services");
        Files.createDirectories(services.resolve("grafana/data"));
        Files.createDirectories(services.resolve("it's $(weird)"));
        Files.writeString(services.resolve("grafana/data/grafana.db"), "db-v1\n");
        Files.writeString(services.resolve("grafana/compose.yaml"), "services: {}\n");
        Files.writeString(services.resolve("it's $(weird)/a;b.txt"), "x\n");
        Files.createSymbolicLink(services.resolve("grafana/current"), Path.of("data/grafana.db"));
        backups = Files.createDirectories(dir.resolve("backups"));
        restore = Files.createDirectories(dir.resolve("restore"));
    }

    private Result archive(LocalTarget t, String format, String dest) {
        Result r = Run.run(new ArchiveModule(), t, "path", List.of(services.toString()), "dest", dest,
                "format", format, "absolute_names", true);
        assertFalse(r.isFailed(), r.msg());
        return r;
    }

    private Result unarchive(LocalTarget t, String src, Object... more) {
        Object[] kv = {"src", src, "dest", restore.toString()};
        Object[] all = Arrays.copyOf(kv, kv.length + more.length);
        System.arraycopy(more, 0, all, kv.length, more.length);
        return Run.run(new UnarchiveModule(), new ControllerTarget(t, dir), all);
    }

    @Test void gzRoundTripWithAbsoluteNamesIsIdempotent() throws Exception {
        String dest = backups.resolve("services.tar.gz").toString();
        Result first = archive(new LocalTarget(), "gz", dest);
        assertTrue(first.isChanged());
        assertEquals("archive", first.values().get("dest_state"));
        assertEquals("file", first.values().get("state"));
        assertTrue(((List<?>) first.values().get("archived")).contains(services.resolve("grafana/data/grafana.db").toString()));
        String listing = LocalTarget.exec("tar -tzf " + dest, null).stdout();
        assertTrue(listing.contains(services.toString().substring(1) + "/grafana/data/grafana.db")
                || listing.contains(services + "/grafana/data/grafana.db"), listing);
        assertTrue(LocalTarget.exec("tar -tPzf " + dest, null).stdout().startsWith("/"), "absolute names kept");
        FileTime mtime = Files.getLastModifiedTime(Path.of(dest));
        assertFalse(archive(new LocalTarget(), "gz", dest).isChanged(), "second archive run");
        assertEquals(mtime, Files.getLastModifiedTime(Path.of(dest)), "an unchanged archive is not rewritten");

        Result u = unarchive(new LocalTarget(), dest, "list_files", true);
        assertFalse(u.isFailed(), u.msg());
        assertTrue(u.isChanged());
        Path restored = restore.resolve(services.toString().substring(1));
        assertEquals("db-v1\n", Files.readString(restored.resolve("grafana/data/grafana.db")));
        assertEquals("x\n", Files.readString(restored.resolve("it's $(weird)/a;b.txt")));
        assertEquals(Path.of("data/grafana.db"), Files.readSymbolicLink(restored.resolve("grafana/current")));
        assertTrue(((List<?>) u.values().get("files")).stream().anyMatch(f -> f.toString().endsWith("grafana.db")));
        assertFalse(unarchive(new LocalTarget(), dest).isChanged(), "second unarchive run");

        // same size, other content: both modules must notice
        Files.writeString(restored.resolve("grafana/data/grafana.db"), "db-XX\n");
        LocalTarget check = new LocalTarget().check(true);
        assertTrue(unarchive(check, dest).isChanged(), "check mode predicts the restore");
        assertEquals("db-XX\n", Files.readString(restored.resolve("grafana/data/grafana.db")), "check mode changed nothing");
        assertTrue(unarchive(new LocalTarget(), dest).isChanged());
        assertEquals("db-v1\n", Files.readString(restored.resolve("grafana/data/grafana.db")));

        Files.writeString(services.resolve("grafana/data/grafana.db"), "db-v2\n");
        Files.setLastModifiedTime(services.resolve("grafana/data/grafana.db"), FileTime.fromMillis(0));
        LocalTarget checkA = new LocalTarget().check(true);
        assertTrue(archive(checkA, "gz", dest).isChanged(), "check mode sees the new content");
        assertEquals(mtime, Files.getLastModifiedTime(Path.of(dest)), "check mode did not write");
        assertTrue(archive(new LocalTarget(), "gz", dest).isChanged());
        assertTrue(LocalTarget.exec("tar -xOPzf " + dest + " " + services + "/grafana/data/grafana.db", null)
                .stdout().contains("db-v2"));
        assertEquals(List.of(), Arrays.asList(backups.toFile().list((d, n) -> n.contains("pbtmp"))), "no temp left");
    }

    @Test void everyFormatRoundTrips() throws Exception {
        for (String f : List.of("bz2", "xz", "zst", "tar", "zip")) {
            String dest = backups.resolve("s." + f).toString();
            Result a = Run.run(new ArchiveModule(), new LocalTarget(), "path", services.toString(), "dest", dest, "format", f);
            assertFalse(a.isFailed(), f + ": " + a.msg());
            assertTrue(a.isChanged(), f);
            assertFalse(Run.run(new ArchiveModule(), new LocalTarget(), "path", services.toString(), "dest", dest,
                    "format", f).isChanged(), f + " second run");
            LocalTarget t = new LocalTarget();
            Result u = Run.run(new UnarchiveModule(), t, "src", dest, "dest", restore.toString(), "remote_src", true);
            assertFalse(u.isFailed(), f + ": " + u.msg());
            assertTrue(u.isChanged(), f);
            assertEquals("db-v1\n", Files.readString(restore.resolve("services/grafana/data/grafana.db")), f);
            assertFalse(Run.run(new UnarchiveModule(), new LocalTarget(), "src", dest, "dest", restore.toString(),
                    "remote_src", true).isChanged(), f + " second unarchive");
            LocalTarget.exec("rm -rf " + restore + "/services", null);
        }
    }

    @Test void singleFileIsCompressedBesideItself() throws Exception {
        Path db = services.resolve("grafana/data/grafana.db");
        Result r = Run.run(new ArchiveModule(), new LocalTarget(), "path", db.toString());
        assertFalse(r.isFailed(), r.msg());
        assertEquals("compress", r.values().get("dest_state"));
        assertEquals(db + ".gz", r.values().get("dest"));
        assertEquals("db-v1\n", LocalTarget.exec("gzip -dc " + db + ".gz", null).stdout());
        assertFalse(Run.run(new ArchiveModule(), new LocalTarget(), "path", db.toString()).isChanged());
    }

    @Test void missingSourcesAndDestInsideSourceAreReported() {
        Result r = Run.run(new ArchiveModule(), new LocalTarget(), "path", List.of(services.toString(), dir + "/nope"),
                "dest", backups + "/x.tgz");
        assertFalse(r.isFailed(), r.msg());
        assertEquals("incomplete", r.values().get("dest_state"));
        assertEquals(List.of(dir + "/nope"), r.values().get("missing"));
        Result inside = Run.run(new ArchiveModule(), new LocalTarget(), "path", services.toString(),
                "dest", services + "/x.tgz");
        assertTrue(inside.isFailed());
        assertTrue(inside.msg().contains("inside the source directory"), inside.msg());
        Result none = Run.run(new ArchiveModule(), new LocalTarget(), "path", dir + "/none*", "dest", backups + "/y.tgz");
        assertTrue(none.isFailed());
        assertEquals("Error, no source paths were found", none.msg());
    }

    @Test void corruptControllerArchiveIsRefusedBeforeTheHostIsTouched() throws Exception {
        String dest = backups.resolve("services.tar.gz").toString();
        archive(new LocalTarget(), "gz", dest);
        byte[] good = Files.readAllBytes(Path.of(dest));
        Path truncated = dir.resolve("truncated.tar.gz");
        Files.write(truncated, Arrays.copyOf(good, good.length / 2));
        Path flipped = dir.resolve("flipped.tar.gz");
        byte[] bad = good.clone();
        bad[bad.length - 6] ^= 0x55; // inside the gzip trailer's CRC/size
        Files.write(flipped, bad);
        Path garbage = dir.resolve("garbage.tar.gz");
        Files.writeString(garbage, "not an archive\n");
        LocalTarget.exec("tar -cf " + dir + "/plain.tar -C " + dir + " srv", null);
        byte[] plain = Files.readAllBytes(dir.resolve("plain.tar"));
        Path shortTar = dir.resolve("short.tar");
        Files.write(shortTar, Arrays.copyOf(plain, 1024 + 100));
        for (Path p : List.of(truncated, flipped, garbage, shortTar)) {
            FakeTarget fake = new FakeTarget();
            Result r = Run.run(new UnarchiveModule(), new ControllerTarget(fake, dir), "src", p.getFileName().toString(),
                    "dest", restore.toString());
            assertTrue(r.isFailed(), p + " must be refused");
            assertTrue(r.msg().contains(p.toString()), r.msg());
            assertEquals(List.of(), fake.sent, "nothing may reach the host for " + p);
        }
        assertEquals(0, restore.toFile().list().length);
    }

    @Test void corruptRemoteArchiveFailsBeforeExtracting() throws Exception {
        String dest = backups.resolve("services.tar.gz").toString();
        archive(new LocalTarget(), "gz", dest);
        byte[] good = Files.readAllBytes(Path.of(dest));
        Path truncated = backups.resolve("t.tar.gz");
        Files.write(truncated, Arrays.copyOf(good, good.length - 20));
        LocalTarget t = new LocalTarget();
        Result r = Run.run(new UnarchiveModule(), t, "src", truncated.toString(), "dest", restore.toString(), "remote_src", true);
        assertTrue(r.isFailed());
        assertTrue(r.msg().contains(truncated.toString()) && r.msg().contains("corrupt or truncated"), r.msg());
        assertEquals(List.of(), t.applies);
        assertEquals(0, restore.toFile().list().length);
    }

    @Test void createsSkipsAndMissingDestFails() throws Exception {
        String dest = backups.resolve("services.tar.gz").toString();
        archive(new LocalTarget(), "gz", dest);
        Result skip = unarchive(new LocalTarget(), dest, "creates", services.toString());
        assertTrue(skip.isSkipped());
        Result r = Run.run(new UnarchiveModule(), new ControllerTarget(new LocalTarget(), dir), "src", dest,
                "dest", dir + "/absent");
        assertTrue(r.isFailed());
        assertEquals("dest '" + dir + "/absent' must be an existing dir", r.msg());
    }

    @Test void modeIsAppliedToMembersAndKeptIdempotent() throws Exception {
        String dest = backups.resolve("services.tar.gz").toString();
        Run.run(new ArchiveModule(), new LocalTarget(), "path", services.toString(), "dest", dest);
        Result u = unarchive(new LocalTarget(), dest, "mode", "u=rwX,g=rX,o=");
        assertFalse(u.isFailed(), u.msg());
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(restore.resolve("services/grafana/compose.yaml"))));
        assertFalse(unarchive(new LocalTarget(), dest, "mode", "u=rwX,g=rX,o=").isChanged());
        assertTrue(Files.list(restore).count() == 1, "mode is applied to members only, not beside them");
    }
}
