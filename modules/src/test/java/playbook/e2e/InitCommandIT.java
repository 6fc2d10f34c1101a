package playbook.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** playbook init: the scaffolded project runs (here with --local), twice idempotently, and init never overwrites. */
class InitCommandIT {
    @TempDir
    Path dir;

    private String[] cli(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), args);
        return new String[] {String.valueOf(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void scaffoldRunsAndIsIdempotent() throws Exception {
        Path p = dir.resolve("proj");
        String[] r = cli("init", "--local", p.toString());
        assertEquals("0", r[0], r[2]);
        for (String f : new String[] {"ansible.cfg", "inventory.ini", "group_vars/all.yaml", "site.yaml", "templates/motd.j2"})
            assertTrue(Files.isRegularFile(p.resolve(f)), f);
        String[] run = cli("run", p.resolve("site.yaml").toString(), "-i", p.resolve("inventory.ini").toString());
        assertEquals("0", run[0], run[1] + run[2]);
        assertTrue(Files.readString(p.resolve("out/motd")).startsWith("Welcome to localhost, managed by the home lab"));
        assertTrue(run[1].contains("RUNNING HANDLER [Show the message]"), run[1]);
        String[] again = cli("run", p.resolve("site.yaml").toString(), "-i", p.resolve("inventory.ini").toString());
        assertEquals("0", again[0]);
        assertTrue(again[1].matches("(?s).*localhost\\s+: ok=\\d+\\s+changed=0 .*"), again[1]);
    }

    @Test
    void neverOverwritesAndNeedsALabOrLocal() throws Exception {
        Path p = dir.resolve("proj");
        Files.createDirectories(p);
        Files.writeString(p.resolve("site.yaml"), "mine\n");
        String[] r = cli("init", "--local", p.toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("already has site.yaml; nothing was written"), r[2]);
        assertEquals("mine\n", Files.readString(p.resolve("site.yaml")));
        assertFalse(Files.exists(p.resolve("ansible.cfg")));
        String[] lab = cli("init", "--lab", dir.resolve("nolab").toString(), dir.resolve("x").toString());
        assertEquals("1", lab[0]);
        assertTrue(lab[2].contains("no lab inventory at " + dir.resolve("nolab/inventory.ini")), lab[2]);
        Files.createDirectories(dir.resolve("fakelab"));
        Files.writeString(dir.resolve("fakelab/inventory.ini"), "[servers]\npi ansible_host=10.77.0.11\n");
        assertEquals("0", cli("init", "--lab", dir.resolve("fakelab").toString(), dir.resolve("y").toString())[0]);
        assertEquals("[servers]\npi ansible_host=10.77.0.11\n", Files.readString(dir.resolve("y/inventory.ini")));
    }
}
