package playbook.engine.inventory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.InventoryException;
import playbook.engine.PlaybookException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * group_vars/ and host_vars/ beside the inventory and the playbook. The expected values are what
 * {@code ansible-playbook -i inv/hosts play/site.yml} printed for the same tree (2.14.18).
 */
class VarsFilesTest {
    @TempDir Path tmp;
    InvFixture f;

    @BeforeEach
    void tree() {
        f = new InvFixture(tmp);
        f.write("inv/hosts", """
                [parent:children]
                child
                [child]
                h1 v_hostinv=hostinv v8=inv_host v9=inv_host
                h2
                [other]
                h1
                [zz]
                h1
                [zz:vars]
                ansible_group_priority=0
                v_prio=zz
                [other:vars]
                v_prio=other
                [all:vars]
                v1=inv_all
                v2=inv_all
                [parent:vars]
                v2=inv_parent
                v3=inv_parent
                [child:vars]
                v3=inv_child
                v4=inv_child
                """);
        f.write("inv/group_vars/all.yml", "v4: gv_inv_all\nv5: gv_inv_all\nv6: gv_inv_all\n");
        f.write("play/group_vars/all.yml", "v5: gv_play_all\nv6: gv_play_all\nv7: gv_play_all\n");
        f.write("inv/group_vars/parent.yml", "v6: gv_inv_parent\nv7: gv_inv_parent\n");
        f.write("inv/group_vars/child/a.yml", "v7: gv_inv_child_a\nv10: a\n");
        f.write("inv/group_vars/child/b.yaml", "v10: b\n");
        f.write("inv/group_vars/child/c.txt", "v10: ignored\n");
        f.write("inv/group_vars/child/.hidden.yml", "v10: hidden\n");
        f.write("play/group_vars/child.yml", "v7: gv_play_child\nv8: gv_play_child\n");
        f.write("inv/host_vars/h1.yml", "v9: hv_inv\nv11: hv_inv\n");
        f.write("play/host_vars/h1", "v11: hv_play\n");
    }

    private List<Object> values(Inventory inv, String host) {
        Map<String, Object> v = inv.hostVars(inv.host(host).orElseThrow(), tmp.resolve("play"));
        List<Object> out = new ArrayList<>();
        for (String k : List.of("v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v_prio")) {
            out.add(v.getOrDefault(k, "-"));
        }
        return out;
    }

    @Test
    void layersMergeInAnsiblesOrder() {
        Inventory inv = f.load("inv/hosts");
        assertEquals(List.of("inv_all", "inv_parent", "inv_child", "gv_inv_all", "gv_play_all", "gv_inv_parent",
                "gv_play_child", "inv_host", "hv_inv", "b", "hv_play", "other"), values(inv, "h1"));
        assertEquals(List.of("inv_all", "inv_parent", "inv_child", "gv_inv_all", "gv_play_all", "gv_inv_parent",
                "gv_play_child", "gv_play_child", "-", "b", "-", "-"), values(inv, "h2"));
    }

    @Test
    void eachLayerSeparately() {
        Inventory inv = f.load("inv/hosts");
        Host h1 = inv.host("h1").orElseThrow();
        Path play = tmp.resolve("play");
        assertEquals("gv_play_child", inv.groupVarsFiles(h1, play).get("v7"));
        assertEquals("gv_inv_child_a", inv.groupVarsFiles(h1, null).get("v7"));
        assertEquals(Map.of("v9", "hv_inv", "v11", "hv_play"), inv.hostVarsFiles(h1, play));
        assertEquals(Map.of("v9", "hv_inv", "v11", "hv_inv"), inv.hostVarsFiles(h1, null));
        assertEquals("inv_child", inv.inventoryGroupVars(h1).get("v3"));
        assertEquals("inv_child", inv.inventoryGroupVars(h1).get("v4"));
        assertFalse(inv.inventoryGroupVars(h1).containsKey("v5"));
    }

    @Test
    void implicitLocalhostGetsOnlyAllVars() {
        Inventory inv = f.load("inv/hosts");
        Host local = inv.select("localhost").get(0);
        assertEquals(Map.of("v1", "inv_all", "v2", "inv_all"), inv.inventoryGroupVars(local));
        assertEquals("gv_play_all", inv.groupVarsFiles(local, tmp.resolve("play")).get("v6"));
    }

    @Test
    void firstExistingNameWinsAndJsonIsRead() {
        f.write("inv/group_vars/other", "x: plain\n");
        f.write("inv/group_vars/other.yml", "x: yml\n");
        f.write("inv/host_vars/h2.json", "{\"j\": [1, 2]}");
        Inventory inv = f.load("inv/hosts");
        assertEquals("plain", inv.groupVarsFiles(inv.host("h1").orElseThrow(), null).get("x"));
        assertEquals(List.of(1L, 2L), inv.hostVarsFiles(inv.host("h2").orElseThrow(), null).get("j"));
    }

    @Test
    void badVarsFilesNameTheFile() {
        f.write("inv/host_vars/h2.yml", "- a list\n");
        Inventory inv = f.load("inv/hosts");
        InventoryException e = assertThrows(InventoryException.class,
                () -> inv.hostVarsFiles(inv.host("h2").orElseThrow(), null));
        assertTrue(e.getMessage().startsWith(tmp.resolve("inv/host_vars/h2.yml") + ":1: a vars file must be a mapping"), e.getMessage());
        f.write("inv/group_vars/zz.yml", "a: [1\n");
        Inventory inv2 = f.load("inv/hosts");
        PlaybookException p = assertThrows(PlaybookException.class,
                () -> inv2.groupVarsFiles(inv2.host("h1").orElseThrow(), null));
        assertTrue(p.getMessage().startsWith(tmp.resolve("inv/group_vars/zz.yml") + ":2:1: YAML syntax error"), p.getMessage());
    }

    @Test
    void groupVarsThatIsAFileIsWarnedAndSkipped() {
        f.write("solo/group_vars", "not a dir\n");
        f.write("solo/hosts", "h\n");
        Inventory inv = f.load("solo/hosts");
        assertEquals(Map.of(), inv.groupVarsFiles(inv.host("h").orElseThrow(), null));
        assertTrue(f.warnings.stream().anyMatch(w -> w.startsWith("Found group_vars that is not a directory")), f.warnings.toString());
    }
}
