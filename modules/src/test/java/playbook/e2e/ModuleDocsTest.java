package playbook.e2e;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.ArgSpec;
import playbook.engine.graph.ModuleRegistry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every module and engine action that {@code playbook doc --list} shows is documented in its
 * spec, and every example in that documentation is a task list our engine accepts: each one is
 * wrapped in a play and run through {@code playbook run --syntax-check} (parser + GraphCompiler,
 * so an unknown argument, a wrong choice or a bad literal type fails here, naming the module).
 */
class ModuleDocsTest {
    private static final Pattern IMPORT_TASKS = Pattern.compile("import_tasks:\\s*(?:\\n\\s+file:\\s*)?([\\w./-]+)");
    private static final Pattern IMPORT_ROLE = Pattern.compile("import_role:\\s*\\n\\s+name:\\s*([\\w.-]+)");

    @TempDir Path dir;

    private static Map<String, ArgSpec> everyAction() {
        ModuleRegistry registry = ModuleRegistry.load();
        Map<String, ArgSpec> all = new LinkedHashMap<>();
        for (String n : registry.names()) all.put(n, registry.spec(n));
        assertTrue(all.size() > 40, "the registry should list the modules and the engine actions: " + all.keySet());
        return all;
    }

    @TestFactory
    Stream<DynamicTest> everyActionIsDocumented() {
        return everyAction().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String name = e.getKey();
            ArgSpec.Doc doc = e.getValue().doc();
            assertTrue(doc.summary() != null && !doc.summary().isBlank(), name + ": no summary (.summary(...))");
            assertFalse(doc.summary().contains("\n"), name + ": the summary is one line, for doc --list");
            assertFalse(doc.examples().isEmpty(), name + ": no example (.example(...))");
            List<String> undocumented = new ArrayList<>();
            for (ArgSpec.Arg a : e.getValue().args().values()) {
                boolean shown = !a.name().startsWith("_") || a.name().equals(e.getValue().freeForm());
                if (shown && (a.doc() == null || a.doc().isBlank())) undocumented.add(a.name());
            }
            assertEquals(List.of(), undocumented, name + ": arguments without .doc(...)");
            doc.returns().forEach((k, v) -> assertFalse(v.isBlank(), name + ": return value " + k + " has no description"));
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyExampleCompiles() {
        List<DynamicTest> tests = new ArrayList<>();
        everyAction().forEach((name, spec) -> {
            List<String> examples = spec.doc().examples();
            for (int i = 0; i < examples.size(); i++) {
                String example = examples.get(i);
                int n = i + 1;
                tests.add(DynamicTest.dynamicTest(name + " example " + n, () -> compiles(name, n, example)));
            }
        });
        return tests.stream();
    }

    private void compiles(String name, int n, String example) throws Exception {
        Path d = dir.resolve(name + "-" + n);
        Map<String, String> files = new LinkedHashMap<>();
        StringBuilder play = new StringBuilder("- hosts: localhost\n  gather_facts: false\n  tasks:\n");
        for (String line : example.split("\n", -1)) play.append(line.isEmpty() ? "" : "    " + line).append('\n');
        files.put("site.yml", play.toString());
        files.put("inventory", Run.LOCAL_INVENTORY + "pi ansible_host=192.0.2.10\nmac ansible_host=192.0.2.20\n[offsite]\nmac\n");
        // imports are static: the files they name must exist when the play compiles
        Matcher m = IMPORT_TASKS.matcher(example);
        while (m.find()) files.put(m.group(1), "- debug: msg=imported\n");
        m = IMPORT_ROLE.matcher(example);
        while (m.find()) files.put("roles/" + m.group(1) + "/tasks/main.yml", "- debug: msg=role\n");
        Run r = Run.in(d, files, "$DIR/site.yml", "-i", "$DIR/inventory", "--syntax-check");
        if (r.rc != 0) fail(name + ": example " + n + " does not compile (rc " + r.rc + "):\n" + example + "\n--- playbook said:\n" + r.err + r.out);
    }
}
