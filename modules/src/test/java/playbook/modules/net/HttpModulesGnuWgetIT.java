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
 * uri and get_url through an sshd whose sessions have a PATH of this machine's programs minus
 * curl, so the GNU wget path runs for real.
 */
class HttpModulesGnuWgetIT extends HttpModulesContract {
    static final Path BIN = withoutCurl();

    @RegisterExtension
    static final SshdExtension SSHD = SshdExtension.builder().config("SetEnv PATH=" + BIN).build();

    @Override SshdExtension sshd() { return SSHD; }

    @Override String client() { return "wget"; }

    /** A temp dir of symlinks to everything in /usr/bin and /bin except curl. */
    static Path withoutCurl() {
        try {
            Path bin = Files.createTempDirectory("pb-nocurl");
            for (String d : new String[] {"/usr/bin", "/bin"}) {
                try (Stream<Path> s = Files.list(Path.of(d))) {
                    for (Path p : s.toList()) {
                        Path link = bin.resolve(p.getFileName().toString());
                        if (p.getFileName().toString().equals("curl") || Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) continue;
                        Files.createSymbolicLink(link, p);
                    }
                }
            }
            return bin;
        } catch (IOException e) {
            throw new IllegalStateException("cannot build the PATH without curl", e);
        }
    }

    @AfterAll
    static void removeBin() throws IOException {
        try (Stream<Path> s = Files.walk(BIN)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
