package playbook.engine.connection;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SshArgsTest {
    @Test
    void honoursTheSupportedFlagsAndReportsTheRest() {
        SshArgs a = SshArgs.parse("-C -o ControlMaster=auto -o 'UserKnownHostsFile=/a b/kh'",
                "-J bastion -p 2222 -oStrictHostKeyChecking=accept-new -i ~/.ssh/k -F /etc/cfg -o Port=1");
        assertEquals("/a b/kh", a.options().get("userknownhostsfile"));
        assertEquals("bastion", a.options().get("proxyjump"));
        assertEquals("2222", a.options().get("port"), "first value wins, as in ssh");
        assertEquals("accept-new", a.options().get("stricthostkeychecking"));
        assertEquals(List.of("~/.ssh/k"), a.identities());
        assertEquals("/etc/cfg", a.configFile());
        assertEquals(List.of("-C", "-o ControlMaster=auto"), a.ignored());
    }

    @Test
    void hostPatterns() {
        assertTrue(SshConfigParser.matches("web1", List.of("web*", "!db*")));
        assertFalse(SshConfigParser.matches("db1", List.of("*", "!db*")));
        assertTrue(SshConfigParser.matches("a.b", List.of("x,a.?")));
    }
}
