package playbook.modules.net;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import playbook.engine.testing.SshdExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * uri and get_url through an sshd whose sessions have a PATH of BusyBox applets only (no curl,
 * no GNU tools), so the BusyBox wget path runs for real.
 */
class HttpModulesBusyBoxIT extends HttpModulesContract {
    static final Path BIN = busyboxBin();

    @RegisterExtension
    static final SshdExtension SSHD = SshdExtension.builder().config("SetEnv PATH=" + BIN).build();

    @Override SshdExtension sshd() { return SSHD; }

    @Override String client() { return "busybox"; }

    /** A temp dir of symlinks, one per applet, to /usr/bin/busybox. */
    static Path busyboxBin() {
        try {
            Path bin = Files.createTempDirectory("pb-busybox");
            Process p = new ProcessBuilder("/usr/bin/busybox", "--list").redirectErrorStream(true).start();
            String list = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) throw new IllegalStateException("busybox --list failed: " + list);
            for (String applet : list.split("\n")) {
                if (applet.isBlank()) continue;
                Files.createSymbolicLink(bin.resolve(applet.strip()), Path.of("/usr/bin/busybox"));
            }
            return bin;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot build the BusyBox PATH", e);
        }
    }

    @AfterAll
    static void removeBin() throws IOException {
        try (Stream<Path> s = Files.walk(BIN)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
