package playbook.ssh;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * keyboard-interactive login with ansible_password against a real sshd + PAM on lab host pi: a
 * second sshd inside pi on port 2222 that offers keyboard-interactive only (no password, no
 * public key authentication), so nothing else can log in.
 */
class KeyboardInteractiveLabIT {
    private static final String PW = "kbd-Pw-3390";
    private static final String CONFIG = String.join("\\n", "Port 2222", "HostKey /etc/ssh/ssh_host_ed25519_key", "UsePAM yes",
            "KbdInteractiveAuthentication yes", "PasswordAuthentication no", "PubkeyAuthentication no",
            "AuthenticationMethods keyboard-interactive", "PidFile /run/sshd-kbd.pid", "Subsystem sftp internal-sftp");

    @TempDir static Path tmp;
    @TempDir Path dir;
    private static Path knownHosts;

    @BeforeAll
    static void up() throws Exception {
        Lab.up();
        Lab.rootOk("pi", "useradd -m -s /bin/sh bob && echo 'bob:" + PW + "' | chpasswd && printf '" + CONFIG + "\\n' > /etc/ssh/sshd_kbd_config"
                + " && /usr/sbin/sshd -f /etc/ssh/sshd_kbd_config && for i in $(seq 50); do [ -s /run/sshd-kbd.pid ] && exit 0; sleep 0.1; done; exit 1");
        String addr = Lab.address("pi");
        String key = null;
        for (String line : Files.readAllLines(Lab.STATE.resolve("known_hosts"))) {
            if (line.startsWith("pi,") || line.startsWith("pi ")) key = line.substring(line.indexOf(' ') + 1);
        }
        knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, "[" + addr + "]:2222 " + key + "\n");
    }

    @AfterAll
    static void down() throws Exception {
        Lab.down();
    }

    private String inventory(String password) throws Exception {
        return "pi ansible_host=" + Lab.address("pi") + " ansible_port=2222 ansible_user=bob ansible_password='" + password + "'"
                + " ansible_ssh_retries=0 ansible_ssh_common_args='-o UserKnownHostsFile=" + knownHosts + " -o StrictHostKeyChecking=yes'\n";
    }

    @Test
    void theServerOffersKeyboardInteractiveOnly() throws Exception {
        Lab.Out r = Lab.exec(List.of("ssh", "-o", "BatchMode=yes", "-o", "UserKnownHostsFile=" + knownHosts, "-o", "StrictHostKeyChecking=yes",
                "-p", "2222", "bob@" + Lab.address("pi"), "true"), null);
        assertEquals(255, r.rc(), r.toString());
        assertTrue(r.err().contains("Permission denied (keyboard-interactive)"), r.toString());
    }

    @Test
    void ansiblePasswordLogsInThroughKeyboardInteractive() throws Exception {
        Lab.Out r = Lab.play(dir, """
                - hosts: pi
                  gather_facts: false
                  tasks:
                    - command: id -un
                      register: who
                    - assert:
                        that: who.stdout == 'bob'
                """, inventory(PW));
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().matches("(?s).*pi\\s*:\\s*ok=2\\s+changed=1\\s+unreachable=0\\s+failed=0.*"), r.toString());
        assertFalse(r.all().contains(PW), r.toString());
    }

    @Test
    void aWrongPasswordIsUnreachableInOneLine() throws Exception {
        Lab.Out r = Lab.play(dir, """
                - hosts: pi
                  gather_facts: false
                  tasks:
                    - command: id -un
                """, inventory("not-" + PW));
        assertEquals(4, r.rc(), r.toString());
        assertTrue(r.out().contains("UNREACHABLE"), r.toString());
        assertTrue(r.all().contains("keyboard-interactive"), r.toString());
        assertFalse(r.all().contains("\tat "), "no stack trace:\n" + r);
        assertFalse(r.all().contains("not-" + PW), r.toString());
    }
}
