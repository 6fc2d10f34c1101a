package playbook.modules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temp dir of symlinks, one per applet, to the Debian {@code busybox} binary: an sshd started
 * with {@code SetEnv PATH=<dir>} gives its sessions a BusyBox-only userland (no GNU tools, no curl).
 */
public final class BusyBoxPath {
    public static final Path BUSYBOX = Path.of("/usr/bin/busybox");

    private BusyBoxPath() {}

    /** Creates the dir; call {@link #remove} when done. */
    public static Path create() {
        try {
            Path bin = Files.createTempDirectory("pb-busybox");
            Process p = new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
            String list = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) throw new IllegalStateException("busybox --list failed: " + list);
            for (String applet : list.split("\n")) {
                if (applet.isBlank()) continue;
                Files.createSymbolicLink(bin.resolve(applet.strip()), BUSYBOX);
            }
            return bin;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot build the BusyBox PATH", e);
        }
    }

    public static void remove(Path bin) throws IOException {
        if (bin == null || !Files.exists(bin)) return;
        try (Stream<Path> s = Files.walk(bin)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
