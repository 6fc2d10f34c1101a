package playbook.engine.inventory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.InventoryException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static playbook.engine.inventory.InvFixture.names;

class InventorySourcesTest {
    @TempDir Path tmp;

    @Test
    void directoryLoadsEveryInventoryFileButIgnoredOnes() {
        InvFixture f = new InvFixture(tmp);
        f.write("d/x.ini", "[a]\nfromini\n");          // .ini is in Ansible's ignore list for directories
        f.write("d/hosts", "[b]\nplain\n");
        f.write("d/prod.yml", "c:\n  hosts:\n    fromyml:\n");
        f.write("d/notes.txt", "junk\n");
        f.write("d/h.bak", "[z]\nbak\n");
        f.write("d/.hidden", "[h]\nhid\n");
        f.write("d/group_vars/all.yml", "gva: 1\n");
        f.write("d/sub/inv", "[s]\nsubhost\n");
        Inventory inv = f.load("d");
        // ansible-inventory -i d --graph
        assertEquals("""
                @all:
                  |--@ungrouped:
                  |--@b:
                  |  |--plain
                  |--@c:
                  |  |--fromyml
                  |--@s:
                  |  |--subhost""", InventoryPrinter.graph(inv, "all"));
        assertEquals(1L, inv.groupVarsFiles(inv.host("plain").orElseThrow(), null).get("gva"));
        assertEquals(List.of(tmp.resolve("d")), inv.varsDirs());
    }

    @Test
    void nonInventoryFileInADirectoryIsAWarning() {
        InvFixture f = new InvFixture(tmp);
        f.write("d/hosts", "[b]\nplain\n");
        f.write("d/README", "[broken section\n");
        Inventory inv = f.load("d");
        assertEquals(List.of("plain"), names(inv.hosts()));
        assertTrue(f.warnings.contains("Unable to parse " + tmp.resolve("d/README") + " as an inventory source"), f.warnings.toString());
    }

    @Test
    void hostListWithPortsAndTrailingComma() {
        InvFixture f = new InvFixture(tmp);
        Inventory inv = f.load("a1,a2:2222, [::1]:22,h[1:2],");
        assertEquals(List.of("a1", "a2", "::1", "h[1:2]"), names(inv.select("all")));
        assertEquals(List.of("a1", "a2", "::1", "h[1:2]"), inv.groupsMap().get("ungrouped"));
        Map<String, Object> v = inv.inventoryHostVars(inv.host("a2").orElseThrow());
        assertEquals(2222L, v.get("ansible_port"));
        assertEquals("a1,a2:2222, [::1]:22,h[1:2],", v.get("inventory_file"));
        assertTrue(f.warnings.isEmpty(), f.warnings.toString());
    }

    @Test
    void severalSourcesAddUp() {
        InvFixture f = new InvFixture(tmp);
        f.write("one", "[web]\nw1\n");
        f.write("two.yml", "web:\n  hosts:\n    w2:\ndb:\n  hosts:\n    d1:\n");
        Inventory inv = f.load("one", "two.yml", "x1,");
        assertEquals(List.of("w1", "w2"), inv.groupsMap().get("web"));
        assertEquals(List.of("x1", "w1", "w2", "d1"), names(inv.select("all")));
        assertEquals(tmp.resolve("two.yml").toString(), inv.inventoryHostVars(inv.host("w2").orElseThrow()).get("inventory_file"));
    }

    @Test
    void missingSourceIsAWarningAndAnEmptyInventory() {
        InvFixture f = new InvFixture(tmp);
        Inventory inv = f.load("nonexist");
        assertEquals(List.of(), inv.hosts());
        assertEquals(List.of("Unable to parse " + tmp.resolve("nonexist") + " as an inventory source",
                "No inventory was parsed, only implicit localhost is available"), f.warnings);
        assertEquals(List.of("localhost"), names(inv.select("localhost")));
        assertEquals(List.of(), inv.select("all"));
    }

    @Test
    void noSourcesMeansImplicitLocalhostOnly() {
        InvFixture f = new InvFixture(tmp);
        Inventory inv = f.load();
        assertEquals(List.of("all", "ungrouped"), List.copyOf(inv.groupsMap().keySet()));
        assertEquals(List.of("localhost"), names(inv.select("localhost")));
    }

    @Test
    void emptyFilesAreEmptyInventories() {
        InvFixture f = new InvFixture(tmp);
        f.write("empty.yml", "# nothing yet\n");
        f.write("empty", "");
        assertEquals(List.of(), f.load("empty.yml", "empty").hosts());
        assertTrue(f.warnings.isEmpty(), f.warnings.toString());
    }

    @Test
    void yamlExtensionWithIniContentStillParses() {
        InvFixture f = new InvFixture(tmp);
        f.write("hosts.yml", "h1\nh2\n");
        assertEquals(List.of("h1", "h2"), names(f.load("hosts.yml").hosts()));
    }

    @Test
    void executableScriptsAreRefused() throws Exception {
        InvFixture f = new InvFixture(tmp);
        Path p = f.write("inv.py", "#!/usr/bin/env python3\nprint('{}')\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        InventoryException e = assertThrows(InventoryException.class, () -> f.load("inv.py"));
        assertTrue(e.getMessage().startsWith(p + ":1: this is an executable inventory script"), e.getMessage());
    }

    @Test
    void duplicateHostGroupNamesAreWarned() {
        InvFixture f = new InvFixture(tmp);
        f.write("hosts", "[web]\nweb\n");
        f.load("hosts");
        assertEquals(List.of("Found both group and host with same name: web"), f.warnings);
    }
}
