package playbook.engine.inventory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.InventoryException;
import playbook.engine.model.VaultText;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static playbook.engine.inventory.InvFixture.names;

class YamlInventoryParserTest {
    @TempDir Path tmp;

    static final String INV_YML = """
            all:
              hosts:
                direct1:
                  dv: 1
              vars:
                av: all
                over: all
              children:
                web:
                  hosts:
                    web[01:02]:
                      ansible_port: 22
                    "web-x:2200":
                  vars:
                    over: web
                    wv: [1, 2]
                  children:
                    nginx:
                      hosts:
                        web01:
                      vars:
                        over: nginx
                db:
                  hosts: dbhost
                  vars:
                    over: db
                    ansible_group_priority: 10
                alpha:
                  hosts:
                    dbhost:
                  vars:
                    over: alpha
            ungrouped:
              hosts:
                lonely:
            """;

    @Test
    void groupsChildrenAndHostsInAnsibleOrder() {
        Inventory inv = new InvFixture(tmp).inventory("inv.yml", INV_YML);
        // order from: ansible -i inv.yml all --list-hosts
        assertEquals(List.of("direct1", "lonely", "web01", "web02", "web-x", "dbhost"), names(inv.select("all")));
        assertEquals(List.of("lonely", "direct1"), inv.groupsMap().get("ungrouped"));
        assertEquals(List.of("web01", "web02", "web-x"), inv.groupsMap().get("web"));
        assertEquals(2200L, inv.inventoryHostVars(inv.host("web-x").orElseThrow()).get("ansible_port"));
    }

    @Test
    void groupVarsPrecedenceUsesDepthThenPriorityThenName() {
        Inventory inv = new InvFixture(tmp).inventory("inv.yml", INV_YML);
        // values from: ansible -i inv.yml all -m debug -a 'var=over'
        assertEquals("nginx", inv.inventoryGroupVars(inv.host("web01").orElseThrow()).get("over"));
        assertEquals("web", inv.inventoryGroupVars(inv.host("web02").orElseThrow()).get("over"));
        assertEquals("db", inv.inventoryGroupVars(inv.host("dbhost").orElseThrow()).get("over"));
        assertEquals("all", inv.inventoryGroupVars(inv.host("lonely").orElseThrow()).get("over"));
        assertEquals(List.of(1L, 2L), inv.inventoryGroupVars(inv.host("web01").orElseThrow()).get("wv"));
    }

    @Test
    void jsonAndVaultValues() {
        Inventory inv = new InvFixture(tmp).inventory("inv.json", """
                {"web": {"hosts": {"a": {"x": 1}}, "vars": {"y": true}}}
                """);
        assertEquals(Map.of("y", true), inv.inventoryGroupVars(inv.host("a").orElseThrow()));
        inv = new InvFixture(tmp).inventory("v.yml", """
                all:
                  hosts:
                    h:
                      secret: !vault |
                        $ANSIBLE_VAULT;1.1;AES256
                        6162
                """);
        assertInstanceOf(VaultText.class, inv.inventoryHostVars(inv.host("h").orElseThrow()).get("secret"));
    }

    @Test
    void extensionlessYamlIsDetectedByContent() {
        Inventory inv = new InvFixture(tmp).inventory("hosts", "web:\n  hosts:\n    w1:\n");
        assertEquals(List.of("w1"), inv.groupsMap().get("web"));
    }

    @Test
    void unknownKeysAndBadGroupsAreWarnings() {
        InvFixture f = new InvFixture(tmp);
        Inventory inv = f.inventory("inv.yml", "web:\n  hostz:\n    w1:\n  hosts:\n    w2:\nbroken: [1]\n");
        assertEquals(List.of("w2"), names(inv.select("all")));
        assertTrue(f.warnings.stream().anyMatch(w -> w.contains(":2:3: Skipping unexpected key (hostz) in group (web)")), f.warnings.toString());
        assertTrue(f.warnings.stream().anyMatch(w -> w.contains(":6:1: Skipping 'broken'")), f.warnings.toString());
    }

    private String error(String name, String text) {
        InvFixture f = new InvFixture(tmp);
        f.write(name, text);
        return assertThrows(InventoryException.class, () -> f.load(name)).getMessage();
    }

    @Test
    void malformedYamlNamesFileLineAndColumn() {
        String file = tmp.resolve("bad.yml").toString();
        String m = error("bad.yml", "all:\n  hosts:\n    a: [1\n");
        assertTrue(m.startsWith(file + ":4:1: YAML syntax error"), m);
        m = error("bad.yml", "web:\n  hosts:\n    - a\n    - b\n");
        assertTrue(m.startsWith(file + ":3:5: Invalid \"hosts\" entry for \"web\" group, requires a dictionary"), m);
        m = error("bad.yml", "web:\n  hosts:\n    a: 5\n");
        assertTrue(m.startsWith(file + ":3:5: the vars of host 'a' must be a mapping"), m);
        m = error("bad.yml", "web:\n  hosts:\n    12:\n");
        assertTrue(m.startsWith(file + ":3:5: Host pattern 12 must be a string"), m);
        m = error("bad.yml", "plugin: aws_ec2\n");
        assertTrue(m.startsWith(file + ":1:1: this is an inventory plugin configuration"), m);
        m = error("bad.yml", "- a\n- b\n");
        assertTrue(m.startsWith(file + ":1:1: YAML inventory has invalid structure"), m);
        String noext = tmp.resolve("inv").toString();
        m = error("inv", "all:\n  hosts:\n    a: [1\n");
        assertTrue(m.startsWith(noext + ":4:1: YAML syntax error"), m);
    }
}
