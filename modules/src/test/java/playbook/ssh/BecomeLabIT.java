package playbook.ssh;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Password-driven become for real, on lab host pi: a non-root user (alice, key login) becomes
 * root with su (root's password, on a terminal), doas (her own password, on a terminal; opendoas
 * with /etc/doas.conf inside pi) and the real sudo with real PAM. Wrong passwords end with a
 * clear message, and the password never shows up in the process list or in the output.
 */
class BecomeLabIT {
    private static final String ROOT_PW = "r00t-Pw-5171";
    private static final String ALICE_PW = "al1ce-Pw-8812";

    @TempDir Path dir;

    @BeforeAll
    static void up() throws Exception {
        Lab.up();
        Lab.rootOk("pi", "useradd -m -s /bin/sh alice && printf '%s\\n' 'alice:" + ALICE_PW + "' 'root:" + ROOT_PW + "' | chpasswd"
                + " && mkdir -p ~alice/.ssh && cp /root/.ssh/authorized_keys ~alice/.ssh/ && chown -R alice: ~alice/.ssh"
                + " && echo 'permit alice as root' > /etc/doas.conf && chmod 600 /etc/doas.conf"
                + " && echo 'alice ALL=(ALL) ALL' > /etc/sudoers.d/alice && chmod 440 /etc/sudoers.d/alice");
    }

    @AfterAll
    static void down() throws Exception {
        Lab.down();
    }

    private Lab.Out asAlice(String method, String password, String tasks) throws Exception {
        String inv = "[servers]\n" + Lab.hostLine("pi", "alice", "ansible_become_method=" + method + " ansible_become_password='" + password + "'") + "\n";
        return Lab.play(dir, """
                - hosts: pi
                  gather_facts: false
                  become: true
                  tasks:
                """ + tasks, inv);
    }

    private static final String CHECKS = """
                - command: id -un
                  register: who
                - command: cat
                  args:
                    stdin: "line one\\nline two"
                  register: back
                - shell: echo "${LC_ALL-unset}"; exit 3
                  register: three
                  ignore_errors: true
                - command: ps -eo args
                  register: ps
                - assert:
                    that:
                      - who.stdout == 'root'
                      - back.stdout_lines == ['line one', 'line two']
                      - three.rc == 3
                      - three.stdout == 'unset'
                      - ps.stdout is search('%s')
                - copy:
                    content: "written as root\\n"
                    dest: /root/from-%s.txt
                    mode: "0600"
            """;

    private void assertNoSecret(Lab.Out r) {
        assertFalse(r.all().contains(ROOT_PW) || r.all().contains(ALICE_PW), "a password reached the output:\n" + r);
    }

    private void assertBecameRoot(String method, String password, String psShows) throws Exception {
        Lab.Out r = asAlice(method, password, CHECKS.formatted(psShows, method));
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().matches("(?s).*pi\\s*:\\s*ok=6\\s+changed=5\\s+unreachable=0\\s+failed=0\\s+.*ignored=1.*"), r.toString());
        assertNoSecret(r);
        assertEquals("written as root\n", Lab.rootOk("pi", "cat /root/from-" + method + ".txt"));
        assertEquals("root 600\n", Lab.rootOk("pi", "stat -c '%U %a' /root/from-" + method + ".txt"));
    }

    @Test
    void suWithRootsPasswordOnATerminal() throws Exception {
        // ps shows su's own command line while the task runs: the password is not on it
        assertBecameRoot("su", ROOT_PW, "su .*-s /bin/sh root -c");
    }

    @Test
    void doasWithTheUsersOwnPassword() throws Exception {
        assertBecameRoot("doas", ALICE_PW, "doas -u root /bin/sh -c");
    }

    @Test
    void realSudoWithRealPam() throws Exception {
        assertBecameRoot("sudo", ALICE_PW, "sudo -H -S -p .*playbook-become-password");
    }

    /** fetch and copy through become: a root-only file comes back whole; a replaced file keeps its owner. */
    private void filesThroughBecome(String method, String password) throws Exception {
        Lab.rootOk("pi", "printf 'root only %s\\n' " + method + " > /root/secret-" + method + ".txt && chmod 600 /root/secret-" + method + ".txt"
                + " && printf 'old\\n' > /srv/owned-" + method + ".txt && chown 1234:1235 /srv/owned-" + method + ".txt"
                + " && chmod 640 /srv/owned-" + method + ".txt");
        Path fetched = dir.resolve("fetched");
        String tasks = """
                    - fetch:
                        src: /root/secret-%1$s.txt
                        dest: %2$s/
                        flat: true
                    - copy:
                        content: "new\\n"
                        dest: /srv/owned-%1$s.txt
                """.formatted(method, fetched);
        Lab.Out r = asAlice(method, password, tasks);
        assertEquals(0, r.rc(), r.toString());
        assertNoSecret(r);
        assertEquals("root only " + method + "\n", java.nio.file.Files.readString(fetched.resolve("secret-" + method + ".txt")));
        assertEquals("new\n1234:1235 640\n", Lab.rootOk("pi", "cat /srv/owned-" + method + ".txt; stat -c '%u:%g %a' /srv/owned-" + method + ".txt"));
        assertEquals("", Lab.rootOk("pi", "ls -A /tmp | grep playbook || true"), "staging left behind");
        Lab.Out again = asAlice(method, password, tasks);
        assertTrue(again.out().matches("(?s).*pi\\s*:\\s*ok=2\\s+changed=0\\s.*"), again.toString());
    }

    @Test
    void fetchAndCopyWithSudo() throws Exception {
        filesThroughBecome("sudo", ALICE_PW);
    }

    @Test
    void fetchAndCopyWithSu() throws Exception {
        filesThroughBecome("su", ROOT_PW);
    }

    private void assertRejected(String method, String expect) throws Exception {
        Lab.Out r = asAlice(method, "wrong-" + ALICE_PW, """
                    - command: id -un
                """);
        assertEquals(2, r.rc(), r.toString());
        assertTrue(r.all().contains("Incorrect " + method + " password for pi"), r.toString());
        assertTrue(r.all().contains(expect), r.toString());
        assertFalse(r.all().contains("wrong-" + ALICE_PW), "the password reached the output:\n" + r);
        assertFalse(r.all().contains("\tat "), "no stack trace:\n" + r);
    }

    @Test
    void suWrongPasswordIsAnAuthenticationFailure() throws Exception {
        assertRejected("su", "su: Authentication failure");
    }

    @Test
    void doasWrongPasswordIsAnAuthenticationFailure() throws Exception {
        assertRejected("doas", "doas: Authentication failed");
    }

    @Test
    void sudoWrongPasswordIsRejected() throws Exception {
        assertRejected("sudo", "rejected");
    }

    @Test
    void doasWithoutARuleForTheBecomeUserSaysSoWithoutAPrompt() throws Exception {
        Lab.Out r = asAlice("doas", ALICE_PW, """
                    - command: id -un
                      become_user: nobody
                """);
        assertEquals(2, r.rc(), r.toString());
        assertTrue(r.all().contains("Missing doas rule on pi") && r.all().contains("doas: Operation not permitted"), r.toString());
    }
}
