package playbook.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static playbook.engine.template.TemplarTestSupport.TEMPLAR;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.TemplateException;

/** Lookups, with a playbook dir laid out like the Ansible reference run (files/, templates/). */
class LookupsTest {
    @TempDir
    Path pb;
    Map<String, Object> vars;

    @BeforeEach
    void layout() throws Exception {
        Files.createDirectories(pb.resolve("files"));
        Files.createDirectories(pb.resolve("templates"));
        Files.writeString(pb.resolve("files/data.txt"), "data line\n\n");
        Files.writeString(pb.resolve("pbdir.txt"), "in pb dir\n");
        Files.writeString(pb.resolve("templates/tpl.j2"), "T={{ n }}\n{% if t %}\nyes\n{% endif %}\nend\n");
        vars = TemplarTestSupport.vars();
        vars.put("playbook_dir", pb.toString());
    }

    private String render(String t) {
        return TEMPLAR.renderString(t, vars);
    }

    @Test
    void env() {
        String home = System.getenv("HOME");
        assertEquals(home + "||dd|['" + home + "']", render("{{ lookup('env', 'HOME') }}|{{ lookup('env', 'NOPE_X') }}|{{ lookup('env', 'NOPE_X', default='dd') }}|{{ query('env', 'HOME') }}"));
    }

    @Test
    void sequence() {
        assertEquals("1,2,3,4,5|['1', '2', '3', '4', '5']|['h00', 'h05', 'h10']|['1', '2', '3']|1,2,3|['5', '3', '1']",
                render("{{ lookup('sequence', 'start=1 end=5') }}|{{ query('sequence', 'start=1 end=5') }}|{{ lookup('sequence', 'start=0 end=10 stride=5 format=h%02d', wantlist=True) }}|{{ q('sequence', 'count=3') }}|{{ lookup('sequence', '1-3') }}|{{ q('sequence', 'start=5 end=1 stride=-2') }}"));
    }

    @Test
    void itemsAndVars() {
        assertEquals("[1, 2]|[1, [2, 3]]|5|x|[5, 'hello world']|[5, 'hello world']",
                render("{{ lookup('items', [1, 2]) }}|{{ query('items', [1, [2, 3]]) }}|{{ lookup('vars', 'n') }}|{{ lookup('vars', 'nope', default='x') }}|{{ q('vars', 'n', 's') }}|{{ lookup('vars', 'n', 's') }}"));
    }

    @Test
    void pipeAndLines() {
        assertEquals("hi\nthere|a,b|['a', 'b']|a,b",
                render("{{ lookup('pipe', 'echo hi; echo there') }}|{{ lookup('lines', 'printf \"a\\nb\\n\"') }}|{{ q('lines', 'printf \"a\\nb\\n\"') }}|{{ lookup('pipe', 'echo a', 'echo b') }}"));
        assertEquals("An unhandled exception occurred while running the lookup plugin 'pipe'. Error was a <class 'ansible.errors.AnsibleError'>, original message: lookup_plugin.pipe(exit 3) returned 3",
                assertThrows(TemplateException.class, () -> render("{{ lookup('pipe', 'exit 3') }}")).getMessage());
    }

    @Test
    void file() {
        assertEquals("data line|data line\n\n||[]|data line,data line|in pb dir",
                render("{{ lookup('file', 'data.txt') }}|{{ lookup('file', 'data.txt', rstrip=False) }}|{{ lookup('file', 'nope.txt', errors='ignore') }}|{{ q('file', 'nope.txt', errors='ignore') }}|{{ lookup('file', 'data.txt', 'data.txt') }}|{{ lookup('file', 'pbdir.txt') }}"));
        assertEquals("", render("{{ lookup('file', 'nope.txt', errors='warn') }}"));
        assertEquals("An unhandled exception occurred while running the lookup plugin 'file'. Error was a <class 'ansible.errors.AnsibleError'>, original message: could not locate file in lookup: nope.txt",
                assertThrows(TemplateException.class, () -> render("{{ lookup('file', 'nope.txt') }}")).getMessage());
    }

