package playbook.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static playbook.engine.template.TemplarTestSupport.eval;
import static playbook.engine.template.TemplarTestSupport.render;

import java.util.List;
import org.junit.jupiter.api.Test;
import playbook.engine.TemplateException;

/**
 * Jinja2 expression syntax that Jinjava's EL lacks ({@link AnsibleParser}); every expected value
 * is what ansible-core 2.14.18 printed for the same template.
 */
class AnsibleSyntaxTest {

    @Test
    void slicesWithAStep() {
        assertEquals("dlrow olleh", render("{{ s[::-1] }}"));
        assertEquals("bdf", render("{{ 'abcdefg'[1:-1:2] }}"));
        assertEquals(List.of(3L, 2L), eval("{{ l[::2] }}"));
        assertEquals(List.of(2L, 3L), eval("{{ l[::-2] }}"));
        assertEquals("hlowrd", render("{{ s[::2] }}"));
    }

    @Test
    void slicesClampTheirBoundsAsPythonDoes() {
        assertEquals("he|ell||hello", render("{{ 'hello'[-10:2] }}|{{ 'hello'[1:-1] }}|{{ 'hello'[3:1] }}|{{ 'hello'[:] }}"));
        assertEquals(List.of(), eval("{{ l[5:] }}"));
        assertEquals(List.of(1L, 2L), eval("{{ l[-2:] }}"));
        assertEquals(1L, eval("{{ l[0:2][1] }}"));
        assertThrows(TemplateException.class, () -> eval("{{ l[::0] }}"));
    }

    @Test
    void integerAttributesIndex() {
        assertEquals(3L, eval("{{ l.0 }}"));
        assertEquals(List.of("3-1"), eval("{{ [l.0 ~ '-' ~ l.1] }}"));
        assertEquals("alice", eval("{{ users.0.name }}"));
        assertEquals(1.5, eval("{{ 1.5 }}"));
    }

    @Test
    void testsAfterFiltersAndFiltersAfterTests() {
        assertEquals(true, eval("{{ 'abc' | regex_search('\\\\d') is none }}"));
        assertEquals(true, eval("{{ 'abc' | regex_search('b') is not none }}"));
        assertEquals(true, eval("{{ s | upper is string }}"));
        assertEquals("True", eval("{{ s is defined | string }}"));
        assertEquals(5L, eval("{{ 5 if s | length is eq 11 else 4 }}"));
        assertEquals(true, eval("{{ l | length is divisibleby 3 }}"));
    }

    @Test
    void equalityDoesNotCoerceStringsToNumbers() {
        assertEquals("True False True True True", render("{{ 1 == 1.0 }} {{ '1' == 1 }} {{ [1, 2] == [1, 2] }} {{ '1' != 1 }} {{ true == 1 }}"));
        assertThrows(TemplateException.class, () -> eval("{{ nope == 1 }}"));
    }

    @Test
    void concatenationUsesPythonStr() {
        assertEquals("a1TrueNone[1]", render("{{ 'a' ~ 1 ~ true ~ none ~ [1] }}"));
    }
}
