package playbook.modules.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.Result;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.*;

/** fetch and tempfile on this machine. */
class FetchTempLocalTest {
    @Test void fetchIntoHostTreeThenIdempotentThenFlat(@TempDir Path dir) throws Exception {
        Path remote = Files.createDirectories(dir.resolve("remote/etc"));
        Files.writeString(remote.resolve("app.conf"), "hi\n");
        Path out = dir.resolve("out");
        ControllerTarget t = new ControllerTarget(new LocalTarget(), dir);
        t.hostName = "pi";
        Result r = Run.run(new FetchModule(), t, "src", remote + "/app.conf", "dest", out.toString());
        assertTrue(r.isChanged(), String.valueOf(r.msg()));
        Path got = Path.of(out + "/pi" + remote + "/app.conf");
        assertEquals(got.toString(), r.values().get("dest"));
        assertEquals("hi\n", Files.readString(got));
        assertEquals("55ca6286e3e4f4fba5d0448333fa99fc5a404a73", r.values().get("checksum"));
        assertEquals(r.values().get("checksum"), r.values().get("remote_checksum"));

        ControllerTarget again = new ControllerTarget(new LocalTarget(), dir);
        again.hostName = "pi";
        assertFalse(Run.run(new FetchModule(), again, "src", remote + "/app.conf", "dest", out.toString()).isChanged());
        assertTrue(again.transfers.isEmpty(), "unchanged file is not downloaded again");

        Path flat = dir.resolve("flat/");
        Files.createDirectories(flat);
        Result f = Run.run(new FetchModule(), t, "src", remote + "/app.conf", "dest", flat + "/", "flat", true);
        assertEquals(flat.resolve("app.conf").toString(), f.values().get("dest"));
        assertEquals("dest is an existing directory, use a trailing slash if you want to fetch src into that directory",
                Run.run(new FetchModule(), t, "src", remote + "/app.conf", "dest", flat.toString(), "flat", true).msg());
        assertEquals("remote file is a directory, fetch cannot work on directories",
                Run.run(new FetchModule(), t, "src", remote.toString(), "dest", out.toString()).msg());
    }

    @Test void tempfileCreatesPrivateFileAndDirectory(@TempDir Path dir) throws Exception {
        Result r = Run.run(new TempFileModule(), new LocalTarget(), "path", dir.toString(), "prefix", "bk.", "suffix", ".tar");
        assertTrue(r.isChanged());
        Path p = Path.of((String) r.values().get("path"));
        assertEquals(dir, p.getParent());
        assertTrue(p.getFileName().toString().matches("bk\\.[a-z0-9_]{8}\\.tar"), p.toString());
        assertTrue(Files.isRegularFile(p));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));

        Path d = Path.of((String) Run.run(new TempFileModule(), new LocalTarget(), "state", "directory", "path", dir.toString())
                .values().get("path"));
        assertTrue(Files.isDirectory(d));
        assertTrue(d.getFileName().toString().startsWith("ansible."));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
        Result bad = Run.run(new TempFileModule(), new LocalTarget(), "path", dir + "/missing");
        assertTrue(bad.isFailed());
        assertTrue(bad.msg().contains("No such file or directory"), bad.msg());
    }
}
