package playbook.modules.archive;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Shell;
import playbook.modules.BusyBoxPath;
import playbook.modules.LocalTarget;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The zip name listing of a host-side unarchive, with Info-ZIP's unzip and with BusyBox's (which has no -Z). */
class ZipNamesLocalTest {
    static Path busybox;
    @TempDir Path dir;

    @BeforeAll static void bin() { busybox = BusyBoxPath.create(); }

    @AfterAll static void rm() throws Exception { BusyBoxPath.remove(busybox); }

    @Test void listsTheSameNamesWithInfoZipAndWithBusyBox() throws Exception {
        Files.createDirectories(dir.resolve("p/sub dir"));
        Files.writeString(dir.resolve("p/q.txt"), "q\n");
        Files.writeString(dir.resolve("p/sub dir/a b.txt"), "ab\n");
        ExecResult zip = LocalTarget.exec("cd " + Shell.quote(dir.resolve("p").toString()) + " && python3 -m zipfile -c ../a.zip q.txt 'sub dir'", null);
        assertEquals(0, zip.rc(), zip.stderr());
        String script = RemoteArchive.ZIP_NAMES.replace("$z", Shell.quote(dir.resolve("a.zip").toString()));
        String expected = "q.txt\nsub dir/\nsub dir/a b.txt\n";
        ExecResult gnu = LocalTarget.exec(script, null);
        assertEquals(expected, gnu.stdout(), gnu.stderr());
        ExecResult bb = LocalTarget.exec("PATH=" + busybox + "; export PATH; " + script, null);
        assertEquals(expected, bb.stdout(), bb.stderr());
        ExecResult noZ = LocalTarget.exec("PATH=" + busybox + "; export PATH; unzip -Z1 " + Shell.quote(dir.resolve("a.zip").toString()), null);
        assertTrue(noZ.rc() != 0, "BusyBox unzip has no -Z (else this test proves nothing)");
    }
}
