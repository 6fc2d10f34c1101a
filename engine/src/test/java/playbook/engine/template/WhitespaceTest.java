package playbook.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static playbook.engine.template.TemplarTestSupport.TEMPLAR;
import static playbook.engine.template.TemplarTestSupport.vars;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Trailing newlines, text around a single expression and trim_blocks, as ansible-core 2.14.18
 * set_fact stored them (values and types checked with type_debug).
 */
class WhitespaceTest {

    private static Object eval(String template, Object x) {
        Map<String, Object> v = vars();
        v.put("x", x);
        return TEMPLAR.template(template, v);
    }

    @Test
    void trailingNewlinesAreKept() {
        assertEquals("abc\n", eval("{{ x }}\n", "abc"));
        assertEquals("abc\n\n", eval("{{ x }}\n\n", "abc"));
        assertEquals("abc\n", eval("{{ x }}\r\n", "abc"));
        assertEquals("a abc\n", eval("a {{ x }}\n", "abc"));
        assertEquals("\n", eval("{{ none }}\n", "abc"));
    }

    @Test
    void aValueEndingInNewlinesCountsTowardsTheSourcesNewlines() {
        assertEquals("abc\n", eval("{{ x }}\n", "abc\n"));
        assertEquals("abc\n", eval("{{ x }}", "abc\n"));
    }

    @Test
    void textAroundOneExpressionMakesAString() {
        assertEquals("5\n", eval("{{ 5 }}\n", null));
        assertEquals("  abc  \n", eval("  {{ x }}  \n", "abc"));
        assertEquals("  abc", eval("  {{ x }}", "abc"));
        assertEquals(" [1]", eval(" {{ [1] }}", null));
        assertEquals("abc  ", eval("{{- x }}  ", "abc"));
    }

    @Test
    void listsDictsAndBoolsSurviveTrailingWhitespace() {
        assertEquals(List.of(1L, 2L), eval("{{ [1, 2] }}\n", null));
        assertEquals(List.of(1L), eval("{{ [1] }} ", null));
        assertEquals(true, eval("{{ true }}\n", null));
    }

    @Test
    void blocksTrimTheNewlineAfterThemInStrings() {
        assertEquals("x\n", eval("{% if true %}\nx{% endif %}\n", null));
        assertEquals("1\n2\n", eval("{% for i in [1, 2] %}\n{{ i }}\n{% endfor %}\n", null));
    }

    @Test
    void templateFilesKeepTheirTrailingNewlines() {
        Map<String, Object> v = vars();
        v.put("x", "abc\n");
        assertEquals("v=abc\n", TEMPLAR.renderFile("v={{ x }}\n", v));
        assertEquals("end\n\n", TEMPLAR.renderFile("end\n\n", v));
    }
}
