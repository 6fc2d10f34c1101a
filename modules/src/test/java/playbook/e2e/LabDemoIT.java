package playbook.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * playbooks/lab-demo.yaml over real SSH against the lab hosts (pi and mac, each a network
 * namespace with its own sshd): bootstrap with fixed UIDs, the HDD check, a cold backup with
 * absolute names and a verified restore; the second run must change nothing.
 */
class LabDemoIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path STATE = Path.of("/tmp/playbook-lab-it");

    private static int lab(String cmd) throws Exception {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of(ROOT.resolve("lab/" + cmd).toString(), "--state", STATE.toString()));
        if (cmd.equals("up")) argv.addAll(java.util.List.of("--net", "7"));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "lab/" + cmd + " hung");
        if (p.exitValue() != 0) System.err.println(out);
        return p.exitValue();
    }

    @BeforeAll
    static void up() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(ROOT.resolve("lab/up")), "lab/ not found from " + ROOT);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the lab needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "openssh-server is not installed");
        assertEquals(0, lab("up"));
    }

    @AfterAll
    static void down() throws Exception {
        if (Files.exists(STATE)) assertEquals(0, lab("down"), "lab/down must leave nothing behind");
    }

    private static String[] run() {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                "run", ROOT.resolve("playbooks/lab-demo.yaml").toString(), "-i", STATE.resolve("inventory.ini").toString());
        return new String[]{String.valueOf(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void bootstrapBackupAndRestoreOverSshThenNothingToChange() {
        String[] first = run();
        assertEquals("0", first[0], first[1] + first[2]);
        assertTrue(first[1].contains("pi                         : ok=13   changed=6 "), first[1]);
        String[] second = run();
        assertEquals("0", second[0], second[1] + second[2]);
        assertTrue(second[1].contains("pi                         : ok=13   changed=0 "), second[1]);
        assertTrue(second[1].contains("mac                        : ok=4    changed=0 "), second[1]);
        assertFalse(second[1].contains("UNREACHABLE"), second[1]);
    }
}
