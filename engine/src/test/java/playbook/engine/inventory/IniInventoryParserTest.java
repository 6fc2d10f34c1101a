package playbook.engine.inventory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.InventoryException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static playbook.engine.inventory.InvFixture.names;

class IniInventoryParserTest {
    @TempDir Path tmp;

    private static final String HOMELAB = """
            # comment
            loose1 a=1
            [web]
            web[01:03] ansible_port=2222
            pi ansible_host=10.0.0.2 ansible_port=2222 s="quoted str" t=True f=false x=1.5 l=[1,2] n=None e= y=yes
            [db]
            db-[a:c]
            pi
            [db:vars]
            dbv=1
            dbs='hello world'
            [servers:children]
            web
            db
            [servers:vars]
            sv=2
            [all:vars]
            av=3
            [empty]
            """;

    @Test
    void groupsHostsAndImplicitGroups() {
        Inventory inv = new InvFixture(tmp).inventory("hosts", HOMELAB);
        assertEquals(List.of("loose1", "web01", "web02", "web03", "pi", "db-a", "db-b", "db-c"), names(inv.hosts()));
        Map<String, List<String>> groups = inv.groupsMap();
        assertEquals(List.of("all", "ungrouped", "web", "db", "servers", "empty"), List.copyOf(groups.keySet()));
        assertEquals(List.of("loose1"), groups.get("ungrouped"));
        assertEquals(List.of("web01", "web02", "web03", "pi", "db-a", "db-b", "db-c"), groups.get("servers"));
        assertEquals(List.of(), groups.get("empty"));
        assertEquals(List.of("web", "db"), inv.group("servers").orElseThrow().children().stream().map(Group::name).toList());
        assertEquals(2, inv.group("web").orElseThrow().depth());
    }

    @Test
    void hostVarsAreParsedLikeAnsible() {
        Inventory inv = new InvFixture(tmp).inventory("hosts", HOMELAB);
        Map<String, Object> v = inv.inventoryHostVars(inv.host("pi").orElseThrow());
        assertEquals("10.0.0.2", v.get("ansible_host"));
        assertEquals(2222L, v.get("ansible_port"));
        assertEquals("quoted str", v.get("s"));
        assertEquals(true, v.get("t"));
        assertEquals("false", v.get("f"));
        assertEquals(1.5, v.get("x"));
        assertEquals(List.of(1L, 2L), v.get("l"));
        assertTrue(v.containsKey("n") && v.get("n") == null);
        assertEquals("", v.get("e"));
        assertEquals("yes", v.get("y"));
        assertEquals(tmp.resolve("hosts").toString(), v.get("inventory_file"));
        assertEquals(tmp.toString(), v.get("inventory_dir"));
        assertEquals(2222L, inv.inventoryHostVars(inv.host("web02").orElseThrow()).get("ansible_port"));
    }

    @Test
    void groupVarsMergeAllThenParentThenChild() {
        Inventory inv = new InvFixture(tmp).inventory("hosts", HOMELAB);
        Map<String, Object> v = inv.inventoryGroupVars(inv.host("db-a").orElseThrow());
        assertEquals(Map.of("av", 3L, "sv", 2L, "dbv", 1L, "dbs", "hello world"), v);
        assertEquals(List.of("db", "servers"), inv.groupNames(inv.host("db-a").orElseThrow()));
        assertEquals(List.of("db", "servers", "web"), inv.groupNames(inv.host("pi").orElseThrow()));
        assertEquals(List.of("ungrouped"), inv.groupNames(inv.host("loose1").orElseThrow()));
    }

    @Test
    void portOnTheHostLineAndChildrenDeclaredLater() {
        Inventory inv = new InvFixture(tmp).inventory("hosts", """
                [top:children]
                mid
                [mid:children]
                leaf
                [leaf]
                h1:2200
                [10.0.0.9]
                """.replace("[10.0.0.9]\n", "[ips]\n10.0.0.9:22\n"));
        assertEquals(2200L, inv.inventoryHostVars(inv.host("h1").orElseThrow()).get("ansible_port"));
        assertEquals(22L, inv.inventoryHostVars(inv.host("10.0.0.9").orElseThrow()).get("ansible_port"));
        assertEquals(List.of("leaf", "mid", "top"), inv.groupNames(inv.host("h1").orElseThrow()));
        assertEquals(3, inv.group("leaf").orElseThrow().depth());
    }

    @Test
    void explicitUngroupedHostInAnotherGroupLeavesUngrouped() {
        Inventory inv = new InvFixture(tmp).inventory("hosts", "[ungrouped]\nu1\nu2\n[web]\nu2\n");
        assertEquals(List.of("u1"), inv.groupsMap().get("ungrouped"));
        assertEquals(List.of("web"), inv.groupNames(inv.host("u2").orElseThrow()));
    }

    @Test
    void groupPriorityIsNotAVar() {
        Inventory inv = new InvFixture(tmp).inventory("hosts", "[a]\nh\n[a:vars]\nansible_group_priority=7\n");
        assertEquals(7, inv.group("a").orElseThrow().priority());
        assertFalse(inv.group("a").orElseThrow().vars().containsKey("ansible_group_priority"));
    }

    private String error(String text) {
        InvFixture f = new InvFixture(tmp);
        f.write("bad.ini", text);
        return assertThrows(InventoryException.class, () -> f.load("bad.ini")).getMessage();
    }

    @Test
    void malformedLinesNameFileAndLine() {
        String file = tmp.resolve("bad.ini").toString();
        String m = error("[web]\nhost1\n[web:bogus]\nx\n");
        assertTrue(m.startsWith(file + ":3: Section [web:bogus] has unknown type: bogus"), m);
        m = error("[web]\nhost1 foo\n");
        assertTrue(m.startsWith(file + ":2: Expected key=value host variable assignment, got: foo"), m);
        m = error("[web:children]\nnothere\n");
        assertTrue(m.startsWith(file + ":2: Section [web:children] includes undefined group: nothere"), m);
        m = error("\n[ghost:vars]\na=1\n");
        assertTrue(m.startsWith(file + ":2: Section [ghost:vars] not valid for undefined group: ghost"), m);
        m = error("[web]\nh1 a=\"unclosed\n");
        assertTrue(m.startsWith(file + ":2: Error parsing host definition"), m);
        m = error("[web group]\nh1\n");
        assertTrue(m.startsWith(file + ":1: Invalid section entry: '[web group]'"), m);
        m = error("[g:vars]\nnovalue\n[g]\n");
        assertTrue(m.startsWith(file + ":2: Expected key=value, got: novalue"), m);
        m = error("[web]\nh[01:3]\n");
        assertTrue(m.startsWith(file + ":2: invalid host range"), m);
        m = error("[a:children]\nb\n[b:children]\na\n");
        assertTrue(m.startsWith(file + ":4: ") && m.contains("recursive dependency loop"), m);
    }

    @Test
    void aHugeHostNameIsParsedNotAStackOverflow() {
        // found by BadInputFuzzIT: the host:port regex took one recursive step per char and overflowed on 200 KB
        String name = "x".repeat(200_000);
        Inventory inv = new InvFixture(tmp).inventory("hosts", "[g]\n" + name + ":2222\n[h]\n" + name + "[1:2]\n");
        assertEquals(2222L, inv.inventoryHostVars(inv.host(name).orElseThrow()).get("ansible_port"));
        assertEquals(3, inv.hosts().size());
    }
}
