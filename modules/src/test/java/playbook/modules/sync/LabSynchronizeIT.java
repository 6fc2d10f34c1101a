package playbook.modules.sync;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

import static org.junit.jupiter.api.Assertions.*;

/**
 * The offsite pull of the DR playbooks on the lab (network 11): a play on pi with
 * {@code delegate_to: mac} and {@code mode: pull} makes mac's rsync fetch pi's /mnt/hdd/backups/
 * over mac's own ssh key and known_hosts. Also a push from the controller to pi with the run's
 * lab key and known_hosts. Files are checked on the hosts over ssh; reruns change nothing.
 */
class LabSynchronizeIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path STATE = Path.of("/tmp/lab-sync");

    @TempDir
    Path dir;

    private static String lab(String cmd) throws Exception {
        List<String> argv = new ArrayList<>(List.of(ROOT.resolve("lab/" + cmd).toString(), "--state", STATE.toString()));
        if (cmd.equals("up")) argv.addAll(List.of("--net", "11"));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "lab/" + cmd + " hung");
        assertEquals(0, p.exitValue(), "lab/" + cmd + ": " + out);
        return out;
    }

    /** Runs a shell script on a lab host (as root) and returns its stdout; fails on a non-zero exit. */
    private static String ssh(String host, String script) throws Exception {
        Process p = new ProcessBuilder("ssh", "-F", STATE.resolve("ssh_config").toString(), host, script).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), "ssh " + host + " hung");
        assertEquals(0, p.exitValue(), "ssh " + host + " " + script + ": " + err);
        return out;
    }

    /** Every file under a dir: relative name, mode, mtime and checksum, sorted. */
    private static String listing(String host, String path) throws Exception {
        return ssh(host, "cd " + path + " && find . -type f -printf '%P %m %T@ ' -exec sha256sum {} \\; | sed 's/  \\..*$//' | sort");
    }

    private String[] run(String playbook, String... options) throws Exception {
        Path pb = dir.resolve("offsite.yml");
        Files.writeString(pb, playbook);
        List<String> a = new ArrayList<>(List.of("run", pb.toString(), "-i", STATE.resolve("inventory.ini").toString()));
        a.addAll(List.of(options));
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                a.toArray(String[]::new));
        return new String[]{String.valueOf(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    private static int changed(String[] r, String host) {
        Matcher m = Pattern.compile("(?m)^" + host + "\\s*: ok=\\d+\\s+changed=(\\d+)\\s+unreachable=0\\s+failed=0").matcher(r[1]);
        assertTrue(m.find(), r[1] + r[2]);
        return Integer.parseInt(m.group(1));
    }

    private static final String PULL = """
            - hosts: pi
              gather_facts: false
              become: true
              tasks:
                - name: offsite dir on mac
                  file:
                    path: /srv/offsite
                    state: directory
                  delegate_to: mac
                - name: mac pulls the archives from pi
                  ansible.posix.synchronize:
                    mode: pull
                    src: /mnt/hdd/backups/
                    dest: /srv/offsite/
                  delegate_to: mac
                  register: pulled
                - assert:
                    that:
                      - "'--rsync-path=sudo -u root rsync' in pulled.cmd"
                      - "'root@10.77.11.11:/mnt/hdd/backups/' in pulled.cmd"
            """;

    @Test
    void macPullsTheArchivesFromPiAndTheControllerPushesToPi() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(ROOT.resolve("lab/up")), "lab/ not found from " + ROOT);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the lab needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "openssh-server is not installed");
        lab("up");
        try {
            ssh("pi", "mkdir -p /mnt/hdd/backups/2026-11-21 /mnt/hdd/backups/2026-11-22"
                    + " && echo photos > /mnt/hdd/backups/2026-11-21/photos.tar.gz"
                    + " && echo db > \"/mnt/hdd/backups/2026-11-22/nextcloud db's dump.sql\""
                    + " && chmod 600 /mnt/hdd/backups/2026-11-21/photos.tar.gz"
                    + " && touch -d 2026-11-21T03:00:00 /mnt/hdd/backups/2026-11-21/photos.tar.gz");
            String onPi = listing("pi", "/mnt/hdd/backups");
            assertTrue(onPi.contains("2026-11-21/photos.tar.gz 600 "), onPi);

            String[] first = run(PULL);
            assertEquals("0", first[0], first[1] + first[2]);
            assertEquals(2, changed(first, "pi"), first[1]);  // the directory and the pull
            assertTrue(first[1].contains("changed: [pi -> mac]"), first[1]);
            assertEquals(onPi, listing("mac", "/srv/offsite"), "mac has pi's archives: names, modes, mtimes, contents");
            assertEquals("", ssh("pi", "ls -A /srv"), "nothing was written on pi's side");

            String[] again = run(PULL);
            assertEquals("0", again[0], again[1] + again[2]);
            assertEquals(0, changed(again, "pi"), "a second pull changes nothing: " + again[1]);

            ssh("pi", "echo new > /mnt/hdd/backups/2026-11-22/new.tar.gz");
            String[] check = run(PULL, "--check", "--diff");
            assertEquals("0", check[0], check[1] + check[2]);
            assertEquals(1, changed(check, "pi"), check[1]);
            assertTrue(check[1].contains("+>f+++++++++ 2026-11-22/new.tar.gz"), check[1]);
            assertEquals("no\n", ssh("mac", "test -e /srv/offsite/2026-11-22/new.tar.gz && echo yes || echo no"),
                    "check mode pulled nothing");
            assertEquals(1, changed(run(PULL), "pi"));
            assertEquals(listing("pi", "/mnt/hdd/backups"), listing("mac", "/srv/offsite"));

            // the controller pushes to pi with the run's key and the lab's known_hosts (strict)
            Path local = Files.createDirectories(dir.resolve("restore set"));
            Files.writeString(local.resolve("compose.yaml"), "services: {}\n");
            String push = """
                    - hosts: pi
                      gather_facts: false
                      tasks:
                        - synchronize:
                            src: "%s/"
                            dest: /srv/restore-test/
                    """.formatted(local);
            String[] pushed = run(push);
            assertEquals("0", pushed[0], pushed[1] + pushed[2]);
            assertEquals(1, changed(pushed, "pi"), pushed[1]);
            assertEquals("services: {}\n", ssh("pi", "cat /srv/restore-test/compose.yaml"));
            assertEquals(0, changed(run(push), "pi"));

            // a remote path with a space and a quote: the run asks mac's rsync for its version and protects the path
            String one = """
                    - hosts: pi
                      gather_facts: false
                      tasks:
                        - synchronize:
                            mode: pull
                            src: "/mnt/hdd/backups/2026-11-22/nextcloud db's dump.sql"
                            dest: /srv/one/
                          delegate_to: mac
                    """;
            ssh("mac", "mkdir -p /srv/one");
            String[] quoted = run(one, "-vv");
            assertEquals("0", quoted[0], quoted[1] + quoted[2]);
            assertEquals("db\n", ssh("mac", "cat \"/srv/one/nextcloud db's dump.sql\""));

            // no rsync where it runs (PATH without it): one message naming the host, without the version probe
            String missing = """
                    - hosts: pi
                      gather_facts: false
                      tasks:
                        - synchronize:
                            mode: pull
                            src: /mnt/hdd/backups/
                            dest: /srv/nowhere/
                          delegate_to: mac
                          environment:
                            PATH: /nonexistent
                    """;
            String[] none = run(missing);
            assertEquals("2", none[0], none[1] + none[2]);
            assertTrue(none[1].contains("rsync is not installed on mac (where synchronize runs rsync, the delegated host): `rsync` exited 127"),
                    none[1]);
        } finally {
            lab("down");
        }
    }
}
