package playbook.engine.parse;

import org.junit.jupiter.api.Test;
import playbook.engine.ParseException;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per kind of parse error: the message and the exact file:line:col it names. */
class ParseErrorsTest extends ParserFixture {
    private static final String PLAY = "- hosts: all\n  tasks:\n";

    private void assertStarts(String expectedStart, String message) {
        assertTrue(message.startsWith(expectedStart), "expected to start with:\n" + expectedStart + "\nbut was:\n" + message);
    }

    @Test void noAction() {
        String m = errorOf(PLAY + "    - name: nothing to do\n      when: x\n");
        assertStarts(at("pb.yml", 3, 7) + "no module/action detected in task.", m);
    }

    @Test void conflictingActions() {
        String m = errorOf(PLAY + "    - debug: msg=a\n      copy: src=b dest=c\n");
        assertStarts(at("pb.yml", 4, 7) + "conflicting action statements: debug, copy.", m);
    }

    @Test void misspeltKeywordSuggestsTheKeyword() {
        String m = errorOf(PLAY + "    - debug: msg=a\n      wehn: x\n");
        assertStarts(at("pb.yml", 4, 7) + "unknown keyword 'wehn' (did you mean 'when'?)", m);
        String m2 = errorOf(PLAY + "    - debug: msg=a\n      registr: out\n");
        assertStarts(at("pb.yml", 4, 7) + "unknown keyword 'registr' (did you mean 'register'?)", m2);
    }

    @Test void misspeltModuleSuggestsTheModule() {
        String m = errorOf(PLAY + "    - name: x\n      debgu: msg=a\n");
        assertStarts(at("pb.yml", 4, 7) + "couldn't resolve module/action 'debgu' (did you mean 'debug'?).", m);
        String m2 = errorOf(PLAY + "    - community.general.ufw: {rule: allow}\n");
        assertStarts(at("pb.yml", 3, 7) + "couldn't resolve module/action 'community.general.ufw'. Check", m2);
    }

    @Test void argumentAtTaskLevelSaysToIndentIt() {
        String m = errorOf(PLAY + "    - file:\n        path: /x\n      owner: root\n");
        assertEquals(at("pb.yml", 5, 7) + "'owner' is neither a task keyword nor a known module; this task's action is"
                + " 'file'. If 'owner' is an argument of 'file', indent it under 'file:'.", m);
    }

    @Test void listenOnATask() {
        String m = errorOf(PLAY + "    - debug: msg=a\n      listen: x\n");
        assertStarts(at("pb.yml", 4, 7) + "'listen' is only valid on handlers", m);
    }

    @Test void invalidBlockKeyword() {
        String m = errorOf(PLAY + "    - block:\n        - debug: msg=a\n      register: x\n");
        assertStarts(at("pb.yml", 5, 7) + "'register' is not a valid keyword for a block: 'register' is a task keyword;"
                + " set it on the tasks inside the block.", m);
    }

    @Test void legacyActionAndLocalActionTogether() {
        String m = errorOf(PLAY + "    - action: ping\n      local_action: ping\n");
        assertStarts(at("pb.yml", 4, 7) + "action and local_action are mutually exclusive", m);
    }

    @Test void importPlaybookAsATask() {
        String m = errorOf(PLAY + "    - import_playbook: other.yml\n");
        assertStarts(at("pb.yml", 3, 7) + "import_playbook can only be used at the top level of a playbook", m);
    }

    @Test void unknownPlayKeywordSuggests() {
        String m = errorOf("- hosts: all\n  gather_fact: no\n");
        assertEquals(at("pb.yml", 2, 3) + "'gather_fact' is not a valid play keyword: remove it or fix the spelling"
                + " (did you mean 'gather_facts'?).", m);
    }

    @Test void whenOnAPlay() {
        String m = errorOf("- hosts: all\n  when: x\n");
        assertStarts(at("pb.yml", 2, 3) + "'when' is not a valid play keyword: a play cannot be conditional", m);
    }

    @Test void taskAtPlaybookLevel() {
        String m = errorOf("- hosts: all\n- debug: msg=x\n");
        assertStarts(at("pb.yml", 2, 3) + "'debug' is not a valid play keyword: 'debug' is a module", m);
    }

    @Test void playWithoutHosts() {
        String m = errorOf("- name: web\n  tasks: []\n");
        assertEquals(at("pb.yml", 1, 3) + "the play 'web' has no 'hosts'; add e.g. 'hosts: all' (or a group or host"
                + " pattern) to it.", m);
    }

