package playbook.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A host whose name does not resolve is UNREACHABLE with a one-line reason; the real host runs every task; exit 4. */
class DnsFailureOverSshIT {
    @RegisterExtension
    static final SshdExtension WEB = SshdExtension.builder().build();

    @TempDir Path dir;

    @Test
    void anUnresolvableHostIsUnreachableInOneLineAndTheOthersContinue() throws Exception {
        String inventory = SshTestHosts.inventoryLine("web", WEB) + "\nghost ansible_host=nosuch.invalid\n";
        Lab.Out r = Lab.play(dir, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: echo one
                    - command: echo two
                """, inventory);
        assertEquals(4, r.rc(), r.toString());
        assertTrue(r.out().matches("(?s).*web\\s*:\\s*ok=2\\s+changed=2\\s+unreachable=0\\s+failed=0.*"), r.toString());
        assertTrue(r.out().matches("(?s).*ghost\\s*:\\s*ok=0\\s+changed=0\\s+unreachable=1\\s+failed=0.*"), r.toString());
        String line = r.out().lines().filter(l -> l.contains("UNREACHABLE")).findFirst().orElse("");
        assertTrue(line.startsWith("fatal: [ghost]: UNREACHABLE!") && line.contains("could not resolve hostname nosuch.invalid"), r.toString());
        assertEquals(1, r.out().lines().filter(l -> l.contains("UNREACHABLE")).count(), "one line, reported once:\n" + r);
        assertFalse(r.all().contains("\tat ") || r.all().contains("Exception"), "no stack trace, no exception name:\n" + r);
    }
}
