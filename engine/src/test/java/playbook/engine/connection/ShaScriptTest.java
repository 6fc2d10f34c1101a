package playbook.engine.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The host-side sha256 function with each tool it may find: openssl, sha256sum, and neither of them first. */
class ShaScriptTest {
    @TempDir
    Path tmp;

    private String runWithPath(List<String> tools, Path file) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin-" + String.join("-", tools)));
        for (String t : tools) {
            Path real = Path.of("/usr/bin", t);
            assumeTrue(Files.isExecutable(real), t + " is not installed here");
            if (!Files.exists(bin.resolve(t))) Files.createSymbolicLink(bin.resolve(t), real);
        }
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", SshFiles.SHA + "pb_sha \"$1\"", "sh", file.toString()).redirectErrorStream(true);
        pb.environment().put("PATH", bin.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void everyToolGivesTheSameBareDigest() throws Exception {
        byte[] data = "some bytes\nand more\n".getBytes();
        Path f = Files.write(tmp.resolve("a file with spaces.bin"), data);
        String want = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        assertEquals(want, runWithPath(List.of("openssl", "cut"), f), "openssl");
        assertEquals(want, runWithPath(List.of("sha256sum", "cut"), f), "sha256sum without openssl");
        assertEquals(want, runWithPath(List.of("shasum", "cut"), f), "shasum (macOS) without the others");
    }
}
