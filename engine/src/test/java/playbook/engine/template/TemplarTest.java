package playbook.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static playbook.engine.template.TemplarTestSupport.TEMPLAR;
import static playbook.engine.template.TemplarTestSupport.eval;
import static playbook.engine.template.TemplarTestSupport.map;
import static playbook.engine.template.TemplarTestSupport.render;
import static playbook.engine.template.TemplarTestSupport.vars;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import playbook.engine.TemplateException;

/** Core semantics; expected values come from ansible-core 2.14.18 Templar on the same vars. */
class TemplarTest {

    @Test
    void nativeTypesForASingleExpression() {
        assertEquals(5L, eval("{{ n }}"));
        assertEquals(6L, eval("{{ n + 1 }}"));
        assertEquals("  6 ", eval("  {{ n + 1 }} "));
        assertEquals(1.5, eval("{{ 1.5 }}"));
        assertEquals(2.0, eval("{{ 2 / 1 }}"));
        assertEquals(3L, eval("{{ 7 // 2 }}"));
        assertEquals(-4L, eval("{{ -7 // 2 }}"));
        assertEquals(true, eval("{{ t }}"));
        assertEquals(List.of(3L, 1L, 2L), eval("{{ l }}"));
        assertEquals(Map.of("a", 1L, "b", 2L), eval("{{ d }}"));
        assertEquals(Map.of("a", Map.of("b", 1L)), eval("{{ {'a': {'b': 1}} }}"));
        assertEquals(1L, eval("{{ {'a': {'b': 1}}.a.b }}"));
        assertEquals(List.of("alice"), eval("{{ users | selectattr('active') | map(attribute='name') | list }}"));
        assertNull(eval("{{ nul }}"));
        assertEquals("hello world", eval("{{ s }}"));
    }

    @Test
    void textRenderingIsPythonic() {
        assertEquals("xTruey", render("x{{ t }}y"));
        assertEquals("v={'a': 1, 'b': 2}", render("v={{ d }}"));
        assertEquals("v=", render("v={{ nul }}"));
        assertEquals("v=[1, None, True, 'a']", render("v={{ [1, none, true, \"a\"] }}"));
        assertEquals("1.5|2.0|3", render("{{ 1.5 }}|{{ 2 / 1 }}|{{ 7 // 2 }}"));
        assertEquals("{'a': None, 'b': True, 'c': 1.0, 'd': \"it's\"}", render("{{ {'a': none, 'b': true, 'c': 1.0, 'd': \"it's\"} }}"));
        assertEquals("[\"it's\", 'a\"b']", render("{{ [\"it's\", 'a\"b'] }}"));
        assertEquals("|True|[None]|{'k': None}", render("{{ nul }}|{{ nul is none }}|{{ [nul] }}|{{ {'k': nul} }}"));
        assertEquals("[(1, 'a'), (2, 'b')]", render("{{ [1, 2] | zip(['a', 'b']) | list }}"));
        assertEquals("6", render("{{ n + 1 }}"));
        assertEquals("1|-7", render("{{ 1 }}|{{ -7 }}"));
    }

