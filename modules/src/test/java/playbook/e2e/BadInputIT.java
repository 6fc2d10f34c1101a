package playbook.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per class of bad input: the message names what and where, the exit code is ansible-playbook's, nothing runs. */
class BadInputIT {
    @TempDir Path dir;

    private Run run(String playbook, String... more) throws Exception {
        String[] args = new String[3 + more.length];
        args[0] = "$DIR/site.yml";
        args[1] = "-i";
        args[2] = "$DIR/inventory";
        System.arraycopy(more, 0, args, 3, more.length);
        return Run.in(dir, Map.of("site.yml", playbook, "inventory", Run.LOCAL_INVENTORY), args);
    }

    @Test
    void malformedYamlNamesFileLineAndColumn() throws Exception {
        Run r = run("""
                - hosts: localhost
                  tasks:
                    - debug: msg=one
                   - debug: msg=two
                """);
        assertEquals(4, r.rc, r.toString());
        assertTrue(r.err.contains("site.yml:4:"), r.toString());
        assertTrue(r.err.startsWith("ERROR! "), r.toString());
        assertFalse(r.err.contains("\tat "), "no stack trace for a known error: " + r);
    }

    @Test
    void unknownModuleGetsASuggestion() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: typo
                      comand: echo hi
                """);
        assertEquals(4, r.rc, r.toString());
        assertTrue(r.err.contains("site.yml:5:") && r.err.contains("comand") && r.err.contains("command"), r.toString());
    }

    @Test
    void unknownKeywordGetsASuggestion() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - command: echo hi
                      wehn: false
                """);
        assertEquals(4, r.rc, r.toString());
        assertTrue(r.err.contains("wehn") && r.err.contains("when"), r.toString());
    }

    @Test
    void unquotedTemplateGetsTheQuoteItHint() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - debug:
                        msg: {{ greeting }}
                """);
        assertEquals(4, r.rc, r.toString());
        assertTrue(r.err.contains("site.yml:5:") && r.err.toLowerCase().contains("quote"), r.toString());
    }

    @Test
    void decimalModeIsWarnedAbout() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - file: { path: "$DIR/x", state: touch, mode: 2750 }
                """.replace("$DIR", dir.toString()), "--syntax-check");
        assertEquals(0, r.rc, r.toString());
        assertTrue((r.err + r.out).contains("mode 2750"), r.toString());
    }

    @Test
    void missingPlaybookFileIsNamed() throws Exception {
        Run r = Run.in(dir, Map.of("inventory", Run.LOCAL_INVENTORY), "$DIR/nope.yml", "-i", "$DIR/inventory");
        assertEquals(4, r.rc, r.toString());
        assertTrue(r.err.contains("nope.yml"), r.toString());
    }

    @Test
    void malformedInventoryNamesTheFile() throws Exception {
        Files.writeString(dir.resolve("bad.yml"), "all:\n  hosts:\n    - not-a-mapping\n");
        Run r = Run.in(dir, Map.of("site.yml", "- hosts: all\n  tasks: []\n"), "$DIR/site.yml", "-i", "$DIR/bad.yml");
        assertEquals(1, r.rc, r.toString());
        assertTrue(r.err.contains("bad.yml"), r.toString());
    }

    @Test
    void badOptionExitsFive() throws Exception {
        Run r = run("- hosts: localhost\n  tasks: []\n", "--no-such-option");
        assertEquals(5, r.rc, r.toString());
        assertTrue(r.err.contains("--no-such-option"), r.toString());
    }

    @Test
    void undefinedVariableInConditionalNamesTheCondition() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - command: "true"
                      when: missing_flag | bool
                """);
        assertEquals(2, r.rc, r.toString());
        assertTrue(r.out.contains("missing_flag") && r.out.contains("is undefined"), r.toString());
    }

    @Test
    void literalBadChoiceFailsBeforeAnythingRuns() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - command: "touch $DIR/first"
                    - name: bad choice
                      file: { path: /tmp/x, state: folder }
                """.replace("$DIR", dir.toString()));
        assertEquals(4, r.rc, r.toString());
        assertTrue(r.err.contains("site.yml:5:") && r.err.contains("value of state must be one of") && r.err.contains("folder"), r.toString());
        assertFalse(Files.exists(dir.resolve("first")), "nothing may run when a later task is invalid");
    }

    @Test
    void brokenLoopExpressionNamesHostTaskAndCause() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: loop over a typo
                      debug: { msg: "{{ item }}" }
                      loop: "{{ [1, 2] | | join(',') }}"
                """);
        assertEquals(2, r.rc, r.toString());
        assertTrue(r.out.contains("fatal: [localhost]: FAILED!") && r.out.contains("TASK [loop over a typo]"), r.toString());
        assertTrue(r.out.contains("site.yml': line 4"), "the message names the task's file and line: " + r);
    }

    @Test
    void unbalancedFreeFormTextNamesTheTasksLine() throws Exception {
        // found by BadInputFuzzIT: the message said what was wrong but not where
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: a brace lost
                      shell: "echo x >> {{ out }/when.log"
                """);
        assertEquals(4, r.rc, r.toString());
        assertTrue(r.err.contains("site.yml:4:") && r.err.contains("unbalanced"), r.toString());
    }
}
