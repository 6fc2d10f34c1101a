package playbook.engine.connection;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A local put that replaces a file keeps its owner, group and mode (as root, who can set them); a new file gets the source's mode. */
class LocalPutOwnerTest {
    @TempDir Path dir;

    @Test
    void replacingAFileKeepsItsOwnerGroupAndMode() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "setting another owner needs root");
        Path dst = Files.writeString(dir.resolve("app.conf"), "old\n");
        Files.setAttribute(dst, "unix:uid", 1234);
        Files.setAttribute(dst, "unix:gid", 1235);
        Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("rw-r-----"));
        Path src = Files.writeString(dir.resolve("src"), "new\n");
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (LocalConnection c = new LocalConnection("localhost")) {
            c.put(src, dst.toString());
            c.put(src, dir.resolve("fresh").toString());
        }
        assertEquals("new\n", Files.readString(dst));
        assertEquals(1234, Files.getAttribute(dst, "unix:uid"));
        assertEquals(1235, Files.getAttribute(dst, "unix:gid"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dst)));
        assertEquals(0, Files.getAttribute(dir.resolve("fresh"), "unix:uid"));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("fresh"))));
    }
}
