package playbook.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static playbook.engine.template.TemplarTestSupport.render;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.TemplateException;

/** Jinja tests (x is name); expected strings come from ansible-core 2.14.18. */
class AnsibleTestsTest {

    @Test
    void typeAndRegexTests() {
        assertEquals("True|False|True|True|True|True|True|True|True|True|True",
                render("{{ 'abc' is match('a') }}|{{ 'abc' is match('b') }}|{{ 'abc' is search('b') }}|{{ 'abc' is regex('^a.c$') }}|{{ 'x' is string }}|{{ 1 is number }}|{{ d is mapping }}|{{ l is iterable }}|{{ l is sequence }}|{{ 'x' is sequence }}|{{ d is sequence }}"));
        assertEquals("True|True|True|True|True|True|False|True",
                render("{{ 1 is truthy }}|{{ '' is falsy }}|{{ 'a' in 'abc' }}|{{ 2 is in l }}|{{ [1] is subset(l) }}|{{ l is superset([1, 2]) }}|{{ 'x' is number }}|{{ 1.5 is number }}"));
        assertEquals("False|True|False", render("{{ 'a' is undefined }}|{{ nope is undefined }}|{{ 1 is none }}"));
    }

    @Test
    void versionTests() {
        assertEquals("True|True|True|False|True|True|True",
                render("{{ '1.10' is version('1.9', '>=') }}|{{ '1.2.3' is version('1.2.3', 'eq') }}|{{ '2.0' is version_compare('1.0', 'gt') }}|{{ '1.0' is version('1.0.0', '==') }}|{{ '1.0' is version('1.1', 'lt') }}|{{ '1.0' is version('1.1', '!=') }}|{{ '1.0a' is version('1.0', '>') }}"));
        assertEquals("True|False|True|True|True|True|True|False",
                render("{{ '1.2.3' is version('1.2', '>') }}|{{ '1.2' is version('1.2.0', 'eq') }}|{{ '1.2.10' is version('1.2.9', 'gt') }}|{{ '2' is version('10', 'lt', strict=false) }}|{{ '1.0' is version('1.0', 'le') }}|{{ '1.0' is version('0.9', 'ge') }}|{{ '1.0' is version('1.0', '<=') }}|{{ '1.0' is version('1.0', '<') }}"));
    }

    @Test
    void registeredResultTests() {
        assertEquals("False|False|True|True|False|True|True|False|True",
                render("{{ r_ok is changed }}|{{ r_ok is failed }}|{{ r_ok is succeeded }}|{{ r_ok is success }}|{{ r_ok is skipped }}|{{ r_ch is changed }}|{{ r_fail is failed }}|{{ r_fail is succeeded }}|{{ r_skip is skipped }}"));
        assertThrows(TemplateException.class, () -> render("{{ 'x' is changed }}"));
    }

    @Test
    void pathTests(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("ln"), f);
        assertEquals("True|True|True|False|False", render("{{ '/etc' is directory }}|{{ '/etc/passwd' is file }}|{{ '/etc/passwd' is exists }}|{{ '/nope' is exists }}|{{ '/etc/passwd' is link }}"));
        assertEquals("True|False|True", render("{{ '" + link + "' is link }}|{{ '" + dir + "' is file }}|{{ '" + f + "' is file }}"));
    }
}
