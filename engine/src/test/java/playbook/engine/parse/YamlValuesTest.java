package playbook.engine.parse;

import org.junit.jupiter.api.Test;
import playbook.engine.model.Task;
import playbook.engine.model.VaultText;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** YAML 1.1 values as PyYAML (and so Ansible) reads them, seen through parsed task args and keywords. */
class YamlValuesTest extends ParserFixture {
    @Test void yaml11Scalars() {
        Task t = onlyTask("""
                    - copy:
                        a: yes
                        b: no
                        c: on
                        d: Off
                        mode: 0644
                        hex: 0x1F
                        big: 1_000
                        nothing: ~
                        float: 1.10
                        text: 0o644
                        quoted: '0644'
                """);
        Map<String, Object> a = t.args();
        assertEquals(true, a.get("a"));
        assertEquals(false, a.get("b"));
        assertEquals(true, a.get("c"));
        assertEquals(false, a.get("d"));
        assertEquals(420L, a.get("mode"));
        assertEquals(31L, a.get("hex"));
        assertEquals(1000L, a.get("big"));
        assertTrue(a.containsKey("nothing"));
        assertNull(a.get("nothing"));
        assertEquals(1.1, a.get("float"));
        assertEquals("0o644", a.get("text"));
        assertEquals("0644", a.get("quoted"));
    }

    @Test void keywordsKeepYamlTypes() {
        Task t = onlyTask("""
                    - debug: msg=hi
                      become: yes
                      ignore_errors: True
                      retries: 3
                """);
        assertEquals(true, t.keywords().get("become"));
        assertEquals(true, t.keywords().get("ignore_errors"));
        assertEquals(3L, t.keywords().get("retries"));
    }

    @Test void mergeKeysApplyToTasksAndExplicitKeysWin() {
        Task merged = task(tasksOf("""
                    - &base
                      name: base
                      debug: {msg: one}
                      become: true
                    - <<: *base
                      name: merged
                      become: false
                """).get(1));
        assertEquals("merged", merged.name());
        assertEquals("debug", merged.module());
        assertEquals("one", merged.args().get("msg"));
        assertEquals(false, merged.keywords().get("become"));
    }

    @Test void vaultTagBecomesVaultText() {
        Task t = onlyTask("""
                    - debug:
                        msg: !vault |
                          $ANSIBLE_VAULT;1.1;AES256
                          6162
                """);
        VaultText v = assertInstanceOf(VaultText.class, t.args().get("msg"));
        assertTrue(v.ciphertext().startsWith("$ANSIBLE_VAULT;1.1;AES256"));
        assertEquals(dir.resolve("pb.yml") + ":4:14", v.location().toString());
    }

    @Test void duplicateKeysWarnAndTakeTheLast() {
        Task t = onlyTask("""
                    - debug: {msg: a}
                      when: x
                      when: y
                """);
        assertEquals("y", t.keywords().get("when"));
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith(at("pb.yml", 5, 7) + "duplicate dict key 'when'"), warnings.get(0));
    }
}
