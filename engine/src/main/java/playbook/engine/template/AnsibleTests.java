package playbook.engine.template;

import com.hubspot.jinjava.lib.exptest.ExpTest;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import playbook.engine.TemplateException;

/** Jinja and Ansible tests: defined, none, result tests, regex, version, set, type and path tests. */
final class AnsibleTests {
    private AnsibleTests() {}

    static void register(Consumer<ExpTest> r) {
        r.accept(new TestDef("defined", true, (v, a, i) -> !(v instanceof Undefined)));
        r.accept(new TestDef("undefined", true, (v, a, i) -> v instanceof Undefined));
        r.accept(new TestDef("none", true, (v, a, i) -> v == null && !(v instanceof Undefined)));
        for (String n : List.of("changed", "change")) r.accept(new TestDef(n, false, (v, a, i) -> Values.truthy(result(v, n).get("changed"))));
        for (String n : List.of("failed", "failure")) r.accept(new TestDef(n, false, (v, a, i) -> Values.truthy(result(v, n).get("failed"))));
        for (String n : List.of("succeeded", "success")) r.accept(new TestDef(n, false, (v, a, i) -> !Values.truthy(result(v, n).get("failed"))));
        for (String n : List.of("skipped", "skip")) r.accept(new TestDef(n, false, (v, a, i) -> Values.truthy(result(v, n).get("skipped"))));
        r.accept(new TestDef("match", false, (v, a, i) -> regex(v, a, "match")));
        r.accept(new TestDef("search", false, (v, a, i) -> regex(v, a, "search")));
        r.accept(new TestDef("regex", false, (v, a, i) -> regex(v, a, Values.str(a.get(3, "match_type", "search")))));
        r.accept(new TestDef("truthy", false, (v, a, i) -> Values.truthy(v)));
        r.accept(new TestDef("falsy", false, (v, a, i) -> !Values.truthy(v)));
        for (String n : List.of("version", "version_compare")) {
            r.accept(new TestDef(n, false, (v, a, i) -> VersionCompare.test(v, a.get(0, "version", ""), Values.str(a.get(1, "operator", "eq")))));
        }
        r.accept(new TestDef("in", false, (v, a, i) -> contains(a.get(0, "seq", List.of()), v)));
        r.accept(new TestDef("contains", false, (v, a, i) -> contains(v, a.get(0, "seq", null))));
        r.accept(new TestDef("subset", false, (v, a, i) -> allIn(v, a.get(0, "b", List.of()))));
        r.accept(new TestDef("superset", false, (v, a, i) -> allIn(a.get(0, "b", List.of()), v)));
        r.accept(new TestDef("string", true, (v, a, i) -> v instanceof String));
        r.accept(new TestDef("number", true, (v, a, i) -> v instanceof Number));
        r.accept(new TestDef("integer", true, (v, a, i) -> Values.isIntegral(v)));
        r.accept(new TestDef("float", true, (v, a, i) -> v instanceof Double));
        r.accept(new TestDef("boolean", true, (v, a, i) -> v instanceof Boolean));
        r.accept(new TestDef("mapping", true, (v, a, i) -> v instanceof Map));
        r.accept(new TestDef("iterable", false, (v, a, i) -> v instanceof Collection || v instanceof Map || v instanceof String));
        r.accept(new TestDef("sequence", false, (v, a, i) -> v instanceof Collection || v instanceof Map || v instanceof String));
        r.accept(new TestDef("sameas", false, (v, a, i) -> v == a.get(0, "other", null)));
        r.accept(new TestDef("true", false, (v, a, i) -> Boolean.TRUE.equals(v)));
        r.accept(new TestDef("false", false, (v, a, i) -> Boolean.FALSE.equals(v)));
        r.accept(new TestDef("odd", false, (v, a, i) -> Values.toLong(v) % 2 != 0));
        r.accept(new TestDef("even", false, (v, a, i) -> Values.toLong(v) % 2 == 0));
        r.accept(new TestDef("divisibleby", false, (v, a, i) -> Values.toLong(v) % Values.toLong(a.get(0, "num", 1L)) == 0));
        r.accept(new TestDef("lower", false, (v, a, i) -> Values.str(v).equals(Values.str(v).toLowerCase())));
        r.accept(new TestDef("upper", false, (v, a, i) -> Values.str(v).equals(Values.str(v).toUpperCase())));
        for (String n : List.of("eq", "equalto", "==")) r.accept(new TestDef(n, false, (v, a, i) -> Values.pyEquals(v, a.get(0, null, null))));
        for (String n : List.of("ne", "!=")) r.accept(new TestDef(n, false, (v, a, i) -> !Values.pyEquals(v, a.get(0, null, null))));
        for (String n : List.of("lt", "lessthan", "<")) r.accept(new TestDef(n, false, (v, a, i) -> Values.compare(v, a.get(0, null, null)) < 0));
        for (String n : List.of("le", "<=")) r.accept(new TestDef(n, false, (v, a, i) -> Values.compare(v, a.get(0, null, null)) <= 0));
        for (String n : List.of("gt", "greaterthan", ">")) r.accept(new TestDef(n, false, (v, a, i) -> Values.compare(v, a.get(0, null, null)) > 0));
        for (String n : List.of("ge", ">=")) r.accept(new TestDef(n, false, (v, a, i) -> Values.compare(v, a.get(0, null, null)) >= 0));
        r.accept(new TestDef("file", false, (v, a, i) -> Files.isRegularFile(path(v))));
        r.accept(new TestDef("directory", false, (v, a, i) -> Files.isDirectory(path(v))));
        r.accept(new TestDef("exists", false, (v, a, i) -> Files.exists(path(v))));
        r.accept(new TestDef("link", false, (v, a, i) -> Files.isSymbolicLink(path(v))));
        r.accept(new TestDef("abs", false, (v, a, i) -> Values.str(v).startsWith("/")));
        r.accept(new TestDef("same_file", false, (v, a, i) -> {
            try {
                return Files.isSameFile(path(v), path(a.get(0, null, "")));
            } catch (java.io.IOException e) {
                return false;
            }
        }));
    }

    private static Path path(Object v) {
        return Path.of(TextFilters.expandUser(Values.str(v)));
    }

    private static Map<?, ?> result(Object v, String test) {
        if (v instanceof Map<?, ?> m) return m;
        throw new TemplateException("The '" + test + "' test expects a dictionary");
    }

    private static boolean regex(Object v, FilterDef.Args a, String type) {
        String s = Values.str(v);
        PyRegex re = PyRegex.compile(Values.str(a.get(0, "pattern", "")), Values.truthy(a.get(1, "ignorecase", false)),
                Values.truthy(a.get(2, "multiline", false)));
        java.util.regex.Matcher m = re.pattern.matcher(s);
        return switch (type) {
            case "match" -> m.lookingAt();
            case "fullmatch" -> m.matches();
            default -> m.find();
        };
    }

    static boolean contains(Object container, Object item) {
        container = Values.unwrap(container);
        if (container instanceof String s) return s.contains(Values.str(item));
        if (container instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) if (Values.pyEquals(k, item)) return true;
            return false;
        }
        return CollectionFilters.contains(Values.toList(container), item);
    }

    private static boolean allIn(Object items, Object container) {
        List<Object> c = Values.toList(container);
        for (Object o : Values.toList(items)) if (!CollectionFilters.contains(c, o)) return false;
        return true;
    }
}
