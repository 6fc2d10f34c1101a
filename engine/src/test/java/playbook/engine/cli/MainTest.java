package playbook.engine.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @Test
    void onlyCommandsThatMayConnectWarmTheSshCodeUp() {
        assertTrue(Main.connects(new String[] {"run", "site.yml", "-i", "inv"}));
        assertTrue(Main.connects(new String[] {"exec", "all", "-m", "ping"}));
        assertTrue(Main.connects(new String[] {"run", "--check", "site.yml"}));
        assertFalse(Main.connects(new String[] {"run", "--syntax-check", "site.yml"}));
        assertFalse(Main.connects(new String[] {"run", "site.yml", "--list-hosts"}));
        assertFalse(Main.connects(new String[] {"run", "--help"}));
        assertFalse(Main.connects(new String[] {"inventory", "--list"}));
        assertFalse(Main.connects(new String[] {"vault", "view", "x"}));
        assertFalse(Main.connects(new String[0]));
    }

    @Test
    void aSubcommandBuiltAloneStillReportsBadOptionsAsPlaybookRun() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "run", "--no-such-option", "x.yml");
        assertEquals(5, rc);
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("Unknown option: '--no-such-option'"), e);
        assertTrue(e.contains("Run 'playbook run --help' for the options."), e);
    }

    @Test
    void rootHelpStillListsEverySubcommand() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), "--help");
        assertEquals(0, rc);
        String o = out.toString(StandardCharsets.UTF_8);
        for (String c : new String[] {"run", "exec", "inventory", "graph", "doc", "completion", "init", "vault"}) {
            assertTrue(o.contains("\n  " + c + " "), c + " missing from\n" + o);
        }
    }
}
