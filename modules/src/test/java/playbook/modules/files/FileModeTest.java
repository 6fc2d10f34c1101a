package playbook.modules.files;

import org.junit.jupiter.api.Test;
import playbook.engine.ModuleException;

import static org.junit.jupiter.api.Assertions.*;

class FileModeTest {
    @Test void octalStringsIntsAndSymbolic() {
        assertEquals(0644, FileMode.parse("0644").resolve(0, false));
        assertEquals(0644, FileMode.parse("644").resolve(0, false));
        assertEquals(04755, FileMode.parse("4755").resolve(0, false));
        assertEquals(0644, FileMode.parse(420).resolve(0, false), "YAML 0644 arrives as the int 420");
        assertEquals(0744, FileMode.parse("u+x,g-w").resolve(0664, false));
        assertEquals(0640, FileMode.parse("u=rw,g=r,o=").resolve(0777, false));
        assertEquals(0755, FileMode.parse("a+rX").resolve(0700, true));
        assertEquals(0644, FileMode.parse("a+rX").resolve(0600, false), "X adds x only for dirs or already-executable files");
        assertEquals(0755, FileMode.parse("a+rX").resolve(0700, false));
        assertEquals(04755, FileMode.parse("u+s").resolve(0755, false));
        assertEquals(01777, FileMode.parse("o+t").resolve(0777, true));
        assertEquals(0660, FileMode.parse("g=u").resolve(0600, false));
        assertEquals("0640", FileMode.format(0640));
        assertThrows(ModuleException.class, () -> FileMode.parse("rwxr-xr-x"));
    }

    @Test void statLineParsesGnuAndBsdOutputAlike() {
        FileInfo gnu = FileInfo.parse("81a4 0 0 3 1795333975 1795333975 1795333975 1 2148177 65024 root root");
        assertEquals("file", gnu.type());
        assertEquals(0644, gnu.mode());
        assertEquals("root", gnu.owner());
        FileInfo bsd = FileInfo.parse("41ed 501 20 64 1700000000 1700000001 1700000002 2 1234 16777220 alice staff");
        assertTrue(bsd.isDir());
        assertEquals(0755, bsd.mode());
        assertEquals(501, bsd.uid());
        assertEquals("staff", bsd.group());
        FileInfo unknown = FileInfo.parse("a1ff 472 472 1 1 1 1 1 1 1 UNKNOWN UNKNOWN");
        assertTrue(unknown.isLink());
        assertEquals("472", unknown.owner());
        assertFalse(FileInfo.parse("").exists());
        assertEquals("hard", FileInfo.parse("81a4 0 0 3 1 1 1 2 1 1 root root").ansibleState());
    }
}
