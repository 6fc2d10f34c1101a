package playbook.ssh;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A silent network drop: while pi runs a long task, its link goes down (no RST, no FIN: packets
 * just vanish). With ServerAliveInterval=1 and ServerAliveCountMax=2 the keepalive gives up,
 * pi's task is UNREACHABLE, mac runs the next task, and the run ends with exit 4 instead of
 * waiting for TCP to time out.
 */
class NetworkDropLabIT {
    @TempDir Path dir;

    @BeforeAll
    static void up() throws Exception {
        Lab.up();
    }

    @AfterAll
    static void down() throws Exception {
        Lab.down();
    }

    private static void link(String state) throws Exception {
        Lab.Out r = Lab.exec(List.of("ip", "netns", "exec", "pblab" + Lab.NET + "-pi", "ip", "link", "set", "eth0", state), null);
        assertEquals(0, r.rc(), r.toString());
    }

    @Test
    void aSilentDropMidTaskIsUnreachableWithinTheKeepaliveWindowAndTheOthersFinish() throws Exception {
        String keepalive = " -o ServerAliveInterval=1 -o ServerAliveCountMax=2'";
        String inventory = "[lab]\n" + Lab.hostLine("pi", "root", "").replaceFirst("'$", keepalive) + "\n"
                + Lab.hostLine("mac", "root", "").replaceFirst("'$", keepalive) + "\n";
        CompletableFuture<Lab.Out> run = CompletableFuture.supplyAsync(() -> {
            try {
                return Lab.play(dir, """
                        - hosts: lab
                          gather_facts: false
                          tasks:
                            - shell: "{{ 'touch /tmp/started; exec sleep 300' if inventory_hostname == 'pi' else 'true' }}"
                            - command: echo after
                              register: after
                            - assert:
                                that: after.stdout == 'after'
                        """, inventory);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try {
            // wait until pi's long task runs, then cut its cable
            for (int i = 0; i < 300 && Lab.root("pi", "[ -e /tmp/started ]").rc() != 0; i++) Thread.sleep(100);
            assertFalse(run.isDone(), "the long task must still be running: " + (run.isDone() ? run.join() : ""));
            link("down");
            // a hang guard, not a timing assertion: without keepalive this would wait for TCP (minutes) or sleep 300
            Lab.Out r = run.get(120, TimeUnit.SECONDS);
            assertEquals(4, r.rc(), r.toString());
            String fatal = r.out().lines().filter(l -> l.startsWith("fatal: [pi]: UNREACHABLE!")).findFirst().orElse("");
            assertTrue(fatal.contains("lost the connection to pi") && fatal.contains("keep-alive"), "the keepalive noticed:\n" + r);
            assertTrue(r.out().matches("(?s).*pi\\s*:\\s*ok=0\\s+changed=0\\s+unreachable=1\\s+failed=0.*"), r.toString());
            assertTrue(r.out().matches("(?s).*mac\\s*:\\s*ok=3\\s+changed=2\\s+unreachable=0\\s+failed=0.*"), r.toString());
            assertFalse(r.all().contains("\tat "), "no stack trace:\n" + r);
        } finally {
            link("up");
        }
    }
}
