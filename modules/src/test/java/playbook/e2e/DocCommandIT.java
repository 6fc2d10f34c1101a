package playbook.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocCommandIT {
    private static String[] run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), args);
        return new String[]{String.valueOf(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void listNamesEveryModuleAndEngineActionWithItsSummaryAligned() {
        String[] r = run("doc", "--list");
        assertEquals("0", r[0]);
        for (String m : new String[]{"command", "file", "copy", "setup", "include_tasks", "meta"}) {
            assertTrue(r[1].contains("ansible.builtin." + m + " "), m + " missing in:\n" + r[1]);
        }
        assertTrue(r[1].matches("(?s).*\nansible\\.builtin\\.copy +Copy a file, a directory or inline content to the host\n.*"), r[1]);
        assertTrue(r[1].matches("(?s).*\nansible\\.builtin\\.meta +Control the run itself: flush handlers, end the play or host, reset connections\n.*"), r[1]);
        Set<Integer> columns = new HashSet<>();
        for (String line : r[1].split("\n")) {
            int sp = line.indexOf(' ');
            assertTrue(sp > 0, "a line without a summary: " + line);
            int col = sp;
            while (line.charAt(col) == ' ') col++;
            columns.add(col);
        }
        assertEquals(1, columns.size(), "summaries start in one column:\n" + r[1]);
    }

    @Test
    void moduleDocComesFromItsSpec() {
        String[] r = run("doc", "ansible.builtin.file");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("= path") && r[1].contains("aliases: [dest, name]"), r[1]);
        assertTrue(r[1].contains("- state") && r[1].contains("directory"), r[1]);
    }

    @Test
    void copyShowsDescriptionOptionDocsNotesExamplesAndReturns() {
        String[] r = run("doc", "copy");
        assertEquals("0", r[0], r[2]);
        String out = r[1];
        assertTrue(out.startsWith("> ANSIBLE.BUILTIN.COPY    (also: copy)\n\n  Copy a file, a directory or inline content to the host\n"), out);
        assertTrue(out.contains("  Compares the sha1 of the source with the destination's"), out);
        assertTrue(out.contains("\n= dest\n        Where to put it on the host."), out);
        assertTrue(out.contains("\n- remote_src\n        src is on the host, not the controller (cp on the host).\n        default: false\n        type: bool\n"), out);
        int notes = out.indexOf("\nNOTES:\n      * Idempotent by checksum");
        int examples = out.indexOf("\nEXAMPLES:\n\n- name: Install the compose file of the Grafana stack\n  copy:\n    src: grafana/compose.yaml\n");
        int returns = out.indexOf("\nRETURN VALUES:\n\n- dest\n");
        assertTrue(notes > 0 && examples > notes && returns > examples, "sections NOTES, EXAMPLES, RETURN VALUES in order:\n" + out);
    }

    @Test
    void engineActionsAreDocumentedToo() {
        String[] r = run("doc", "meta");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("Control the run itself"), r[1]);
        assertTrue(r[1].contains("= _raw_params\n        What to do: flush_handlers runs the notified handlers now;"), r[1]);
        assertTrue(r[1].contains("EXAMPLES:\n\n- name: Restart the services now, before the restore check uses them\n  meta: flush_handlers\n"), r[1]);
        String inc = run("doc", "include_tasks")[1];
        String imp = run("doc", "import_tasks")[1];
        assertTrue(inc.contains("(dynamic)") && imp.contains("(static)"), inc + "\n----\n" + imp);
    }

    @Test
    void jsonHasAnsibleDocLayout() throws Exception {
        String[] r = run("doc", "--json", "ansible.builtin.stat");
        assertEquals("0", r[0], r[2]);
        JsonNode stat = new ObjectMapper().readTree(r[1]).get("ansible.builtin.stat");
        assertEquals("Read facts about a file or directory", stat.at("/doc/short_description").asText());
        assertEquals("The path on the host to look at.", stat.at("/doc/options/path/description").asText());
        assertTrue(stat.at("/doc/options/path/required").asBoolean());
        assertEquals("[\"dest\",\"name\"]", stat.at("/doc/options/path/aliases").toString());
        assertEquals("sha1", stat.at("/doc/options/checksum_algorithm/default").asText());
        assertTrue(stat.get("examples").asText().contains("stat:\n    path: /mnt/hdd/.backup-disk"), r[1]);
        assertTrue(stat.at("/return/stat/description").asText().startsWith("A dict: exists"), r[1]);
    }

    @Test
    void unknownModuleSuggests() {
        String[] r = run("doc", "fiel");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("did you mean 'file'"), r[2]);
    }
}
