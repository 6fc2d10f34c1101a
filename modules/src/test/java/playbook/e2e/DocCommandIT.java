package playbook.e2e;

import org.junit.jupiter.api.Test;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocCommandIT {
    private static String[] run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), args);
        return new String[]{String.valueOf(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void listNamesEveryModuleAndEngineAction() {
        String[] r = run("doc", "--list");
        assertEquals("0", r[0]);
        for (String m : new String[]{"command", "file", "copy", "setup", "include_tasks", "meta"}) {
            assertTrue(r[1].contains("ansible.builtin." + m + "\n"), m + " missing in:\n" + r[1]);
        }
    }

    @Test
    void moduleDocComesFromItsSpec() {
        String[] r = run("doc", "ansible.builtin.file");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("= path") && r[1].contains("aliases: [dest, name]"), r[1]);
        assertTrue(r[1].contains("- state") && r[1].contains("directory"), r[1]);
    }

    @Test
    void unknownModuleSuggests() {
        String[] r = run("doc", "fiel");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("did you mean 'file'"), r[2]);
    }
}