    @Test
    void undefinedVariablesFailWithAnsiblesMessage() {
        assertEquals("'nope' is undefined", assertThrows(TemplateException.class, () -> eval("{{ nope }}")).getMessage());
        assertEquals("'dict object' has no attribute 'x'", assertThrows(TemplateException.class, () -> eval("{{ d.x }}")).getMessage());
        assertEquals("'nope' is undefined", assertThrows(TemplateException.class, () -> eval("{{ nope.x }}")).getMessage());
        assertEquals("list object has no element 5", assertThrows(TemplateException.class, () -> eval("{{ l[5] }}")).getMessage());
        assertEquals("'nope' is undefined", assertThrows(TemplateException.class, () -> eval("{{ nope == 1 }}")).getMessage());
        assertEquals("'nope' is undefined", assertThrows(TemplateException.class, () -> eval("{{ 'x' ~ nope }}")).getMessage());
        assertEquals("'nope' is undefined", assertThrows(TemplateException.class, () -> eval("{{ nope + 1 }}")).getMessage());
        assertEquals("'nope' is undefined", assertThrows(TemplateException.class, () -> eval("{{ nope | upper }}")).getMessage());
        assertEquals("'nope' is undefined", assertThrows(TemplateException.class, () -> eval("{{ nope | length }}")).getMessage());
        assertEquals("'nope' is undefined", assertThrows(TemplateException.class, () -> render("a {{ nope }} b")).getMessage());
        assertEquals("'nope' is undefined", assertThrows(TemplateException.class, () -> render("{% if nope %}a{% endif %}")).getMessage());
        assertEquals("'nope' is undefined", assertThrows(TemplateException.class, () -> render("{% for x in nope %}{{ x }}{% endfor %}")).getMessage());
    }

    @Test
    void defaultAndDefinedStillWork() {
        assertEquals("z", eval("{{ nope | default(\"z\") }}"));
        assertEquals("z", eval("{{ \"\" | default(\"z\", true) }}"));
        assertEquals(false, eval("{{ nope is defined }}"));
        assertEquals(false, eval("{{ nope.x is defined }}"));
        assertEquals(true, eval("{{ nope is undefined }}"));
        assertEquals(false, eval("{{ d.x is defined }}"));
        assertEquals(false, eval("{{ l[9] is defined }}"));
        assertEquals("dx|dxy|nx", render("{{ d.x | default('dx') }}|{{ d.x.y | default('dxy') }}|{{ nope.x | default('nx') }}"));
        assertEquals("b", render("{% if nope is defined %}a{% else %}b{% endif %}"));
        assertEquals("|True|True|{'a': 1, 'b': 2}", render("{{ nul | default('z') }}|{{ nul is none }}|{{ nul is defined }}|{{ d | default({}) }}"));
    }

    @Test
    void variablesReferencingVariablesResolveLazily() {
        assertEquals(6L, eval("{{ ref }}"));
        assertEquals("6|7", render("{{ lookup('vars', 'ref') }}|{{ ref | int + 1 }}"));
        Map<String, Object> v = vars();
        v.put("nested", map("x", "{{ n * 2 }}", "y", List.of("{{ s | upper }}")));
        assertEquals(Map.of("x", 10L, "y", List.of("HELLO WORLD")), TEMPLAR.template("{{ nested }}", v));
        v.put("uses_missing", "{{ nope }}");
        assertEquals("fallback", TEMPLAR.template("{{ uses_missing | default('fallback') }}", v));
        assertEquals("'nope' is undefined", assertThrows(TemplateException.class, () -> TEMPLAR.template("{{ uses_missing }}", v)).getMessage());
    }

    @Test
    void recursionIsDetected() {
        TemplateException e = assertThrows(TemplateException.class, () -> eval("{{ loop_a }}"));
        assertTrue(e.getMessage().startsWith("recursive loop detected in template string: {{ loop_"), e.getMessage());
    }

    @Test
    void unsafeValuesAreNeverTemplated() {
        Map<String, Object> v = vars();
        v.put("result", Templar.unsafe(map("stdout", "{{ n }}", "rc", 0)));
        assertEquals("{{ n }}", TEMPLAR.template("{{ result.stdout }}", v));
        assertEquals(0L, TEMPLAR.template("{{ result.rc }}", v));
    }

    @Test
    void omitRendersItsPlaceholder() {
        Map<String, Object> v = vars();
        v.put("omit", Templar.OMIT);
        assertEquals(Templar.OMIT, TEMPLAR.template("{{ nope | default(omit) }}", v));
        assertEquals(Templar.OMIT, TEMPLAR.template("{{ omit }}", v));
    }

