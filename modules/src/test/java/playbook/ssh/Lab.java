package playbook.ssh;

import org.junit.jupiter.api.Assumptions;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab (network-namespace hosts pi and mac, lab/README.md) on lab network 15 for the SSH
 * transport tests: up, down, root shell commands on a host, and playbook runs through the CLI.
 * A test class that needs its own lab network calls {@link #up(String, Path, String...)}; the
 * next {@link #down()} returns to network 15. One lab at a time per JVM (test classes run in turn).
 */
final class Lab {
    static final Path ROOT = findRoot();
    static final Path STATE = Path.of("/tmp/lab-ssh");
    static final String NET = "15";
    private static volatile Path state = STATE;
    private static volatile String net = NET;

    private Lab() {}

    private static Path findRoot() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("lab/up"))) return p;
        }
        return Path.of(System.getProperty("user.dir")).getParent();
    }

    record Out(int rc, String out, String err) {
        String all() { return out + err; }

        @Override public String toString() { return "rc=" + rc + "\n--- out\n" + out + "\n--- err\n" + err; }
    }

    static void up() throws Exception {
        up(NET, STATE);
    }

    /** Starts a lab on network {@code labNet} in {@code stateDir}, with extra lab/up arguments (e.g. --hosts 20). */
    static void up(String labNet, Path stateDir, String... extra) throws Exception {
        net = labNet;
        state = stateDir;
        Assumptions.assumeTrue(Files.isExecutable(ROOT.resolve("lab/up")), "lab/ not found from " + ROOT);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the lab needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "openssh-server is not installed");
        List<String> argv = new ArrayList<>(List.of(ROOT.resolve("lab/up").toString(), "--net", labNet, "--state", stateDir.toString()));
        argv.addAll(List.of(extra));
        Out r = exec(argv, null);
        if (r.rc != 0) throw new IllegalStateException("lab/up failed: " + r);
    }

    static void down() throws Exception {
        Path dir = state;
        state = STATE;
        net = NET;
        if (!Files.exists(dir)) return;
        Out r = exec(List.of(ROOT.resolve("lab/down").toString(), "--state", dir.toString()), null);
        if (r.rc != 0) throw new IllegalStateException("lab/down failed: " + r);
    }

    /** The state dir of the lab that is up (inventory.ini, ssh_config, hosts.txt). */
    static Path state() {
        return state;
    }

    /** The network namespace of {@code host} in the lab that is up. */
    static String netns(String host) {
        return "pblab" + net + "-" + host;
    }

    /** Runs a shell command as root on a lab host over the lab's ssh_config. */
    static Out root(String host, String command) throws Exception {
        return exec(List.of("ssh", "-F", state.resolve("ssh_config").toString(), host, command), null);
    }

    /** Like {@link #root} but fails the test when the command fails. */
    static String rootOk(String host, String command) throws Exception {
        Out r = root(host, command);
        assertTrue(r.rc == 0, host + ": " + command + "\n" + r);
        return r.out;
    }

    static Out exec(List<String> argv, byte[] stdin) throws Exception {
        Process p = new ProcessBuilder(argv).start();
        if (stdin != null) p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        var err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
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

    /** The lab inventory line of {@code host}, with {@code ansible_user=root} swapped for {@code user}, plus extra vars. */
    static String hostLine(String host, String user, String extra) throws Exception {
        for (String line : Files.readAllLines(state.resolve("inventory.ini"))) {
            if (line.startsWith(host + " ")) {
                return line.replace("ansible_user=root", "ansible_user=" + user) + (extra.isEmpty() ? "" : " " + extra);
            }
        }
        throw new IllegalStateException("no " + host + " in the lab inventory");
    }

    /** The lab inventory vars of {@code host} (ansible_host, key, known_hosts args) with {@code ansible_user=user}. */
    static java.util.Map<String, Object> vars(String host, String user) throws Exception {
        java.util.Map<String, Object> vars = new java.util.LinkedHashMap<>();
        var m = java.util.regex.Pattern.compile("(\\w+)=('[^']*'|\\S+)").matcher(hostLine(host, user, ""));
        while (m.find()) vars.put(m.group(1), m.group(2).startsWith("'") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2));
        return vars;
    }

    /** A connection to a lab host as {@code user}, with no ~/.ssh/config. */
    static playbook.engine.connection.Connection connect(String host, String user) throws Exception {
        var o = playbook.engine.connection.ConnectionOptions.defaults().withSshConfig(playbook.engine.testing.SshTestHosts.emptySshConfig(), true);
        return new playbook.engine.connection.SshTransport(o).connection(host, vars(host, user));
    }

    /** The lab address of {@code host}. */
    static String address(String host) throws Exception {
        for (String line : Files.readAllLines(state.resolve("hosts.txt"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2 && f[0].equals(host)) return f[1];
        }
        throw new IllegalStateException("no " + host + " in hosts.txt");
    }

    /**
     * Runs the CLI as a child JVM (as an admin runs it) in {@code dir}, with extra environment
     * variables and JVM options; stdout and stderr go through files, not pipes.
     */
    static Out cli(Path dir, java.util.Map<String, String> env, List<String> jvmOptions, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1"));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-cp", System.getProperty("playbook.test.classpath", System.getProperty("java.class.path")),
                "playbook.engine.cli.Main"));
        argv.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("hung: " + argv);
            }
            return new Out(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs a playbook through the CLI in-process, with extra CLI arguments. */
    static Out play(Path dir, String playbook, String inventory, String... extra) throws Exception {
        Files.writeString(dir.resolve("site.yml"), playbook);
        Files.writeString(dir.resolve("inventory"), inventory);
        List<String> args = new ArrayList<>(List.of("run", dir.resolve("site.yml").toString(), "-i", dir.resolve("inventory").toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                args.toArray(String[]::new));
        return new Out(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }
}
