package playbook.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code playbook inventory --graph / --list} through the CLI; expected text captured from ansible-inventory 2.14. */
class InventoryCommandIT {
    @TempDir Path dir;

    private String run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), args);
        assertEquals(0, rc, e.toString(StandardCharsets.UTF_8));
        return o.toString(StandardCharsets.UTF_8);
    }

    private Path inventory() throws Exception {
        return Files.writeString(dir.resolve("hosts.ini"),
                "[web]\nweb[01:02] ansible_connection=local\n[db]\ndb1\n[prod:children]\nweb\n[prod:vars]\ntier=prod\n");
    }

    @Test
    void graphMatchesAnsibleInventory() throws Exception {
        String inv = inventory().toString();
        assertEquals("""
                @all:
                  |--@ungrouped:
                  |--@db:
                  |  |--db1
                  |--@prod:
                  |  |--@web:
                  |  |  |--web01
                  |  |  |--web02
                """, run("inventory", "-i", inv, "--graph"));
        assertEquals("""
                @prod:
                  |--@web:
                  |  |--web01
                  |  |--web02
                """, run("inventory", "-i", inv, "--graph", "prod"));
    }

    @Test
    void listHasHostvarsWithGroupVars() throws Exception {
        String json = run("inventory", "-i", inventory().toString(), "--list");
        assertTrue(json.contains("\"_meta\"") && json.contains("\"hostvars\""), json);
        assertTrue(json.contains("\"tier\": \"prod\""), json);
        assertTrue(json.contains("\"web01\""), json);
    }

    @Test
    void listHostsForAPattern() throws Exception {
        String out = run("inventory", "-i", inventory().toString(), "--list-hosts", "prod:!web02");
        assertEquals("  hosts (1):\n    web01\n", out);
    }
}
