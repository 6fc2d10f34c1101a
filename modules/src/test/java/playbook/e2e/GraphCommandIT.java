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

/** playbook graph: the compiled task graph as text, Mermaid and dot, with hosts from -i. */
class GraphCommandIT {
    @TempDir
    Path dir;

    static final String PLAYBOOK = """
            - name: Graph me
              hosts: servers
              gather_facts: false
              tasks:
                - name: first
                  debug: msg=1
                  notify: restart "it"
                - name: guarded
                  block:
                    - name: risky
                      command: /bin/false
                  rescue:
                    - name: recover
                      debug: msg=r
                  always:
                    - name: cleanup
                      debug: msg=c
                - include_tasks: other.yaml
              handlers:
                - name: restart "it"
                  debug: msg=h
            """;

    String[] graph(String... args) throws Exception {
        Files.writeString(dir.resolve("site.yml"), PLAYBOOK);
        Files.writeString(dir.resolve("hosts"), "[servers]\npi ansible_connection=local\nzero ansible_connection=local\n");
        String[] a = new String[args.length + 2];
        a[0] = "graph";
        a[1] = dir.resolve("site.yml").toString();
        for (int i = 0; i < args.length; i++) a[i + 2] = args[i].replace("$DIR", dir.toString());
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), a);
        return new String[] {String.valueOf(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void textShowsBlocksRescueAlwaysHandlersAndHosts() throws Exception {
        String[] r = graph("--format", "text", "-i", "$DIR/hosts");
        assertEquals("0", r[0], r[2]);
        assertEquals("""
                PLAY Graph me [servers]
                  hosts: pi, zero
                  first (debug)
                    notify: restart "it"
                  BLOCK guarded
                    risky (command)
                  RESCUE (on failure)
                    recover (debug)
                  ALWAYS
                    cleanup (debug)
                  include_tasks: other.yaml
                  HANDLERS
                    restart "it"
                """, r[1]);
    }

    @Test
    void mermaidHasTheFlowTheFailureEdgesAndTheNotification() throws Exception {
        String out = graph()[1];
        assertTrue(out.startsWith("flowchart TD\n"), out);
        assertTrue(out.contains("subgraph block4[\"block: guarded\"]"), out);
        assertTrue(out.contains("block4 -. on failure .-> rescue6_in"), out);
        assertTrue(out.contains("rescue6 -. on failure .-> always8_in"), out);
        assertTrue(out.contains("task5 --> always8_in"), out);
        assertTrue(out.contains("task9 --> task10"), out);
        assertTrue(out.contains("task3 -. notify .-> handler2"), out);
        assertTrue(out.contains("handler2[\"HANDLER restart #quot;it#quot;\"]"), out);
        assertEquals(count(out, "subgraph "), count(out, "\n  end\n") + count(out, "\n    end\n") + count(out, "\n      end\n"));
    }

    @Test
    void dotIsBalancedAndUsesClusters() throws Exception {
        String out = graph("--format", "dot")[1];
        assertTrue(out.startsWith("digraph playbook {"), out);
        assertEquals(count(out, "{"), count(out, "}"));
        assertTrue(out.contains("task5 -> rescue6_in [label=\"on failure\", style=dashed, ltail=cluster_block4];"), out);
        assertTrue(out.contains("handler2 [label=\"HANDLER restart \\\"it\\\"\"];"), out);
    }

    @Test
    void badFormatAndBadPlaybookAreClearErrors() throws Exception {
        String[] r = graph("--format", "png");
        assertEquals("5", r[0]);
        assertTrue(r[2].contains("--format must be mermaid, dot or text, got 'png'"), r[2]);
        Files.writeString(dir.resolve("bad.yml"), "- hosts: all\n  tasks:\n    - nosuchmodule: x=1\n");
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                "graph", dir.resolve("bad.yml").toString());
        assertNotEquals(0, rc);
        assertTrue(e.toString(StandardCharsets.UTF_8).contains("bad.yml"), e.toString(StandardCharsets.UTF_8));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
