package playbook.engine.parse;

import org.junit.jupiter.api.Test;
import playbook.engine.ParseException;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Hostile YAML ends in a ParseException with a location, quickly, never in an OutOfMemoryError. */
class YamlLimitsTest {
    private final YamlLoader yaml = new YamlLoader(w -> {});

    @Test
    void billionLaughsIsRefused() {
        StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            sb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) sb.append(i == 0 ? "" : ", ").append('*').append(prev);
            sb.append("]\n");
            prev = c;
        }
        ParseException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> assertThrows(ParseException.class, () -> yaml.loadString(sb.toString(), "bomb.yml")));
        assertTrue(e.getMessage().contains("bomb.yml"), e.getMessage());
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        ParseException e = assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> assertThrows(ParseException.class, () -> yaml.loadString(deep, "deep.yml")));
        assertTrue(e.getMessage().contains("deep.yml"), e.getMessage());
    }

    @Test
    void aNulByteIsReportedAtItsLineAndColumn() {
        // found by BadInputFuzzIT: snakeyaml-engine says "special characters are not allowed" without a position
        ParseException e = assertThrows(ParseException.class, () -> yaml.loadString("a: 1\nb: x\u0000y\n", "nul.yml"));
        assertTrue(e.getMessage().startsWith("nul.yml:2:5 (character U+0000): YAML error"), e.getMessage());
    }
}