    @Test
    void roleFilesComeFirst() throws Exception {
        Path role = Files.createDirectories(pb.resolve("roles/r/files"));
        Files.writeString(role.resolve("data.txt"), "from role\n");
        vars.put("role_path", pb.resolve("roles/r").toString());
        assertEquals("from role", render("{{ lookup('file', 'data.txt') }}"));
    }

    @Test
    void template() {
        vars.put("n", 7);
        assertEquals("T=7\nyes\nend\n", render("{{ lookup('template', 'tpl.j2') }}"));
    }

    @Test
    void firstFound() {
        String data = pb.resolve("files/data.txt").toString();
        assertEquals(data, render("{{ lookup('first_found', ['nope.txt', 'data.txt']) }}"));
        assertEquals(data, render("{{ lookup('first_found', files=['nope.txt', 'data.txt'], paths=['" + pb.resolve("files") + "']) }}"));
        assertEquals("|[]", render("{{ lookup('first_found', ['x1', 'x2'], errors='ignore') }}|{{ q('first_found', ['x1'], skip=True) }}"));
        assertEquals("No file was found when using first_found.",
                assertThrows(TemplateException.class, () -> render("{{ lookup('first_found', ['x1', 'x2']) }}")).getMessage());
    }

    @Test
    void fileglob() {
        String data = pb.resolve("files/data.txt").toString();
        assertEquals(data + "|['" + data + "']|['" + data + "']|[]",
                render("{{ lookup('fileglob', '" + pb + "/files/*.txt') }}|{{ q('fileglob', '" + pb + "/files/*.txt') }}|{{ q('fileglob', '*.txt') }}|{{ lookup('fileglob', '/nope/*') }}"));
    }

    @Test
    void unknownLookup() {
        assertEquals("lookup plugin (nosuch) not found", assertThrows(TemplateException.class, () -> render("{{ lookup('nosuch', 'x') }}")).getMessage());
    }

    @Test
    void nativeLookupResults() {
        assertEquals(List.of("1", "2"), TEMPLAR.template("{{ query('sequence', 'end=2') }}", vars));
    }

    @Test
    void lookupResultsAreUnsafeSoAFactHoldingThemIsNotTemplatedAgain() throws Exception {
        // Ansible 2.14: set_fact t="{{ lookup('template', 'raw.j2') }}", then content="{{ t }}" writes the literal braces.
        Files.writeString(pb.resolve("templates/raw.j2"), "Hi {{ s }}\nliteral: {% raw %}{{ not_rendered }}{% endraw %}\n");
        Object fact = TEMPLAR.templateKeepingUnsafe("{{ lookup('template', 'raw.j2') }}", vars);
        assertEquals(new Unsafe("Hi hello world\nliteral: {{ not_rendered }}\n"), fact);
        vars.put("t", fact);
        assertEquals("Hi hello world\nliteral: {{ not_rendered }}\n", TEMPLAR.template("{{ t }}", vars));
        assertEquals(new Unsafe("x-Hi hello world\nliteral: {{ not_rendered }}\n"), TEMPLAR.templateKeepingUnsafe("x-{{ t }}", vars));
    }

    @Test
    void templatesWithoutUnsafeDataStayPlain() {
        // "{% raw %}{{ who }}{% endraw %}" in set_fact is stored plain and templated again on use.
        assertEquals("{{ n }}", TEMPLAR.templateKeepingUnsafe("{% raw %}{{ n }}{% endraw %}", vars));
        assertEquals(Map.of("a", 5L, "b", new Unsafe("in pb dir")),
                TEMPLAR.templateKeepingUnsafe(Map.of("a", "{{ n }}", "b", "{{ lookup('file', 'pbdir.txt') }}"), vars));
        assertEquals(List.of("in pb dir"), Templar.stripUnsafe(List.of(new Unsafe("in pb dir"))));
    }
}
