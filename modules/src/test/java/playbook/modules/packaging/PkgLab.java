package playbook.modules.packaging;

import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab as the package tests use it: one lab (network and state dir), a local work dir, one-task
 * playbooks run on pi through {@code Main.run}, and ssh/scp/sh helpers that fail the test on error.
 */
final class PkgLab {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    final String net;
    final Path state;
    final Path work;

    PkgLab(String net, Path state, Path work) {
        this.net = net;
        this.state = state;
        this.work = work;
    }

    /** Runs lab/CMD --state STATE EXTRA..., printing its output when it fails; returns its exit code. */
    int lab(String cmd, String... extra) throws Exception {
        List<String> argv = new ArrayList<>(List.of(ROOT.resolve("lab/" + cmd).toString(), "--state", state.toString()));
        argv.addAll(List.of(extra));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "lab/" + cmd + " hung");
        if (p.exitValue() != 0) System.err.println(out);
        return p.exitValue();
    }

    int up() throws Exception { return lab("up", "--net", net); }

    /** Runs a one-play playbook on pi whose first task is {@code task} (YAML under "- "): {rc, stdout, stderr}. */
    String[] play(String task, String... extra) throws Exception {
        Path pb = work.resolve("play.yaml");
        Files.writeString(pb, "- hosts: pi\n  gather_facts: false\n  tasks:\n    - " + task + "\n");
        List<String> argv = new ArrayList<>(List.of("run", pb.toString(), "-i", state.resolve("inventory.ini").toString()));
        argv.addAll(List.of(extra));
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                argv.toArray(String[]::new));
        return new String[]{String.valueOf(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    String pi(String cmd) throws Exception {
        return exec(List.of("ssh", "-F", state.resolve("ssh_config").toString(), "pi", cmd), null);
    }

    void scp(String from, String to) throws Exception {
        exec(List.of("scp", "-q", "-r", "-F", state.resolve("ssh_config").toString(), from, to), null);
    }

    void local(String cmd) throws Exception {
        exec(List.of("sh", "-c", cmd), work);
    }

    static String exec(List<String> argv, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        if (dir != null) pb.directory(dir.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), argv + " hung");
        assertEquals(0, p.exitValue(), argv + ":\n" + out);
        return out;
    }

    static void assertRecap(String[] r, String rc, int ok, int changed) {
        assertEquals(rc, r[0], r[1] + r[2]);
        assertTrue(r[1].matches("(?s).*pi\\s*:\\s*ok=" + ok + "\\s+changed=" + changed + "\\s+unreachable=0\\s+failed=0.*"),
                "expected ok=" + ok + " changed=" + changed + ":\n" + r[1] + r[2]);
    }
}
