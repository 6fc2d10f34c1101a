package playbook.modules.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.Result;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class StatCopyLocalTest {
    @SuppressWarnings("unchecked")
    private static Map<String, Object> stat(Object... kv) {
        return (Map<String, Object>) Run.run(new StatModule(), new LocalTarget(), kv).values().get("stat");
    }

    @Test void statOfFileLinkAndMissing(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("f");
        Files.writeString(f, "hi\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(dir.resolve("l"), Path.of("f"));
        Map<String, Object> s = stat("path", f.toString());
        assertEquals(true, s.get("exists"));
        assertEquals(true, s.get("isreg"));
        assertEquals("0640", s.get("mode"));
        assertEquals(3L, s.get("size"));
        assertEquals("55ca6286e3e4f4fba5d0448333fa99fc5a404a73", s.get("checksum"));
        assertEquals(false, s.get("roth"));
        assertEquals(true, s.get("rgrp"));
        assertEquals("root", s.get("pw_name"));

        Map<String, Object> l = stat("path", dir.resolve("l").toString());
        assertEquals(true, l.get("islnk"));
        assertEquals("f", l.get("lnk_target"));
        assertEquals(f.toRealPath().toString(), l.get("lnk_source"));
        assertNull(l.get("checksum"));
        Map<String, Object> lf = stat("path", dir.resolve("l").toString(), "follow", true, "checksum_algorithm", "sha256");
        assertEquals(false, lf.get("islnk"));
        assertEquals("98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4", lf.get("checksum"));
        assertEquals(Map.of("exists", false), stat("path", dir.resolve("nope").toString()));
        assertEquals(true, stat("path", dir.toString()).get("isdir"));
    }

    @Test void copyContentWritesAtomicallyAndIsIdempotent(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("conf");
        CopyModule copy = new CopyModule();
        LocalTarget ck = new LocalTarget().check(true);
        assertTrue(Run.run(copy, ck, "content", "hello\n", "dest", f.toString()).isChanged());
        assertFalse(Files.exists(f));

        Result r = Run.run(copy, new LocalTarget(), "content", "hello\n", "dest", f.toString(), "mode", "0600", "owner", "472");
        assertTrue(r.isChanged(), r.msg());
        assertEquals("hello\n", Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(472, Files.getAttribute(f, "unix:uid"));
        assertEquals("f572d396fae9206628714fb2ce00f72e94f2258f", r.values().get("checksum"));
        assertEquals("0600", r.values().get("mode"));

        LocalTarget again = new LocalTarget();
        assertFalse(Run.run(copy, again, "content", "hello\n", "dest", f.toString(), "mode", "0600", "owner", "472").isChanged());
        assertTrue(again.applies.isEmpty());

        LocalTarget d = new LocalTarget().diff(true);
        Result r2 = Run.run(copy, d, "content", "bye\n", "dest", f.toString(), "backup", true);
        assertTrue(r2.isChanged());
        assertEquals("bye\n", Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), "replacing keeps the old mode");
        assertEquals(472, Files.getAttribute(f, "unix:uid"), "replacing keeps the old owner");
        String backup = (String) r2.values().get("backup_file");
        assertNotNull(backup);
        assertEquals("hello\n", Files.readString(Path.of(backup)));
        assertEquals("hello\n", r2.diffs().get(0).before());
        assertEquals("bye\n", r2.diffs().get(0).after());
        try (var s = Files.list(dir)) {
            assertEquals(2, s.count(), "no temp file left behind");
        }
    }

    @Test void copyValidateAndErrors(@TempDir Path dir) throws Exception {
        CopyModule copy = new CopyModule();
        Path f = dir.resolve("v");
        Result bad = Run.run(copy, new LocalTarget(), "content", "x", "dest", f.toString(), "validate", "grep -q y %s");
        assertTrue(bad.isFailed());
        assertEquals("failed to validate", bad.msg());
        assertFalse(Files.exists(f));
        try (var s = Files.list(dir)) { assertEquals(0, s.count(), "temp file removed"); }
        assertTrue(Run.run(copy, new LocalTarget(), "content", "y", "dest", f.toString(), "validate", "grep -q y %s").isChanged());
        assertEquals("Destination directory " + dir + "/no does not exist",
                Run.run(copy, new LocalTarget(), "content", "x", "dest", dir + "/no/f").msg());
        assertEquals("can not use content with a dir as dest", Run.run(copy, new LocalTarget(), "content", "x", "dest", dir.toString()).msg());
        assertFalse(Run.run(copy, new LocalTarget(), "content", "other", "dest", f.toString(), "force", false).isChanged());
        assertEquals("y", Files.readString(f));
        Result noSrc = Run.run(copy, new LocalTarget(), "src", "a", "dest", f.toString());
        assertTrue(noSrc.isFailed());
        assertTrue(noSrc.msg().startsWith("Could not find or access 'a' on the Ansible Controller."), noSrc.msg());
    }
}
