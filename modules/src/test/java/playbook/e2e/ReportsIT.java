package playbook.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** --report json|junit|markdown and --profile, through the CLI: contents, structure, and no secret in any of them. */
class ReportsIT {
    @TempDir
    Path dir;

    static final String SECRET = "hunter2-very-secret";

    static final String PLAYBOOK = """
            - name: Reported play
              hosts: all
              gather_facts: false
              tasks:
                - name: Loop
                  command: echo {{ item }}
                  loop: [a, b]
                - name: Secret task
                  debug: msg="the password is {{ db_password }}"
                  no_log: true
                - name: Echo the secret
                  command: echo {{ db_password }}
                - name: Ignored failure
                  fail: msg="broken & <bad>"
                  ignore_errors: true
                - name: Skipped
                  debug: msg=never
                  when: false
                - name: Real failure
                  command: "false"
            """;

    private Run run(String... extra) throws Exception {
        String[] args = new String[extra.length + 5];
        args[0] = "$DIR/site.yml";
        args[1] = "-i";
        args[2] = "$DIR/hosts";
        args[3] = "-e";
        args[4] = "db_password=" + SECRET;
        System.arraycopy(extra, 0, args, 5, extra.length);
        return Run.in(dir, Map.of("site.yml", PLAYBOOK, "hosts", Run.LOCAL_INVENTORY), args);
    }

    @Test
    void writesJsonJunitAndMarkdownWithoutSecrets() throws Exception {
        Run r = run("--report", "json=$DIR/out/run.json", "--report", "junit=$DIR/out/run.xml", "--report", "markdown=$DIR/out/run.md");
        assertEquals(2, r.rc, r.toString());

        JsonNode doc = new ObjectMapper().readTree(dir.resolve("out/run.json").toFile());
        assertEquals(dir.resolve("site.yml").toString(), doc.get("playbook").asText());
        JsonNode tasks = doc.get("tasks");
        assertEquals(6, tasks.size(), doc.toPrettyString());
        assertEquals("Loop", tasks.get(0).get("name").asText());
        assertEquals("Reported play", tasks.get(0).get("play").asText());
        // two items and the loop's outcome
        assertEquals(3, tasks.get(0).get("hosts").size());
        assertEquals("a", tasks.get(0).get("hosts").get(0).get("item").asText());
        assertEquals("a", tasks.get(0).get("hosts").get(0).get("result").get("stdout").asText());
        assertTrue(tasks.get(0).get("hosts").get(0).get("duration").asDouble() >= 0);
        assertTrue(tasks.get(1).get("hosts").get(0).get("result").has("censored"));
        assertEquals("failed", tasks.get(5).get("hosts").get(0).get("status").asText());
        assertTrue(tasks.get(3).get("hosts").get(0).get("ignored").asBoolean());
        assertEquals("skipped", tasks.get(4).get("hosts").get(0).get("status").asText());
        JsonNode recap = doc.get("recap").get("localhost");
        assertEquals(1, recap.get("failed").asInt());
        assertEquals(1, recap.get("ignored").asInt());
        assertEquals(1, recap.get("skipped").asInt());
        assertFalse(tasks.get(0).get("hosts").get(0).get("result").has("_ansible_action"));

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("out/run.xml").toFile());
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertEquals("6", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"));
        NodeList failures = xml.getElementsByTagName("failure");
        assertEquals(1, failures.getLength());
        assertEquals("non-zero return code", ((Element) failures.item(0)).getAttribute("message"));
        assertEquals("Reported play : Real failure", ((Element) failures.item(0).getParentNode()).getAttribute("name"));

        String md = Files.readString(dir.resolve("out/run.md"));
        assertTrue(md.startsWith("# site.yml: FAILED"), md);
        assertTrue(md.contains("| localhost | 4 | 2 | 0 | 1 | 1 | 0 | 1 |"), md);
        assertTrue(md.contains("**localhost** failed at `Real failure` (" + dir.resolve("site.yml") + ":19:"), md);

        for (String f : new String[] {"out/run.json", "out/run.xml", "out/run.md"})
            assertFalse(Files.readString(dir.resolve(f)).contains(SECRET), f + " leaks the secret");
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(3, files.count(), "no temp files left");
        }
    }

    @Test
    void profileListsTheSlowestTasksAfterTheRecap() throws Exception {
        Run r = run("--profile");
        int recap = r.out.indexOf("PLAY RECAP");
        int table = r.out.indexOf("=".repeat(79));
        assertTrue(recap > 0 && table > recap, r.toString());
        String profile = r.out.substring(table);
        for (String t : new String[] {"Loop", "Echo the secret", "Real failure", "Skipped"})
            assertTrue(profile.matches("(?s).*\\n" + t + " -+ \\d+\\.\\d\\ds\\n.*"), t + " in\n" + profile);
        assertFalse(r.out.contains(SECRET));
    }

    @Test
    void aBadReportOptionIsAnOptionError() throws Exception {
        Run r = run("--report", "pdf=$DIR/x.pdf");
        assertEquals(5, r.rc);
        assertTrue(r.err.contains("--report expects FORMAT=FILE with FORMAT json, junit or markdown, got 'pdf="), r.err);
        assertFalse(Files.exists(dir.resolve("x.pdf")));
    }
}
