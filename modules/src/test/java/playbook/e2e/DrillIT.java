package playbook.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The disaster-recovery drill on the lab (lab/drill: site, seed, backup + offsite pull, break,
 * site, restore, verify), then the restore's promises on the same lab: a corrupt archive and a
 * truncated one are refused before pi's data is touched; the controller killed (SIGKILL) at 20
 * seeded random points of restore.yaml leaves pi's data wholly old or wholly new, and a rerun
 * converges. The playbooks run as child JVMs from the test classpath.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrillIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    /** Lab network and state dir: 8 and /tmp/playbook-drill-it unless playbook.drill.net / .state say otherwise (dev runs). */
    private static final Path STATE = Path.of(System.getProperty("playbook.drill.state", "/tmp/playbook-drill-it"));
    private static final String NET = System.getProperty("playbook.drill.net", "8");
    private static final Path REPORT = STATE.resolveSibling(STATE.getFileName() + "-report");
    /** The data restore swaps in that no running service rewrites: compared byte for byte, with owners and modes. */
    private static final String FINGERPRINT = "for d in /srv/services/grafana /srv/services/loki /srv/services/prometheus /etc/wireguard; do"
            + " [ -e \"$d\" ] || { echo \"missing $d\"; continue; };"
            + " find \"$d\" -printf '%p %U:%G %m\\n' | sort; find \"$d\" -type f -print0 | sort -z | xargs -0 -r sha256sum; done";

    record Out(int rc, String out) {}

    private static int drillRc;
    private static String drillOut;

    private static List<String> javaCmd() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("playbook.test.classpath", System.getProperty("java.class.path")), "playbook.engine.cli.Main");
    }

    /** Output goes to a file, not a pipe: the lab's hosts outlive lab/drill --keep and inherit its descriptors. */
    private static Out exec(List<String> argv, Map<String, String> env, long minutes) throws Exception {
        Path log = Files.createTempFile("drill-it", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail(String.join(" ", argv) + " hung:\n" + Files.readString(log));
            }
            return new Out(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Out lab(String cmd, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(ROOT.resolve("lab/" + cmd).toString()));
        argv.addAll(List.of(args));
        return exec(argv, Map.of("LAB_STATE", STATE.toString(), "LAB_NET", NET,
                "PLAYBOOK_CMD", String.join(" ", javaCmd())), 15);
    }

    private static Out playbook(String name, String... extra) throws Exception {
        List<String> argv = new ArrayList<>(javaCmd());
        argv.addAll(List.of("run", ROOT.resolve("playbooks/" + name).toString(), "-i", STATE.resolve("inventory.ini").toString(),
                "-e", "drill_state=" + STATE.resolve("drill")));
        argv.addAll(List.of(extra));
        return exec(argv, Map.of(), 10);
    }

    private static String ssh(String host, String command) throws Exception {
        Out r = exec(List.of("ssh", "-F", STATE.resolve("ssh_config").toString(), host, command), Map.of(), 2);
        assertEquals(0, r.rc(), host + ": " + command + "\n" + r.out());
        return r.out();
    }

    @BeforeAll
    static void drill() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the lab needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "openssh-server is not installed");
        Out r = lab("drill", "--keep", "--report", REPORT.toString());
        drillRc = r.rc();
        drillOut = r.out();
    }

    @AfterAll
    static void down() throws Exception {
        Out r = exec(List.of(ROOT.resolve("lab/down").toString(), "--state", STATE.toString()), Map.of(), 2);
        assertEquals(0, r.rc(), "lab/down must leave nothing behind:\n" + r.out());
        Out ns = exec(List.of("ip", "netns", "list"), Map.of(), 1);
        assertFalse(ns.out().contains("pblab" + NET + "-"), ns.out());
    }

    @Test
    @Order(1)
    void theDrillPassesAndWritesItsReport() throws Exception {
        assertEquals(0, drillRc, drillOut);
        String md = Files.readString(REPORT.resolve("drill.md"));
        assertTrue(md.startsWith("# Disaster-recovery drill: PASSED"), md);
        assertTrue(md.matches("(?s).*\\*\\*RTO\\*\\* \\(start of site to healthy services after the restore\\): \\d+\\.\\d s.*"), md);
        assertTrue(md.matches("(?s).*\\*\\*RPO\\*\\* \\(age of the archive restored, `pi-\\d{8}T\\d{6}Z\\.tar\\.gz`.*"), md);
        String xml = Files.readString(REPORT.resolve("drill.junit.xml"));
        assertTrue(xml.contains("tests=\"9\" failures=\"0\""), xml);
        // the second site run changed nothing, and verify proved the data
        assertTrue(drillOut.contains("=== drill phase 9: verify"), drillOut);
    }

    @Test
    @Order(2)
    void aCorruptArchiveIsRefusedBeforePiIsTouchedAndTheFallbackUsesTheOlderOne() throws Exception {
        assumeDrillPassed();
        assertEquals(0, playbook("backup.yaml").rc());
        String newest = ssh("mac", "cd /srv/offsite/pi && ls pi-*.tar.gz | sort | tail -n 1").strip();
        String older = ssh("mac", "cd /srv/offsite/pi && ls pi-*.tar.gz | sort | tail -n 2 | head -n 1").strip();
        assertNotEquals(newest, older);
        ssh("pi", "echo 'edited after the backup' >> /srv/services/grafana/data/dashboards.json");
        String before = ssh("pi", FINGERPRINT);
        ssh("mac", "printf 'bit rot' >> /srv/offsite/pi/" + newest);

        Out refused = playbook("restore.yaml");
        assertEquals(2, refused.rc(), refused.out());
        assertTrue(refused.out().contains("refusing to restore pi: " + newest + ": sha256 mismatch"), refused.out());
        assertEquals(before, ssh("pi", FINGERPRINT), "pi's data changed although the restore was refused");
        assertEquals("", ssh("pi", "ls -A /srv/.restore 2>/dev/null || true").strip());
        assertTrue(ssh("pi", "docker ps").contains("Up"), "the stacks kept running");

        Out fallback = playbook("restore.yaml", "-e", "restore_fallback=true");
        assertEquals(0, fallback.rc(), fallback.out());
        assertTrue(fallback.out().contains("pi restored from " + older), fallback.out());
        assertFalse(ssh("pi", "cat /srv/services/grafana/data/dashboards.json").contains("edited after the backup"));
        ssh("mac", "cd /srv/offsite/pi && rm -f " + newest + " " + newest + ".sha256 " + newest.replace(".tar.gz", ".manifest.json"));
    }

    @Test
    @Order(3)
    void aTruncatedArchiveWithAMatchingChecksumIsRefusedOnPiBeforeItsDataIsTouched() throws Exception {
        assumeDrillPassed();
        String good = ssh("mac", "cd /srv/offsite/pi && ls pi-*.tar.gz | sort | tail -n 1").strip();
        String fake = "pi-20991231T000000Z.tar.gz";
        ssh("mac", "cd /srv/offsite/pi && size=$(stat -c %s " + good + ") && head -c $((size / 2)) " + good + " > " + fake
                + " && sha256sum " + fake + " > " + fake + ".sha256 && cp " + good.replace(".tar.gz", ".manifest.json")
                + " " + fake.replace(".tar.gz", ".manifest.json"));
        ssh("pi", "echo 'wild edit' >> /srv/services/grafana/data/grafana.db");
        String before = ssh("pi", FINGERPRINT);

        Out refused = playbook("restore.yaml");
        assertEquals(2, refused.rc(), refused.out());
        assertTrue(refused.out().contains("can't read /mnt/hdd/backups/restore/" + fake + ": it is damaged"), refused.out());
        assertEquals(before, ssh("pi", FINGERPRINT), "pi's data changed although the archive is damaged");
        assertTrue(ssh("pi", "docker ps").contains("Up"), "the stacks kept running");
        ssh("mac", "cd /srv/offsite/pi && rm -f " + fake + " " + fake + ".sha256 " + fake.replace(".tar.gz", ".manifest.json"));
        ssh("pi", "rm -f /mnt/hdd/backups/restore/" + fake + "*");
    }

    @Test
    @Order(4)
    void aControllerKilledAnywhereInTheRestoreLeavesOldOrNewAndARerunConverges() throws Exception {
        assumeDrillPassed();
        long t0 = System.nanoTime();
        Out clean = playbook("restore.yaml");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, clean.rc(), clean.out());
        System.out.printf("clean restore: %.1f s%n", seconds);
        String restored = ssh("pi", FINGERPRINT);
        Random random = new Random(20261122L);
        // 20 points; a killed run starts from the state the previous kill left (recovering from it, as a rerun
        // does), and a full rerun checks convergence after every rerunEvery-th kill and after the last
        int points = Integer.getInteger("playbook.drill.killPoints", 20);
        int rerunEvery = Integer.getInteger("playbook.drill.rerunEvery", 4);
        for (int i = 0; i < points; i++) {
            t0 = System.nanoTime();
            ssh("pi", "echo 'wild edit " + i + "' >> /srv/services/grafana/data/grafana.db; rm -f /etc/wireguard/wg0.conf;"
                    + " echo stray > /srv/services/loki/data/stray-" + i);
            String old = ssh("pi", FINGERPRINT);
            long killAfterMillis = (long) (random.nextDouble() * seconds * 1000);
            List<String> argv = new ArrayList<>(javaCmd());
            argv.addAll(List.of("run", ROOT.resolve("playbooks/restore.yaml").toString(), "-i", STATE.resolve("inventory.ini").toString()));
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean finished = p.waitFor(killAfterMillis, TimeUnit.MILLISECONDS);
            if (!finished) {
                p.destroyForcibly();    // SIGKILL
                assertTrue(p.waitFor(1, TimeUnit.MINUTES));
            }
            // a remote command the controller started (an extraction, the swap) may still be finishing
            ssh("pi", "sleep 1");
            String after = ssh("pi", FINGERPRINT);
            assertTrue(after.equals(old) || after.equals(restored),
                    "killed after " + killAfterMillis + " ms (point " + i + "): pi's data is neither the old nor the restored state:\n" + after);
            double killed = (System.nanoTime() - t0) / 1e9;
            if ((i + 1) % rerunEvery == 0 || i == points - 1) {
                Out rerun = playbook("restore.yaml");
                assertEquals(0, rerun.rc(), "rerun after a kill at " + killAfterMillis + " ms (point " + i + "):\n" + rerun.out());
                assertEquals(restored, ssh("pi", FINGERPRINT), "the rerun after a kill at " + killAfterMillis + " ms did not converge");
            }
            System.out.printf("kill point %d at %d ms: %.1f s (%.1f s to the kill's check)%n", i, killAfterMillis, (System.nanoTime() - t0) / 1e9, killed);
        }
        assertEquals("", ssh("pi", "ls -A /srv/.restore /mnt/hdd/backups/restore 2>/dev/null | grep -v ':$' | grep . || true").strip());
    }

    private static void assumeDrillPassed() {
        Assumptions.assumeTrue(drillRc == 0, "the drill failed; see theDrillPassesAndWritesItsReport");
    }
}
