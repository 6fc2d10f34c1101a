package playbook.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped playbooks' optional parts, on lab hosts: site.yaml's pre-deploy backup (seed 004)
 * and the offsite role's encrypted copy for a cloud tier (age and gpg). The archives are
 * decrypted on the controller and checked against the .sha256 written at backup time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupExtrasLabIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path STATE = Path.of("/tmp/lab-backup-extras");
    private static final String NET = "24";
    private static final String BACKUPS = "/mnt/hdd/backups";
    private static Path keys;

    record Out(int rc, String out) {}

    private static Out exec(List<String> argv, byte[] stdin) throws Exception {
        Path log = Files.createTempFile("backup-extras", ".log");
        try {
            // output to a file: lab hosts started by lab/up inherit a pipe and would keep it open
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin);
            }
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("hung: " + argv);
            }
            return new Out(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String sh(String command) throws Exception {
        Out r = exec(List.of("sh", "-c", command), null);
        assertEquals(0, r.rc(), command + "\n" + r.out());
        return r.out().trim();
    }

    private static String ssh(String host, String command) throws Exception {
        Out r = exec(List.of("ssh", "-F", STATE.resolve("ssh_config").toString(), host, command), null);
        assertEquals(0, r.rc(), host + ": " + command + "\n" + r.out());
        return r.out().trim();
    }

    private static Out playbook(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", ROOT.resolve("playbooks/" + name).toString(),
                "-i", STATE.resolve("inventory.ini").toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(o, true, StandardCharsets.UTF_8);
        int rc = Main.run(ps, ps, args.toArray(String[]::new));
        return new Out(rc, o.toString(StandardCharsets.UTF_8));
    }

    private static Out ok(String name, String... extra) {
        Out r = playbook(name, extra);
        assertEquals(0, r.rc(), name + " " + String.join(" ", extra) + "\n" + r.out());
        return r;
    }

    private static int changed(Out run, String host) {
        Matcher m = Pattern.compile("(?m)^" + host + "\\s+: ok=\\d+\\s+changed=(\\d+)").matcher(run.out());
        assertTrue(m.find(), run.out());
        return Integer.parseInt(m.group(1));
    }

    private static List<String> archives() throws Exception {
        String ls = ssh("pi", "cd " + BACKUPS + " && ls pi-*.tar.gz 2>/dev/null; true");
        return ls.isEmpty() ? List.of() : List.of(ls.split("\n"));
    }

    @BeforeAll
    static void up() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(ROOT.resolve("lab/up")), "lab/ not found from " + ROOT);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the lab needs root");
        Out r = exec(List.of(ROOT.resolve("lab/up").toString(), "--net", NET, "--state", STATE.toString()), null);
        assertEquals(0, r.rc(), "lab/up: " + r.out());
        keys = Files.createTempDirectory("backup-extras-keys");
    }

    @AfterAll
    static void down() throws Exception {
        try {
            if (Files.exists(STATE)) {
                Out r = exec(List.of(ROOT.resolve("lab/down").toString(), "--state", STATE.toString()), null);
                assertEquals(0, r.rc(), "lab/down must leave nothing behind: " + r.out());
            }
            assertFalse(sh("ip netns list").contains("pblab" + NET + "-"), "a netns of the lab was left");
        } finally {
            if (keys != null) {
                // the decryption started a gpg-agent for the test's GNUPGHOME: stop it before removing it
                if (Files.isDirectory(keys.resolve("gnupg"))) exec(List.of("gpgconf", "--homedir", keys.resolve("gnupg").toString(), "--kill", "all"), null);
                sh("rm -rf '" + keys + "'");
            }
        }
    }

    @Test @Order(1)
    void aFreshHostIsNotBackedUpThenDataIsBackedUpOnceBeforeTheNextDeploy() throws Exception {
        Out fresh = ok("site.yaml");
        assertTrue(fresh.out().contains("no service data under /srv/services yet: nothing to back up"), fresh.out());
        assertEquals(List.of(), archives(), "a fresh host has nothing to back up");

        // the stacks now hold data and no archive exists: the next site run backs up first
        Out second = ok("site.yaml");
        List<String> one = archives();
        assertEquals(1, one.size(), second.out());
        assertTrue(second.out().contains("TASK [backup : Archive backup_paths with absolute names]"), second.out());
        ssh("pi", "cd " + BACKUPS + " && sha256sum -c " + one.get(0) + ".sha256 && test -s " + one.get(0).replace(".tar.gz", ".manifest.json"));
        // the services run again after the cold copy
        ssh("pi", "for i in $(seq 30); do redis-cli ping 2>/dev/null | grep -q PONG && exit 0; sleep 1; done; exit 1");

        Out third = ok("site.yaml");
        assertEquals(0, changed(third, "pi"), "with a fresh archive site changes nothing\n" + third.out());
        assertTrue(third.out().contains(one.get(0) + " is younger than 1d"), third.out());
        assertEquals(one, archives());
    }

    @Test @Order(2)
    void anOldArchiveIsNotEnoughAndSkipTagsBackupSkipsTheBackup() throws Exception {
        List<String> before = archives();
        ok("site.yaml", "--skip-tags", "backup", "-e", "predeploy_backup_max_age=1s");
        assertEquals(before, archives(), "--skip-tags backup must not back up");

        sh("sleep 2");   // the newest archive is now older than 1 s
        Out run = ok("site.yaml", "-e", "predeploy_backup_max_age=1s");
        List<String> after = archives();
        assertEquals(before.size() + 1, after.size(), run.out());
        assertTrue(after.containsAll(before));
    }

    @Test @Order(3)
    void theOffsiteNodeKeepsAnAgeCopyThatDecryptsToTheArchive() throws Exception {
        sh("age-keygen -o '" + keys.resolve("age.key") + "' 2>/dev/null");
        String recipient = sh("age-keygen -y '" + keys.resolve("age.key") + "'");
        String extra = "{\"offsite_encrypt\": {\"tool\": \"age\", \"recipients\": [\"" + recipient + "\"], \"dir\": \"/srv/cloud\"}}";
        Out pull = ok("backup.yaml", "--tags", "offsite", "-e", extra);
        List<String> archives = archives();
        assertTrue(pull.out().contains("changed: [pi -> mac]"), pull.out());
        for (String a : archives) {
            assertEquals("600", ssh("mac", "stat -c %a /srv/cloud/pi/" + a + ".age"));
            Path clear = keys.resolve(a);
            sh("ssh -F '" + STATE.resolve("ssh_config") + "' mac cat /srv/cloud/pi/" + a + ".age | age -d -i '"
                    + keys.resolve("age.key") + "' > '" + clear + "'");
            sh("cd '" + keys + "' && ssh -F '" + STATE.resolve("ssh_config") + "' mac cat /srv/cloud/pi/" + a + ".sha256 | sha256sum -c -");
            assertEquals(ssh("pi", "sha256sum < " + BACKUPS + "/" + a), sh("sha256sum < '" + clear + "'"));
        }
        assertEquals("", ssh("mac", "ls -A /srv/cloud/pi | grep '\\.tmp$'; true"), "no temporary copy left");
        Out again = ok("backup.yaml", "--tags", "offsite", "-e", extra);
        assertEquals(0, changed(again, "pi"), again.out());

        // offsite_keep drops an archive: its encrypted copy goes with it
        Out keep1 = ok("backup.yaml", "--tags", "offsite", "-e", extra, "-e", "offsite_keep=1");
        String newest = archives.stream().sorted().reduce((a, b) -> b).orElseThrow();
        assertEquals(newest + ".age\n" + newest + ".sha256", ssh("mac", "ls /srv/cloud/pi"), keep1.out());
    }

    @Test @Order(4)
    void gpgWorksTooAndARecipientlessCopyIsRefused() throws Exception {
        Path home = keys.resolve("gnupg");
        Files.createDirectories(home);
        sh("chmod 700 '" + home + "' && GNUPGHOME='" + home + "' gpg --batch --pinentry-mode loopback --passphrase '' --quick-gen-key offsite@lab.test default default never 2>&1"
                + " && GNUPGHOME='" + home + "' gpg --export offsite@lab.test > '" + keys.resolve("offsite.pub") + "'");
        Out imported = exec(List.of("ssh", "-F", STATE.resolve("ssh_config").toString(), "mac", "gpg --batch --import"),
                Files.readAllBytes(keys.resolve("offsite.pub")));
        assertEquals(0, imported.rc(), imported.out());
        String extra = "{\"offsite_encrypt\": {\"tool\": \"gpg\", \"recipients\": [\"offsite@lab.test\"], \"dir\": \"/srv/cloud-gpg\"}}";
        ok("backup.yaml", "--tags", "offsite", "-e", extra);
        String copies = ssh("mac", "cd /srv/cloud-gpg/pi && ls *.gpg");
        assertEquals(ssh("mac", "cd /srv/offsite/pi && ls *.tar.gz | sed 's/$/.gpg/'"), copies, "one copy per archive offsite");
        for (String copy : copies.split("\n")) {
            String a = copy.replace(".gpg", "");
            sh("ssh -F '" + STATE.resolve("ssh_config") + "' mac cat /srv/cloud-gpg/pi/" + copy + " | GNUPGHOME='" + home
                    + "' gpg --batch --quiet --decrypt > '" + keys.resolve("gpg-" + a) + "'");
            assertEquals(ssh("pi", "sha256sum < " + BACKUPS + "/" + a), sh("sha256sum < '" + keys.resolve("gpg-" + a) + "'"));
        }

        Out none = playbook("backup.yaml", "--tags", "offsite", "-e",
                "{\"offsite_encrypt\": {\"tool\": \"age\", \"recipients\": [], \"dir\": \"/srv/cloud-none\"}}");
        assertEquals(2, none.rc(), none.out());
        assertTrue(none.out().contains("offsite_encrypt.recipients is empty: nobody could decrypt the copies"), none.out());
    }
}
