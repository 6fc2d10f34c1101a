package playbook.matrix;

import org.junit.jupiter.api.Assumptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lab (lab/README.md) on one lab network and state dir: up, down, and root commands on its hosts. */
final class LabHosts {
    record Out(int rc, String out, String err) {
        @Override public String toString() { return "rc=" + rc + "\n--- out\n" + out + "\n--- err\n" + err; }
    }

    private final Path root;
    private final String net;
    private final Path state;

    LabHosts(String net, Path state) {
        this.root = findRoot();
        this.net = net;
        this.state = state;
    }

    private static Path findRoot() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("lab/up"))) return p;
        }
        return Path.of(System.getProperty("user.dir")).getParent();
    }

    /** Starts pi and mac; skips the test where the lab cannot run. */
    void up() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(root.resolve("lab/up")), "lab/ not found from " + root);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the lab needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "openssh-server is not installed");
        Out r = exec(List.of(root.resolve("lab/up").toString(), "--net", net, "--state", state.toString()));
        if (r.rc != 0) throw new IllegalStateException("lab/up failed: " + r);
    }

    void down() throws Exception {
        if (!Files.exists(state)) return;
        Out r = exec(List.of(root.resolve("lab/down").toString(), "--state", state.toString()));
        if (r.rc != 0) throw new IllegalStateException("lab/down failed: " + r);
    }

    Path inventory() {
        return state.resolve("inventory.ini");
    }

    /** A root shell command on a lab host. */
    Out root(String host, String command) throws Exception {
        return exec(List.of("ssh", "-F", state.resolve("ssh_config").toString(), host, command));
    }

    String rootOk(String host, String command) throws Exception {
        Out r = root(host, command);
        assertTrue(r.rc == 0, host + ": " + command + "\n" + r);
        return r.out;
    }

    private static Out exec(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("hung: " + argv);
        }
        return new Out(p.exitValue(), out, err.join());
    }
}
