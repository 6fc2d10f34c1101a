package playbook.engine.api;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostConnectionTest {
    @Test
    void theOpensshCommandCarriesTheRunsSettingsAndTheUsersArgsAsWritten() {
        HostConnection hc = new HostConnection("pi", "ssh", "10.0.0.5", 2222, "root", "/keys/my key", "-o 'UserKnownHostsFile=/a b'",
                "/etc/pb ssh_config", true, null, null);
        assertEquals("ssh -S none -o BatchMode=yes -F '/etc/pb ssh_config' -i '/keys/my key' -o Port=2222 -o 'UserKnownHostsFile=/a b'",
                hc.opensshCommand());
        assertFalse(hc.become());
    }

    @Test
    void hostKeyCheckingOffIsSaidExplicitlyAndNothingUnsetIsInvented() {
        HostConnection plain = HostConnection.of("web");
        assertEquals("ssh -S none -o BatchMode=yes", plain.opensshCommand());
        assertEquals("web", plain.address());
        HostConnection off = new HostConnection("web", "ssh", "web", null, null, null, null, null, false, "sudo", "root");
        assertEquals("ssh -S none -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null", off.opensshCommand());
        assertTrue(off.become());
    }

    @Test
    void aKeyPathWithShellSyntaxStaysOneWord() throws Exception {
        HostConnection hc = new HostConnection("h", "ssh", "h", null, null, "/k/$(touch x) 'q'", "", null, true, null, null);
        Process p = new ProcessBuilder("/bin/sh", "-c", "printf '%s\\n' " + hc.opensshCommand().substring("ssh ".length())).start();
        List<String> words = List.of(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        assertEquals(0, p.waitFor());
        assertEquals(List.of("-S", "none", "-o", "BatchMode=yes", "-i", "/k/$(touch x) 'q'"), words);
    }
}
