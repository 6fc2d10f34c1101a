package playbook.matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small host-state helpers for the cases: write, read and assert files with Java's file API. */
final class Fs {
    private Fs() {}

    static Path write(Path p, String content) throws IOException {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, content);
    }

    static Path write(Path p, String content, String mode) throws IOException {
        write(p, content);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    static void assertFile(Path p, String content, String mode) throws IOException {
        assertTrue(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS), p + " is not a regular file");
        assertEquals(content, Files.readString(p), p + ": content");
        if (mode != null) assertEquals(mode, mode(p), p + ": mode");
    }

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    static void assertOwner(Path p, String owner, String group) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertEquals(owner + ":" + group, a.owner().getName() + ":" + a.group().getName(), p + ": owner:group");
    }

    static void assertAbsent(Path p) {
        assertTrue(!Files.exists(p, LinkOption.NOFOLLOW_LINKS), p + " still exists");
    }

    /** Runs a local command in {@code dir} (to build fixtures such as archives); fails on a non-zero exit. */
    static String sh(Path dir, String command) throws Exception {
        Process p = new ProcessBuilder(List.of("/bin/sh", "-c", command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("hung: " + command);
        }
        if (p.exitValue() != 0) throw new IllegalStateException(command + " failed: " + out);
        return out;
    }
}