    @Test
    void walksMapsListsAndKeys() {
        Map<String, Object> in = new HashMap<>();
        in.put("{{ s.split()[0] }}", List.of("{{ n }}", "plain", 7));
        in.put("k", Map.of("x", "{{ t }}"));
        Object out = TEMPLAR.template(in, vars());
        assertEquals(Map.of("hello", List.of(5L, "plain", 7), "k", Map.of("x", true)), out);
    }

    @Test
    void setInOneStringDoesNotLeakIntoTheNext() {
        Object out = TEMPLAR.template(List.of("{% set x = 1 %}{{ x }}", "{{ x | default('unset') }}"), vars());
        assertEquals(List.of("1", "unset"), out);
    }

    @Test
    void nonTemplatesComeBackUnchanged() {
        String plain = "no braces here";
        assertSame(plain, TEMPLAR.template(plain, vars()));
        List<Object> list = List.of("a", 1);
        assertSame(list, TEMPLAR.template(list, vars()));
        assertEquals("just text", TEMPLAR.renderString("just text", vars()));
    }

    @Test
    void rawBlocksCommentsAndStatements() {
        assertEquals("yes|3,1,2,|3|{{ not }}", render("{% if t %}yes{% else %}no{% endif %}|{% for x in l %}{{ x }},{% endfor %}|{% set y = 3 %}{{ y }}|{% raw %}{{ not }}{% endraw %}"));
        assertEquals("a=1;b=2;", render("{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}"));
        assertEquals("a,b,", render("{% for k in d %}{{ k }},{% endfor %}"));
        assertEquals("ab", render("a{# note #}b"));
        assertEquals("x|1|-4", render("x|{{ 7 % 3 }}|{{ -7 // 2 }}"));
    }

    @Test
    void backslashesInExpressionsAreLiteral() {
        assertEquals("a-b-c", eval("{{ 'a.b.c' | regex_replace('\\.', '-') }}"));
        assertEquals("foo<123>bar", eval("{{ 'foo123bar' | regex_replace('(\\d+)', '<\\1>') }}"));
        assertEquals(4L, eval("{{ 'a\\nb' | length }}"));
        assertEquals("a/b/c|x\\y|\\1\\1b", render("{{ 'a\\\\b\\\\c' | regex_replace('\\\\\\\\', '/') }}|{{ 'x.y' | regex_replace('\\.', '\\\\') }}|{{ 'ab' | regex_replace('(a)', '\\\\1\\\\1') }}"));
    }

    @Test
    void syntaxErrorsAndUnknownNamesAreErrors() {
        assertTrue(assertThrows(TemplateException.class, () -> eval("{{ foo( }}")).getMessage().contains("template error while templating string"));
        assertTrue(assertThrows(TemplateException.class, () -> eval("{{ 'x' | nosuchfilter }}")).getMessage().contains("Could not load \"nosuchfilter\""));
        assertTrue(assertThrows(TemplateException.class, () -> eval("{{ 1 is nosuchtest }}")).getMessage().contains("Could not load \"nosuchtest\""));
    }

    @Test
    void renderFileUsesTrimBlocksAndKeepsTheTrailingNewline() {
        Map<String, Object> v = vars();
        v.put("n", 7);
        assertEquals("T=7\nyes\nend\n", TEMPLAR.renderFile("T={{ n }}\n{% if t %}\nyes\n{% endif %}\nend\n", v));
        assertEquals("no trailing", TEMPLAR.renderFile("no trailing", v));
    }

    @Test
    void evaluateTakesABareExpression() {
        assertEquals(true, TEMPLAR.evaluate("n > 3 and t", vars()));
        assertEquals(List.of(1L, 2L, 3L), TEMPLAR.evaluate("l | sort", vars()));
    }

