package playbook.modules.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * copy leaves its md5sum out only when nothing can see the result; every way of seeing it
 * (register, -v, a JSON report) still gets checksum and md5sum.
 */
class CopyObservedResultTest {
    private static final String SHA1 = "c7059bb19433cc3cabaa6236c83d56668a843dd2";
    private static final String MD5 = "5bbf5a52328e7439ae6e719dfe712200";

    private record Out(int rc, String out) {}

    private static Out run(Path dir, String tasks, String... extra) throws Exception {
        Files.writeString(dir.resolve("one.txt"), "one\n");
        Files.writeString(dir.resolve("inventory"), "here ansible_connection=local\n");
        Files.writeString(dir.resolve("site.yml"), "- hosts: here\n  gather_facts: false\n  tasks:\n" + tasks);
        List<String> args = new ArrayList<>(List.of("run", dir.resolve("site.yml").toString(), "-i", dir.resolve("inventory").toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(o, true, StandardCharsets.UTF_8);
        int rc = Main.run(ps, ps, args.toArray(String[]::new));
        return new Out(rc, o.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRegisteredResultHasBothChecksums(@TempDir Path dir) throws Exception {
        Out o = run(dir, "    - copy: { src: one.txt, dest: " + dir.resolve("a") + " }\n      register: r\n"
                + "    - assert: { that: [\"r.checksum == '" + SHA1 + "'\", \"r.md5sum == '" + MD5 + "'\"] }\n");
        assertEquals(0, o.rc(), o.out());
    }

    @Test
    void verboseOutputShowsThem(@TempDir Path dir) throws Exception {
        Out o = run(dir, "    - copy: { src: one.txt, dest: " + dir.resolve("a") + " }\n", "-v");
        assertEquals(0, o.rc(), o.out());
        assertTrue(o.out().contains(MD5) && o.out().contains(SHA1), o.out());
    }

    @Test
    void aJsonReportKeepsThem(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("report.json");
        Out o = run(dir, "    - copy: { src: one.txt, dest: " + dir.resolve("a") + " }\n", "--report", "json=" + report);
        assertEquals(0, o.rc(), o.out());
        String json = Files.readString(report);
        assertTrue(json.contains(MD5) && json.contains(SHA1), json);
    }
}
