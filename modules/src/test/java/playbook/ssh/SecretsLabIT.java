package playbook.ssh;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets stay secret everywhere a run writes: a sudo become password (from the inventory), a
 * no_log task's output and a vault-decrypted value, run at -vvvv with a log file (PLAYBOOK_LOG)
 * and JSON and JUnit reports, appear in none of stdout, stderr, the log and the reports, although
 * tasks print them on purpose. The CLI runs as a child JVM, as an admin would run it. Lab network 22.
 */
class SecretsLabIT {
    private static final String NET = "22";
    private static final Path STATE = Path.of("/tmp/lab-rel-secrets");
    private static final String BECOME_PW = "s3cret-Sudo-9431";
    private static final String NO_LOG = "NOLOG-7hx2-quiet";
    private static final String VAULTED = "V4ult-plain-5520";

    @TempDir Path dir;

    @BeforeAll
    static void up() throws Exception {
        Lab.up(NET, STATE);
        Lab.rootOk("pi", "useradd -m -s /bin/sh alice && printf '%s\\n' 'alice:" + BECOME_PW + "' | chpasswd"
                + " && mkdir -p ~alice/.ssh && cp /root/.ssh/authorized_keys ~alice/.ssh/ && chown -R alice: ~alice/.ssh"
                + " && echo 'alice ALL=(ALL) ALL' > /etc/sudoers.d/alice && chmod 440 /etc/sudoers.d/alice");
    }

    @AfterAll
    static void down() throws Exception {
        Lab.down();
    }

    private Lab.Out cli(Map<String, String> env, String... args) throws Exception {
        return Lab.cli(dir, env, List.of(), args);
    }

    @Test
    void becomePasswordNoLogOutputAndVaultValuesAppearNowhere() throws Exception {
        Files.writeString(dir.resolve("vault-pass"), "vault-password-for-the-test\n");
        Lab.Out enc = cli(Map.of(), "vault", "encrypt_string", "--vault-password-file", dir.resolve("vault-pass").toString(),
                VAULTED, "--name", "vaulted");
        assertEquals(0, enc.rc(), enc.err());
        assertFalse(enc.out().contains(VAULTED));
        Files.writeString(dir.resolve("vars.yml"), enc.out());
        Files.writeString(dir.resolve("inventory"), "[servers]\n"
                + Lab.hostLine("pi", "alice", "ansible_become_method=sudo ansible_become_password='" + BECOME_PW + "'") + "\n");
        Files.writeString(dir.resolve("site.yml"), """
                - hosts: pi
                  gather_facts: false
                  become: true
                  vars_files: [vars.yml]
                  tasks:
                    - command: id -un
                      register: who
                    - shell: echo %1$s
                      no_log: true
                      register: hidden
                    - copy:
                        content: "{{ vaulted }}\\n"
                        dest: /root/vaulted.txt
                        mode: "0600"
                    - command: echo "{{ vaulted }} {{ ansible_become_password }}"
                      register: shown
                    - debug:
                        msg: "{{ vaulted }} / {{ ansible_become_password }}"
                    - assert:
                        that:
                          - who.stdout == 'root'
                          - shown.stdout == vaulted ~ ' ' ~ ansible_become_password
                    - command: "false {{ vaulted }}"
                      no_log: true
                """.formatted(NO_LOG));
        Path log = dir.resolve("run.log");
        Path json = dir.resolve("run.json");
        Path junit = dir.resolve("run.xml");
        Lab.Out r = cli(Map.of("PLAYBOOK_LOG", log.toString()), "run", "site.yml", "-i", "inventory", "-vvvv",
                "--vault-password-file", dir.resolve("vault-pass").toString(), "--report", "json=" + json, "--report", "junit=" + junit);
        String all = "--- stdout\n" + r.out() + "\n--- stderr\n" + r.err();
        assertEquals(2, r.rc(), all);
        assertTrue(r.out().matches("(?s).*pi\\s*:\\s*ok=6\\s+changed=4\\s+unreachable=0\\s+failed=1.*"), all);
        assertEquals(VAULTED + "\n", Lab.rootOk("pi", "cat /root/vaulted.txt"), "the task got the real value");
        assertTrue(r.out().contains("the output has been hidden due to the fact that 'no_log: true' was specified for this result"), all);
        Map<String, String> written = Map.of("stdout and stderr", all, "the log file", Files.readString(log),
                "the JSON report", Files.readString(json), "the JUnit report", Files.readString(junit));
        assertTrue(written.get("the log file").contains("TASK [debug]"), "the log file is written");
        assertTrue(written.get("the JSON report").contains("\"debug\""), "the JSON report is written");
        assertTrue(r.out().contains("<pi> ESTABLISH"), "-vvvv shows connection details");
        for (var e : written.entrySet()) {
            for (String secret : List.of(BECOME_PW, NO_LOG, VAULTED)) {
                assertFalse(e.getValue().contains(secret), secret + " appears in " + e.getKey() + ":\n" + e.getValue());
            }
        }
    }
}
