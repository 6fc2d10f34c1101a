package playbook.engine.api;

import org.junit.jupiter.api.Test;
import playbook.engine.ModuleException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Property test of the one quoting helper: for thousands of seeded random strings full of shell
 * metacharacters, a real /bin/sh receives exactly the string as one word and runs nothing.
 */
class ShellQuoteTest {
    private static final String NASTY = "'\\\"`$(){}[]|&;<>*?~!#% \t\n\r=-_.,:/\\\\abcXYZ019\u00e9\u4e2d";

    private static String randomString(Random r) {
        int n = r.nextInt(24);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(NASTY.charAt(r.nextInt(NASTY.length())));
        if (r.nextInt(10) == 0) sb.append("$(touch /tmp/pwned-by-quote-test)");
        if (r.nextInt(10) == 0) sb.append("`id`");
        if (r.nextInt(10) == 0) sb.append("'; echo injected; '");
        return sb.toString();
    }

    @Test
    void everyQuotedStringReachesTheShellAsExactlyOneWord() throws Exception {
        Random r = new Random(20261122L);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 3000; i++) values.add(randomString(r));
        values.addAll(List.of("", "-n", "--", "'", "''", "\\", "\n", "a b", "$HOME", "*"));
        StringBuilder script = new StringBuilder();
        for (String v : values) script.append("printf '%s\\036' ").append(Shell.quote(v)).append('\n');
        Process p = new ProcessBuilder("/bin/sh", "-c", script.toString()).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        String[] got = out.toString(StandardCharsets.UTF_8).split("\036", -1);
        assertEquals(values.size() + 1, got.length, "one word per value, nothing else printed");
        for (int i = 0; i < values.size(); i++) assertEquals(values.get(i), got[i], "value #" + i);
        assertEquals(false, new java.io.File("/tmp/pwned-by-quote-test").exists(), "a quoted value was executed");
    }

    @Test
    void joinKeepsEachArgumentWhole() throws Exception {
        List<String> argv = List.of("printf", "%s|", "a b", "c'd", "$(e)", "");
        Process p = new ProcessBuilder("/bin/sh", "-c", Shell.join(argv)).start();
        assertEquals("a b|c'd|$(e)||", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void nulIsRefused() {
        assertThrows(ModuleException.class, () -> Shell.quote("a\0b"));
    }
}
