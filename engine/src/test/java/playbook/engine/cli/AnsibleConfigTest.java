package playbook.engine.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.PlaybookException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnsibleConfigTest {
    @TempDir Path tmp;
    Path home, cwd, etc;
    Map<String, String> env = new HashMap<>();

    @BeforeEach void dirs() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        cwd = Files.createDirectories(tmp.resolve("project"));
        etc = Files.createDirectories(tmp.resolve("etc")).resolve("ansible.cfg");
        env.put("HOME", home.toString());
    }

    private AnsibleConfig load() { return AnsibleConfig.load(env, cwd, etc); }

    private static Path write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    @Test void defaultsWhenThereIsNoFile() {
        AnsibleConfig c = load();
        assertNull(c.source());
        assertEquals(5, c.forks());
        assertTrue(c.hostKeyChecking());
        assertEquals(10, c.timeout());
        assertEquals(List.of(), c.rolesPath());
        assertEquals(Optional.empty(), c.logPath());
        assertEquals("root", c.becomeUser());
        assertEquals("sudo", c.becomeMethod());
        assertFalse(c.become());
        assertEquals("implicit", c.gathering());
        assertEquals(OptionalInt.empty(), c.remotePort());
        assertEquals("-C -o ControlMaster=auto -o ControlPersist=60s", c.sshArgs());
    }

    @Test void firstFoundWinsInAnsiblesOrder() throws IOException {
        Path sys = write(etc, "[defaults]\nforks = 1\n");
        assertEquals(sys, load().source());
        Path user = write(home.resolve(".ansible.cfg"), "[defaults]\nforks = 2\n");
        assertEquals(user, load().source());
        assertEquals(2, load().forks());
        Path local = write(cwd.resolve("ansible.cfg"), "[defaults]\nforks = 3\n");
        assertEquals(local, load().source());
        Path named = write(tmp.resolve("other/custom.cfg"), "[defaults]\nforks = 4\n");
        env.put("ANSIBLE_CONFIG", named.toString());
        assertEquals(named, load().source());
        assertEquals(4, load().forks());
    }

    @Test void ansibleConfigMayNameADirectory() throws IOException {
        Path f = write(tmp.resolve("cfgdir/ansible.cfg"), "[defaults]\nforks = 9\n");
        env.put("ANSIBLE_CONFIG", tmp.resolve("cfgdir").toString());
        assertEquals(f, load().source());
    }

    @Test void worldWritableWorkingDirectoryIsSkippedWithAWarning() throws IOException {
        write(cwd.resolve("ansible.cfg"), "[defaults]\nforks = 3\n");
        write(home.resolve(".ansible.cfg"), "[defaults]\nforks = 2\n");
        Files.setPosixFilePermissions(cwd, PosixFilePermissions.fromString("rwxrwxrwx"));
        AnsibleConfig c = load();
        assertEquals(2, c.forks());
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).startsWith("Ansible is being run in a world writable directory (" + cwd + ")"));
    }

    @Test void iniSyntaxAsConfigparserReadsIt() throws IOException {
        write(cwd.resolve("ansible.cfg"), String.join("\n",
                "# comment",
                "; another comment",
                "[defaults]",
                "FORKS: 12 ; inline comment",
                "remote_user = 'deploy'",
                "timeout=30",
                "some_future_key = kept",
                "ssh_note = a#b",
                "callbacks_enabled = timer,",
                "    profile_tasks",
                "",
                "[DEFAULT]",
                "shared = from-default",
                "[ssh_connection]",
                "ssh_args = \"-o ControlMaster=no\"",
                "retries = 3",
                "pipelining = True",
                "control_path = %%(directory)s/%%%%h",
                "[privilege_escalation]",
                "become = yes",
                "become_user = admin",
                "become_method = su",
                "become_ask_pass = 0"));
        AnsibleConfig c = load();
        assertEquals(12, c.forks());
        assertEquals(Optional.of("deploy"), c.remoteUser());
        assertEquals(30, c.timeout());
        assertEquals("kept", c.get("defaults", "some_future_key"));
        assertEquals("a#b", c.get("defaults", "SSH_NOTE"));
        assertEquals("timer,\nprofile_tasks", c.get("defaults", "callbacks_enabled"));
        assertEquals("from-default", c.get("ssh_connection", "shared"));
        assertNull(c.get("nosuchsection", "shared"));
        assertEquals("-o ControlMaster=no", c.sshArgs());
        assertEquals(3, c.sshRetries());
        assertTrue(c.pipelining());
        assertEquals(Optional.of("%(directory)s/%%h"), c.controlPath());
        assertTrue(c.become());
        assertEquals("admin", c.becomeUser());
        assertEquals("su", c.becomeMethod());
        assertFalse(c.becomeAskPass());
    }

    @Test void environmentWinsOverTheFile() throws IOException {
        write(cwd.resolve("ansible.cfg"), "[defaults]\nforks = 3\nhost_key_checking = true\ntimeout = 5\nremote_user = a\n"
                + "gathering = smart\nforce_handlers = no\nnocolor = false\n[privilege_escalation]\nbecome_user = x\n");
        env.put("ANSIBLE_FORKS", "20");
        env.put("ANSIBLE_HOST_KEY_CHECKING", "False");
        env.put("ANSIBLE_TIMEOUT", "");          // empty: not set
        env.put("ANSIBLE_REMOTE_USER", "b");
        env.put("ANSIBLE_GATHERING", "explicit");
        env.put("ANSIBLE_FORCE_HANDLERS", "yes");
        env.put("ANSIBLE_BECOME_USER", "y");
        env.put("ANSIBLE_BECOME", "1");
        env.put("NO_COLOR", "1");
        env.put("ANSIBLE_FORCE_COLOR", "true");
        env.put("ANSIBLE_SSH_RETRIES", "4");
        AnsibleConfig c = load();
        assertEquals(20, c.forks());
        assertFalse(c.hostKeyChecking());
        assertEquals(5, c.timeout());
        assertEquals(Optional.of("b"), c.remoteUser());
        assertEquals("explicit", c.gathering());
        assertTrue(c.forceHandlers());
        assertEquals("y", c.becomeUser());
        assertTrue(c.become());
        assertTrue(c.noColor());
        assertTrue(c.forceColor());
        assertEquals(4, c.sshRetries());
    }

    @Test void pathsFromTheFileAreRelativeToItsDirectoryAndFromTheEnvironmentToCwd() throws IOException {
        Path cfg = write(tmp.resolve("conf/ansible.cfg"), "[defaults]\nroles_path = roles:~/shared/roles:$EXTRA/r\n"
                + "inventory = hosts, /abs/inv.yml\nlog_path = logs/run.log\nprivate_key_file = ~/.ssh/id_ed25519\n"
                + "vault_password_file = ../vault.txt\n");
        env.put("ANSIBLE_CONFIG", cfg.toString());
        env.put("EXTRA", "/opt");
        AnsibleConfig c = load();
        Path dir = cfg.getParent();
        assertEquals(List.of(dir.resolve("roles"), home.resolve("shared/roles"), Path.of("/opt/r")), c.rolesPath());
        assertEquals(List.of(dir.resolve("hosts"), Path.of("/abs/inv.yml")), c.inventory());
        assertEquals(Optional.of(dir.resolve("logs/run.log")), c.logPath());
        assertEquals(Optional.of(home.resolve(".ssh/id_ed25519")), c.privateKeyFile());
        assertEquals(Optional.of(tmp.resolve("vault.txt")), c.vaultPasswordFile());

        env.put("ANSIBLE_ROLES_PATH", "envroles");
        env.put("ANSIBLE_LOG_PATH", "env.log");
        assertEquals(List.of(cwd.resolve("envroles")), load().rolesPath());
        assertEquals(Optional.of(cwd.resolve("env.log")), load().logPath());
        env.put("PLAYBOOK_LOG", "/var/log/playbook.log");
        assertEquals(Optional.of(Path.of("/var/log/playbook.log")), load().logPath());
    }

    @Test void badValuesSayWhereTheyAre() throws IOException {
        Path f = write(cwd.resolve("ansible.cfg"), "[defaults]\nforks = many\n");
        PlaybookException e = assertThrows(PlaybookException.class, () -> load().forks());
        assertTrue(e.getMessage().contains("many") && e.getMessage().contains(f.toString()), e.getMessage());
        write(cwd.resolve("ansible.cfg"), "[defaults]\nforks = 1\nforks = 2\n");
        e = assertThrows(PlaybookException.class, this::load);
        assertTrue(e.getMessage().contains("ansible.cfg:3"), e.getMessage());
        write(cwd.resolve("ansible.cfg"), "forks = 1\n");
        assertThrows(PlaybookException.class, this::load);
    }
}
