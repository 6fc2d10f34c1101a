package playbook.engine.inventory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.InventoryException;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static playbook.engine.inventory.InvFixture.names;

/**
 * add_host and group_by on a loaded inventory. The changed flags and the group orders are what
 * ansible-playbook 2.14.18 reported for the same steps (see the add_host_group_by parity case).
 */
class RuntimeChangesTest {
    @TempDir Path tmp;
    InvFixture f;
    Inventory inv;

    @BeforeEach
    void load() {
        f = new InvFixture(tmp);
        inv = f.inventory("hosts.ini", "[web]\nw1\nw2\n[db]\nd1\n");
    }

    @Test
    void addHostPutsANewHostFirstInAllAndInItsGroups() {
        long before = inv.generation();
        assertTrue(inv.addHost("n1", List.of("dyn", "web"), Map.of("color", "blue")));
        assertNotEquals(before, inv.generation());
        assertEquals(List.of("n1", "w1", "w2", "d1"), inv.groupsMap().get("all"));
        assertEquals(List.of("n1"), inv.groupsMap().get("dyn"));
        assertEquals(List.of("w1", "w2", "n1"), inv.groupsMap().get("web"));
        assertEquals(List.of(), inv.groupsMap().get("ungrouped"));
        assertEquals(List.of("n1"), names(inv.select("dyn")));
        Host n1 = inv.host("n1").orElseThrow();
        assertEquals("blue", inv.inventoryHostVars(n1).get("color"));
        assertEquals(List.of("dyn", "web"), inv.groupNames(n1));
    }

    @Test
    void addHostIsChangedOnlyWhenSomethingIsNew() {
        assertTrue(inv.addHost("n1", List.of("dyn"), Map.of()));
        assertFalse(inv.addHost("n1", List.of("dyn"), Map.of()));
        assertTrue(inv.addHost("n1", List.of(), Map.of("size", 7L)), "a new var");
        assertFalse(inv.addHost("n1", List.of(), Map.of("size", 7L)));
        assertTrue(inv.addHost("n1", List.of(), Map.of("size", 8L)), "a changed var");
        assertTrue(inv.addHost("n1", List.of("other"), Map.of()), "a new group");
        assertTrue(inv.addHost("w1", List.of("db"), Map.of()), "an existing host joining an existing group");
        assertEquals(List.of("d1", "w1"), inv.groupsMap().get("db"));
    }

    @Test
    void aHostWithoutGroupsIsUngroupedUntilItJoinsOne() {
        inv.addHost("lone", List.of(), Map.of());
        assertEquals(List.of("lone"), inv.groupsMap().get("ungrouped"));
        inv.addHost("lone", List.of("dyn"), Map.of());
        assertEquals(List.of(), inv.groupsMap().get("ungrouped"));
        assertEquals(List.of("lone"), names(inv.select("dyn")));
    }

    @Test
    void groupByLinksTheGroupUnderItsParentsAndIsChangedOnce() {
        Host w1 = inv.host("w1").orElseThrow();
        assertTrue(inv.addToGroup(w1, "role_w1", List.of("by_role")));
        assertFalse(inv.addToGroup(w1, "role_w1", List.of("by_role")));
        assertEquals(List.of("w1"), inv.groupsMap().get("role_w1"));
        assertEquals(List.of("w1"), inv.groupsMap().get("by_role"));
        assertEquals(List.of("by_role", "role_w1", "web"), inv.groupNames(w1));
        assertEquals(List.of("w1"), names(inv.select("by_role:&web")));
    }

    @Test
    void groupByUnderAllIsChangedOnceToo() {
        Host d1 = inv.host("d1").orElseThrow();
        assertTrue(inv.addToGroup(d1, "os_linux", List.of("all")));
        assertFalse(inv.addToGroup(d1, "os_linux", List.of("all")));
        assertTrue(inv.addToGroup(inv.host("w2").orElseThrow(), "os_linux", List.of("all")));
        assertEquals(List.of("d1", "w2"), inv.groupsMap().get("os_linux"));
    }

    @Test
    void patternsSeeTheChangesAfterTheyWereCached() {
        assertEquals(List.of(), names(inv.select("dyn")));
        inv.addHost("n1", List.of("dyn"), Map.of());
        assertEquals(List.of("n1"), names(inv.select("dyn")));
        assertEquals(List.of("n1", "w1", "w2", "d1"), names(inv.select("all")));
    }

    @Test
    void groupByAcceptsTheImplicitLocalhost() {
        Host local = inv.select("localhost").get(0);
        assertTrue(inv.isImplicit(local));
        assertTrue(inv.addToGroup(local, "controller", List.of("all")));
        assertEquals(List.of("localhost"), names(inv.select("controller")));
        assertFalse(inv.groupsMap().get("all").contains("localhost"), "implicit localhost never joins all");
        assertTrue(inv.isImplicit(local));
    }

    @Test
    void groupByRefusesAHostTheInventoryDoesNotKnow() {
        assertThrows(InventoryException.class, () -> inv.addToGroup(new Host("ghost", Map.of()), "g", List.of("all")));
    }
    @Test
    void refreshRereadsTheSourcesAndVarsFilesAndKeepsAddHostAndGroupBy() {
        f.write("group_vars/web.yml", "tier: old\n");
        inv = f.load("hosts.ini");
        Host w1 = inv.host("w1").orElseThrow();
        assertEquals("old", inv.groupVarsFiles(w1, null).get("tier"));
        inv.addHost("n1", List.of("dyn"), Map.of("color", "blue"));
        inv.addToGroup(inv.host("d1").orElseThrow(), "by_os", List.of());
        f.write("hosts.ini", "[web]\nw1\nw2\nw3 port_note=new\n[db]\nd1\n[late]\nl1\n");
        f.write("group_vars/web.yml", "tier: new\n");
        f.write("group_vars/late.yml", "tier: late\n");
        long before = inv.generation();
        assertEquals(List.of(), names(inv.select("late")), "nothing changes before the refresh");

        inv.refresh();
        assertNotEquals(before, inv.generation());
        assertEquals(List.of("w1", "w2", "w3"), names(inv.select("web")));
        assertEquals(List.of("l1"), names(inv.select("late")));
        assertEquals("new", inv.inventoryHostVars(inv.host("w3").orElseThrow()).get("port_note"));
        assertEquals("new", inv.groupVarsFiles(w1, null).get("tier"), "group_vars files are read again");
        assertEquals("late", inv.groupVarsFiles(inv.host("l1").orElseThrow(), null).get("tier"));
        assertEquals(List.of("n1"), names(inv.select("dyn")), "add_host's host stays, as in Ansible");
        assertEquals("blue", inv.inventoryHostVars(inv.host("n1").orElseThrow()).get("color"));
        assertEquals(List.of("d1"), names(inv.select("by_os")), "group_by's group stays");
        assertTrue(inv.groupsMap().get("all").containsAll(List.of("n1", "w3", "l1")), inv.groupsMap().toString());

        f.write("hosts.ini", "[web]\nw1\n");
        inv.refresh();
        assertEquals(List.of("w1"), names(inv.select("web")), "a host removed from the file is gone");
        assertEquals(List.of(), names(inv.select("by_os")), "group_by of a host that left the sources is not replayed");
        assertEquals(List.of("n1"), names(inv.select("dyn")));
    }
}
