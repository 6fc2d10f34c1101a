package playbook.ssh;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pi's link dropped (no RST, no FIN) in the middle of a large upload: the copy is UNREACHABLE
 * within the keepalive window with a message naming host and path, exit 4, no hang; the old
 * file at the destination is untouched; once the link is back no temp file is left on pi (its
 * sshd notices the dead connection and the upload's guard removes it); a rerun puts the right
 * bytes in place. Lab network 22.
 */
class TransferDropLabIT {
    private static final String NET = "22";
    private static final Path STATE = Path.of("/tmp/lab-rel-transfer");
    private static final long SIZE = 400L << 20;

    @TempDir Path dir;

    @BeforeAll
    static void up() throws Exception {
        Lab.up(NET, STATE);
    }

    @AfterAll
    static void down() throws Exception {
        Lab.down();
    }

    private static void link(String state) throws Exception {
        Lab.Out r = Lab.exec(List.of("ip", "netns", "exec", Lab.netns("pi"), "ip", "link", "set", "eth0", state), null);
        assertEquals(0, r.rc(), r.toString());
    }

    /** pi's /srv as the controller sees it: the overlay's upper layer (readable without pi's network). */
    private static Path piSrv() {
        return Lab.state().resolve("hosts/pi/upper/srv");
    }

    private static List<Path> temps() throws Exception {
        try (Stream<Path> s = Files.list(piSrv())) {
            return s.filter(p -> p.getFileName().toString().contains("big.bin") && !p.getFileName().toString().equals("big.bin")).toList();
        }
    }

    @Test
    void aLinkDroppedMidUploadFailsCleanlyLeavesNoPartialFileAndARerunCompletes() throws Exception {
        Path big = dir.resolve("big.bin");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (OutputStream o = Files.newOutputStream(big)) {
            Random r = new Random(7);
            byte[] buf = new byte[1 << 20];
            for (long n = 0; n < SIZE; n += buf.length) {
                r.nextBytes(buf);
                o.write(buf);
                md.update(buf);
            }
        }
        String sum = HexFormat.of().formatHex(md.digest());
        Lab.rootOk("pi", "mkdir -p /srv && echo old > /srv/big.bin");
        String keepalive = " -o ServerAliveInterval=1 -o ServerAliveCountMax=2'";
        String inventory = "[lab]\n" + Lab.hostLine("pi", "root", "").replaceFirst("'$", keepalive) + "\n";
        String playbook = """
                - hosts: lab
                  gather_facts: false
                  tasks:
                    - copy:
                        src: %s
                        dest: /srv/big.bin
                """.formatted(big);
        CompletableFuture<Lab.Out> run = CompletableFuture.supplyAsync(() -> {
            try {
                return Lab.play(dir, playbook, inventory);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        try {
            // wait until a few MiB have arrived, then cut the cable
            for (int i = 0; i < 600 && !run.isDone(); i++) {
                if (temps().stream().anyMatch(p -> p.toFile().length() > (8 << 20))) break;
                Thread.sleep(20);
            }
            assertFalse(run.isDone(), "the upload must still be running: " + (run.isDone() ? run.join() : ""));
            link("down");
            assertFalse(temps().isEmpty(), "a temp file is being written");
            // a hang guard, not a timing assertion
            Lab.Out r = run.get(120, TimeUnit.SECONDS);
            assertEquals(4, r.rc(), r.toString());
            String fatal = r.out().lines().filter(l -> l.startsWith("fatal: [pi]: UNREACHABLE!")).findFirst().orElse("");
            System.out.println("TransferDropLabIT: " + fatal);  // which guard ended the upload: the watch or sshj's window timeout
            assertTrue(fatal.contains("lost the connection to pi") && fatal.contains("big.bin to pi:/srv/.big.bin.pbtmp"), "names host and path:\n" + r);
            assertTrue(r.out().matches("(?s).*pi\\s*:\\s*ok=0\\s+changed=0\\s+unreachable=1\\s+failed=0.*"), r.toString());
            assertFalse(r.all().contains("\tat "), "no stack trace:\n" + r);
        } finally {
            link("up");
        }
        // pi's sshd learns that the connection is dead once the link is back; the upload's guard then removes the temp file
        for (int i = 0; i < 1200 && !temps().isEmpty(); i++) Thread.sleep(100);
        assertEquals(List.of(), temps(), "no temp file left on pi");
        assertEquals("old\n", Lab.rootOk("pi", "cat /srv/big.bin"), "the destination is untouched");

        Lab.Out rerun = Lab.play(dir, playbook, inventory);
        assertEquals(0, rerun.rc(), rerun.toString());
        assertTrue(rerun.out().matches("(?s).*pi\\s*:\\s*ok=1\\s+changed=1\\s+unreachable=0\\s+failed=0.*"), rerun.toString());
        assertEquals(sum, Lab.rootOk("pi", "sha256sum /srv/big.bin").split(" ")[0]);
        assertEquals(List.of(), temps());
    }
}
