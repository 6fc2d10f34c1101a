package playbook.engine.connection;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SshArgsTest {
    @Test
    void honoursTheSupportedFlagsAndReportsTheRest() {
        SshArgs a = SshArgs.parse("-C -o ControlMaster=auto -o ControlPath=/x -o 'UserKnownHostsFile=/a b/kh'",
                "-J bastion -p 2222 -oStrictHostKeyChecking=accept-new -i ~/.ssh/k -F /etc/cfg -o Port=1");
        assertEquals("/a b/kh", a.options().get("userknownhostsfile"));
        assertEquals("bastion", a.options().get("proxyjump"));
        assertEquals("2222", a.options().get("port"), "first value wins, as in ssh");
        assertEquals("accept-new", a.options().get("stricthostkeychecking"));
        assertEquals(List.of("~/.ssh/k"), a.identities());
        assertEquals("/etc/cfg", a.configFile());
        assertEquals("auto", a.options().get("controlmaster"), "honoured: the connection keeper");
        assertEquals(List.of("-C", "-o ControlPath=/x"), a.ignored());
    }

    @Test
    void controlPersistAsSshReadsIt() {
        assertEquals(60, SshSettingsResolver.persistSeconds("auto", "60s"));
        assertEquals(60, SshSettingsResolver.persistSeconds("auto", "60"), "ssh -G prints seconds");
        assertEquals(600, SshSettingsResolver.persistSeconds("yes", "10m"));
        assertEquals(SshSettingsResolver.MAX_PERSIST_SECONDS, SshSettingsResolver.persistSeconds("auto", "yes"), "until closed: capped");
        assertEquals(SshSettingsResolver.MAX_PERSIST_SECONDS, SshSettingsResolver.persistSeconds("auto", "2d"));
        assertEquals(0, SshSettingsResolver.persistSeconds("auto", "no"));
        assertEquals(0, SshSettingsResolver.persistSeconds("no", "60s"), "no master, nothing to keep");
        assertEquals(0, SshSettingsResolver.persistSeconds("false", "60"), "ssh -G's word for no");
        assertEquals(0, SshSettingsResolver.persistSeconds(null, "60s"));
        assertEquals(0, SshSettingsResolver.persistSeconds("auto", "soon"));
    }

    @Test
    void ansiblesDefaultSshArgsKeepConnectionsSixtySeconds() {
        ConnectionOptions o = ConnectionOptions.defaults().withSshArgs("-C -o ControlMaster=auto -o ControlPersist=60s")
                .withSshConfig(java.nio.file.Path.of("/dev/null"), false);
        SshSettings s = new SshSettingsResolver(o).resolve("h", java.util.Map.of("ansible_host", "127.0.0.1"));
        assertEquals(60, s.persistSeconds());
        // as on ssh's command line, ssh_args come before a host's common args and the first value wins
        SshSettings first = new SshSettingsResolver(o).resolve("h", java.util.Map.of("ansible_host", "127.0.0.1",
                "ansible_ssh_common_args", "-o ControlPersist=no"));
        assertEquals(60, first.persistSeconds());
        SshSettings host = new SshSettingsResolver(ConnectionOptions.defaults().withSshConfig(java.nio.file.Path.of("/dev/null"), false))
                .resolve("h", java.util.Map.of("ansible_host", "127.0.0.1", "ansible_ssh_common_args", "-o ControlMaster=auto -o ControlPersist=5m"));
        assertEquals(300, host.persistSeconds());
        SshSettings none = new SshSettingsResolver(ConnectionOptions.defaults().withSshConfig(java.nio.file.Path.of("/dev/null"), false))
                .resolve("h", java.util.Map.of("ansible_host", "127.0.0.1"));
        assertEquals(0, none.persistSeconds(), "no ssh args, no keeper");
    }

    @Test
    void hostPatterns() {
        assertTrue(SshConfigParser.matches("web1", List.of("web*", "!db*")));
        assertFalse(SshConfigParser.matches("db1", List.of("*", "!db*")));
        assertTrue(SshConfigParser.matches("a.b", List.of("x,a.?")));
    }
}