    @Test void emptyHosts() {
        String m = errorOf("- hosts:\n");
        assertStarts(at("pb.yml", 1, 3) + "'hosts' is empty", m);
    }

    @Test void tasksNotAList() {
        String m = errorOf("- hosts: all\n  tasks:\n    debug: msg=x\n");
        assertStarts(at("pb.yml", 3, 5) + "'tasks' must be a list of tasks, got a mapping.", m);
    }

    @Test void taskNotAMapping() {
        String m = errorOf(PLAY + "    - debug msg=x\n");
        assertEquals(at("pb.yml", 3, 7) + "a task must be a mapping such as '- name: ...' followed by a module, got the"
                + " string 'debug msg=x'. Did you mean 'debug: msg=x'?", m);
    }

    @Test void playbookIsAMapping() {
        String m = errorOf("hosts: all\ntasks: []\n");
        assertStarts(at("pb.yml", 1, 1) + "a playbook must be a list of plays, got a mapping.", m);
    }

    @Test void emptyPlaybook() {
        String m = errorOf("# nothing\n");
        assertStarts(dir.resolve("pb.yml") + ": empty playbook, nothing to do.", m);
    }

    @Test void playbookEntryNotAMapping() {
        String m = errorOf("- hosts: all\n- just a string\n");
        assertStarts(at("pb.yml", 2, 3) + "playbook entries must be plays", m);
    }

    @Test void multipleDocuments() {
        String m = errorOf("- hosts: a\n---\n- hosts: b\n");
        assertStarts(at("pb.yml", 3, 1) + "this file has 2 YAML documents", m);
    }

    @Test void unquotedTemplateGetsTheQuoteHintAtItsLine() {
        String m = errorOf(PLAY + "    - debug:\n        msg: {{ foo }}\n");
        assertStarts(at("pb.yml", 4, 15) + "a mapping key must be a plain value, not a mapping", m);
        assertTrue(m.contains("Quote the whole value"), m);
    }

    @Test void yamlSyntaxError() {
        String m = errorOf(PLAY + "    - debug:\n        msg: \"unterminated\n");
        assertTrue(m.startsWith(dir.resolve("pb.yml") + ":"), m);
        assertTrue(m.contains("YAML syntax error"), m);
    }

    @Test void invalidVariableName() {
        String m = errorOf("- hosts: all\n  vars:\n    my-var: 1\n");
        assertStarts(at("pb.yml", 3, 5) + "'my-var' is not a valid variable name in the vars of a play.", m);
    }

    @Test void varsNotAMapping() {
        String m = errorOf(PLAY + "    - debug: msg=x\n      vars: [a, b]\n");
        assertStarts(at("pb.yml", 4, 14) + "'vars' of a task must be a mapping (or a list of mappings), got the string 'a'", m);
    }

    @Test void importPlaybookFileMissing() {
        String m = errorOf("- hosts: all\n- import_playbook: missing.yml\n");
        assertStarts(at("pb.yml", 2, 3) + "import_playbook: cannot find 'missing.yml' (looked for "
                + dir.resolve("missing.yml") + ")", m);
    }

    @Test void importPlaybookBadKeyword() {
        write("other.yml", "- hosts: all\n");
        String m = errorOf("- import_playbook: other.yml\n  hosts: all\n");
        assertStarts(at("pb.yml", 2, 3) + "'hosts' is not a valid keyword for import_playbook", m);
    }

    @Test void importPlaybookCycle() {
        write("a.yml", "- import_playbook: b.yml\n");
        write("b.yml", "- import_playbook: a.yml\n");
        Path a = dir.resolve("a.yml");
        String m = assertThrows(ParseException.class, () -> parser.parse(a)).getMessage();
        assertEquals(a + ": import_playbook cycle: a.yml -> b.yml -> a.yml. Remove one of the imports.", m);
    }

    @Test void roleReferenceWithoutName() {
        String m = errorOf("- hosts: all\n  roles:\n    - when: x\n");
        assertStarts(at("pb.yml", 3, 7) + "this role reference has no role name", m);
    }

    @Test void rolesNotAList() {
        String m = errorOf("- hosts: all\n  roles: common\n");
        assertStarts(at("pb.yml", 2, 10) + "'roles' must be a list of roles, got the string 'common'.", m);
    }

    @Test void unbalancedQuoteInLegacyAction() {
        String m = errorOf(PLAY + "    - action: command echo \"oops\n");
        assertStarts(at("pb.yml", 3, 15) + "failed at splitting arguments", m);
    }
}
