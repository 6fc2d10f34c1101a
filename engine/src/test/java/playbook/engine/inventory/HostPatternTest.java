package playbook.engine.inventory;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import playbook.engine.InventoryException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static playbook.engine.inventory.InvFixture.names;

/** Every expectation is what {@code ansible -i order.ini -i order5.ini PATTERN --list-hosts} printed (2.14.18). */
class HostPatternTest {
    @TempDir Path tmp;
    InvFixture f;
    Inventory inv;

    @BeforeEach
    void load() {
        f = new InvFixture(tmp);
        f.write("order.ini", "[web]\nw1\nw2\n[db]\nd1\nw1\n[loose:children]\n[other]\nz9\n");
        f.write("order5.ini", "w0\n[web]\nw1\n");
        inv = f.load("order.ini", "order5.ini");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "all            | w0 w1 w2 d1 z9",
        "*              | w0 w1 w2 d1 z9",
        "web:db         | w1 w2 d1",
        "db,web         | d1 w1 w2",
        "web:&db        | w1",
        "web:!db        | w2",
        "!db            | w0 w2 z9",
        "&db            | w1 d1",
        "w*             | w1 w2 w0",
        "~w\\d          | w1 w2 w0",
        "web[0]         | w1",
        "web[1:]        | w2",
        "web[-1]        | w2",
        "all[0:1]       | w0 w1",
        "ungrouped      | w0",
        "nomatch        | ''",
        "web:nomatch    | w1 w2",
        "web[5]         | ''",
        "w[12]          | ''",
        "w[!0]          | w1 w2",
        "w?             | w1 w2 w0",
        "*:!w1          | w0 w2 d1 z9",
        "loose          | ''",
        "db:web:&w*     | w1 w2",
        "'z9,w0,w1'     | z9 w0 w1",
        "' web , db '   | w1 w2 d1",
    })
    void patternsMatchAnsible(String pattern, String expected) {
        List<String> want = expected.isBlank() ? List.of() : Arrays.asList(expected.trim().split("\\s+"));
        assertEquals(want, names(inv.select(pattern)));
    }

    @Test
    void implicitLocalhostIsMadeOnDemandAndNotInAll() {
        List<Host> hosts = inv.select("web,localhost");
        assertEquals(List.of("w1", "w2", "localhost"), names(hosts));
        Host local = hosts.get(2);
        assertEquals("local", inv.inventoryHostVars(local).get("ansible_connection"));
        assertTrue(inv.isImplicit(local));
        assertEquals(List.of(), inv.groupNames(local));
        assertFalse(inv.groupsMap().get("all").contains("localhost"));
        assertEquals(List.of("w0", "w1", "w2", "d1", "z9", "localhost"), names(inv.select("all:localhost")));
        assertEquals(List.of("127.0.0.1"), names(f.load().select("127.0.0.1")));
    }

    @Test
    void localhostInTheInventoryIsTheRealOne() {
        f.write("local.ini", "[ctl]\nlocalhost ansible_connection=local x=1\n");
        Inventory withLocal = f.load("local.ini");
        Host h = withLocal.select("localhost").get(0);
        assertFalse(withLocal.isImplicit(h));
        assertEquals(1L, withLocal.inventoryHostVars(h).get("x"));
        assertEquals(List.of("localhost"), withLocal.groupsMap().get("all"));
    }

    @Test
    void unmatchedPartsAreWarnedOnce() {
        f.warnings.clear();
        inv.select("web:nomatch");
        inv.select("nomatch");
        assertEquals(List.of("Could not match supplied host pattern, ignoring: nomatch"), f.warnings);
    }

    @Test
    void badRegexIsAnInventoryError() {
        InventoryException e = assertThrows(InventoryException.class, () -> inv.select("~web(("));
        assertTrue(e.getMessage().startsWith("Invalid host list pattern: ~web(("), e.getMessage());
    }

    @Test
    void splitFollowsAnsible() {
        assertEquals(List.of("a", "b[1]", "c[2:3]", "d"), HostPattern.split("a,b[1], c[2:3] , d"));
        assertEquals(List.of("web", "&db", "!x"), HostPattern.split("web:&db:!x"));
        assertEquals(List.of("db-[a:c]"), HostPattern.split("db-[a:c]"));
        assertEquals(List.of("host:22"), HostPattern.split("host:22"));
        assertEquals(List.of("fe80::1"), HostPattern.split("fe80::1"));
    }

    @Test
    void limitByPatternAndFile() {
        List<Host> all = inv.select("all");
        assertEquals(List.of("w1", "d1"), names(inv.limit(all, "db")));
        assertEquals(List.of("w0", "w2", "z9"), names(inv.limit(all, "!db")));
        f.write("retry", "z9\nw0\n\n");
        assertEquals(List.of("w0", "z9"), names(inv.limit(all, "@retry")));
        assertEquals(List.of("w0", "d1", "z9"), names(inv.limit(all, "@retry,d1")));
        InventoryException e = assertThrows(InventoryException.class, () -> inv.limit(all, "@missing"));
        assertTrue(e.getMessage().startsWith("Unable to find limit file " + tmp.resolve("missing")), e.getMessage());
    }
}