    @Test
    void conditionals() {
        Map<String, Object> v = map("x", 5, "s", "yes", "e", "", "lst", List.of(), "tf", "False", "nul", null);
        assertTrue(TEMPLAR.conditional("x > 3", v));
        assertTrue(TEMPLAR.conditional("{{ x > 3 }}", v));
        assertTrue(TEMPLAR.conditional(List.of("x > 3", "s == 'yes'"), v));
        assertFalse(TEMPLAR.conditional(List.of("x > 3", "s == 'no'"), v));
        assertTrue(TEMPLAR.conditional("s", v));
        assertTrue(TEMPLAR.conditional("tf", v));
        assertTrue(TEMPLAR.conditional("'False'", v));
        assertFalse(TEMPLAR.conditional("e", v));
        assertFalse(TEMPLAR.conditional("lst", v));
        assertTrue(TEMPLAR.conditional("x", v));
        assertFalse(TEMPLAR.conditional("nope is defined and nope > 1", v));
        assertTrue(TEMPLAR.conditional("'no'", v));
        assertFalse(TEMPLAR.conditional("0", v));
        assertFalse(TEMPLAR.conditional("none", v));
        assertFalse(TEMPLAR.conditional("nul", v));
        assertTrue(TEMPLAR.conditional("nul is none", v));
        assertFalse(TEMPLAR.conditional("{{ tf }}", v));
        assertTrue(TEMPLAR.conditional(true, v));
        assertFalse(TEMPLAR.conditional(false, v));
        assertEquals("The conditional check 'nope > 1' failed. The error was: error while evaluating conditional (nope > 1): 'nope' is undefined",
                assertThrows(TemplateException.class, () -> TEMPLAR.conditional("nope > 1", v)).getMessage());
        assertEquals("The conditional check 'nope.x' failed. The error was: error while evaluating conditional (nope.x): 'nope' is undefined",
                assertThrows(TemplateException.class, () -> TEMPLAR.conditional("nope.x", v)).getMessage());
        assertEquals("The conditional check '{{ s }}' failed. The error was: error while evaluating conditional ({{ s }}): 'yes' is undefined",
                assertThrows(TemplateException.class, () -> TEMPLAR.conditional("{{ s }}", v)).getMessage());
    }

    @Test
    void oneTemplarServesManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                final int host = i;
                results.add(pool.submit(() -> {
                    Map<String, Object> v = map("host", "h" + host, "n", host, "msg", "{{ host }}-{{ n * 2 }}");
                    if (host % 3 == 0) {
                        assertThrows(TemplateException.class, () -> TEMPLAR.template("{{ missing_" + host + " }}", v));
                    }
                    return TEMPLAR.template("{{ msg }}", v);
                }));
            }
            for (int i = 0; i < results.size(); i++) assertEquals("h" + i + "-" + (i * 2), results.get(i).get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void absurdlyDeepNestingIsATemplateErrorNotAStackOverflowOrAHang() {
        // found by BadInputFuzzIT: Jinjava's parser recurses per bracket with a quadratic lookahead:
        // thousands of levels took minutes, more threw StackOverflowError (exit 250)
        String deep = "{{ " + "(".repeat(50_000) + "1" + ")".repeat(50_000) + " }}";
        TemplateException e = assertThrows(TemplateException.class, () -> eval(deep));
        assertTrue(e.getMessage().contains("nested more than 100 levels"), e.getMessage());
        assertThrows(TemplateException.class, () -> eval("{{ " + "[".repeat(5_000) + "]".repeat(5_000) + " }}"));
        assertThrows(TemplateException.class, () -> eval("{% if " + "(".repeat(101) + "1" + ")".repeat(101) + " %}x{% endif %}"));
        assertEquals(1L, eval("{{ " + "(".repeat(100) + "1" + ")".repeat(100) + " }}"), "100 levels are fine");
        assertEquals("((((", eval("{{ '" + "(".repeat(4) + "' }}"), "brackets in strings don't count");
        assertEquals(3L, eval("{{ 1 + 2 }}"), "the templar still works afterwards");
    }

}
