package playbook.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A full disk on the target, in the lab: pi gets an 8 MiB tmpfs at /mnt/small holding old data.
 * A 20 MiB copy and an unarchive of 12 MiB into it fail with "no space left on pi:PATH", leave no
 * temp or half-extracted file behind, and the old data is intact.
 */
class DiskFullIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path STATE = Path.of("/tmp/lab-faults");

    @TempDir
    static Path dir;

    private static String lab(String cmd) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(ROOT.resolve("lab/" + cmd).toString(), "--state", STATE.toString()));
        if (cmd.equals("up")) argv.addAll(List.of("--net", "17"));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "lab/" + cmd + " hung");
        assertEquals(0, p.exitValue(), "lab/" + cmd + ":\n" + out);
        return out;
    }

    /** Runs a shell command on pi with the OpenSSH client; its stdout, or a failed assertion. */
    private static String onPi(String command) throws Exception {
        Process p = new ProcessBuilder("ssh", "-F", STATE.resolve("ssh_config").toString(), "pi", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), "ssh pi hung");
        assertEquals(0, p.exitValue(), "ssh pi " + command + ":\n" + out);
        return out;
    }

    @BeforeAll
    static void up() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(ROOT.resolve("lab/up")), "lab/ not found from " + ROOT);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the lab needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "openssh-server is not installed");
        lab("up");
        onPi("mkdir -p /mnt/small && mount -t tmpfs -o size=8m tmpfs /mnt/small");
    }

    @AfterAll
    static void down() throws Exception {
        if (Files.exists(STATE.resolve("inventory.ini"))) lab("down");
    }

    private static void random(Path file, long bytes, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] buf = new byte[64 * 1024];
        try (OutputStream o = Files.newOutputStream(file)) {
            for (long left = bytes; left > 0; left -= buf.length) {
                r.nextBytes(buf);
                o.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
    }

    private record Out(int rc, String out, String err) {
        @Override public String toString() { return "rc=" + rc + "\n--- out\n" + out + "\n--- err\n" + err; }
    }

    private static Out run(String playbook) throws IOException {
        Path pb = dir.resolve("site.yml");
        Files.writeString(pb, playbook);
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                "run", pb.toString(), "-i", STATE.resolve("inventory.ini").toString());
        return new Out(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCopyThatDoesNotFitFailsClearlyAndKeepsTheOldFile() throws Exception {
        onPi("rm -rf /mnt/small/* /mnt/small/.[!.]* ; printf 'old data\\n' > /mnt/small/data.bin");
        Path big = dir.resolve("big.bin");
        random(big, 20L << 20, 1);
        Out r = run("""
                - hosts: pi
                  gather_facts: false
                  tasks:
                    - copy:
                        src: %s
                        dest: /mnt/small/data.bin
                """.formatted(big));
        assertEquals(2, r.rc, r.toString());
        assertTrue(r.out.contains("no space left on pi:/mnt/small: can't copy " + big), r.toString());
        assertTrue(r.out.matches("(?s).*pi\\s*:\\s*ok=0\\s+changed=0\\s+unreachable=0\\s+failed=1.*"), r.toString());
        assertEquals("data.bin\n", onPi("ls -A /mnt/small"), "no temp file is left beside the destination");
        assertEquals("old data\n", onPi("cat /mnt/small/data.bin"));
    }

    @Test
    void anUnarchiveThatDoesNotFitFailsBeforeExtractingAnything() throws Exception {
        onPi("rm -rf /mnt/small/* /mnt/small/.[!.]* ; mkdir -p /mnt/small/out/tree && printf 'old\\n' > /mnt/small/out/tree/old.txt");
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree);
        random(tree.resolve("a.bin"), 6_000_000, 2);
        random(tree.resolve("b.bin"), 6_000_000, 3);
        Process tar = new ProcessBuilder("tar", "czf", dir.resolve("over.tar.gz").toString(), "-C", dir.toString(), "tree").start();
        assertEquals(0, tar.waitFor());
        String tmpBefore = onPi("ls -A /tmp");
        Out r = run("""
                - hosts: pi
                  gather_facts: false
                  tasks:
                    - unarchive:
                        src: %s
                        dest: /mnt/small/out
                """.formatted(dir.resolve("over.tar.gz")));
        assertEquals(2, r.rc, r.toString());
        assertTrue(r.out.contains("no space left on pi:/mnt/small/out: can't unarchive "), r.toString());
        assertTrue(r.out.contains("nothing was extracted"), r.toString());
        assertTrue(r.out.matches("(?s).*pi\\s*:\\s*ok=0\\s+changed=0\\s+unreachable=0\\s+failed=1.*"), r.toString());
        assertEquals("/mnt/small/out/tree/old.txt\n", onPi("find /mnt/small/out -type f"), "nothing half-extracted");
        assertEquals("old\n", onPi("cat /mnt/small/out/tree/old.txt"));
        assertEquals(tmpBefore, onPi("ls -A /tmp"), "no staged archive left in pi's /tmp");
    }
}
