package playbook.engine.parse;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import playbook.engine.ParseException;
import playbook.engine.model.SourceLocation;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The arguments of a task's action in each form Ansible accepts: {@code module: {k: v}},
 * {@code module: free text k=v}, {@code module:} with nothing, {@code args: {..}}, and the legacy
 * {@code action: module k=v} / {@code local_action:} (string or {@code {module: .., k: v}}).
 * Structured arguments from the module's own mapping override those from {@code args:}, as in
 * Ansible; free text is kept whole for the compiler, which splits it with the module's ArgSpec
 * (k=v pairs written in the free text also override {@code args:}).
 */
final class ActionArgs {
    /** A mode written as a plain decimal that only uses octal digits: almost always meant as octal. */
    private static final Pattern DECIMAL_MODE = Pattern.compile("[+]?[1-7][0-7]{2,}");

    record Legacy(String module, String freeForm) {}

    private final NodeReader reader;

    ActionArgs(NodeReader reader) {
        this.reader = reader;
    }

    /** {@code args:}: a mapping, or a whole-value template kept as {@code _variable_params} (as Ansible does). */
    void putArgs(NodeReader.Entry argsEntry, String file, Map<String, Object> args, Map<String, SourceLocation> locations) {
        Node node = argsEntry.value();
        if (NodeReader.isNull(node)) return;
        if (node instanceof MappingNode m) {
            putMapping(m, file, args, locations);
            return;
        }
        Object v = reader.value(node, file);
        if (v instanceof String s && s.contains("{{")) {
            args.put("_variable_params", s);
            return;
        }
        throw new ParseException(argsEntry.location() + ": 'args' must be a mapping of module arguments (or a"
                + " \"{{ variable }}\" holding one), got " + reader.describe(node, file) + ". Write it as:\n  args:\n"
                + "    chdir: /tmp");
    }

    /** The value of {@code module:}; fills args and returns the free-form text (null when none). */
    String moduleValue(NodeReader.Entry action, String module, String file, Map<String, Object> args,
                       Map<String, SourceLocation> locations) {
        Node node = action.value();
        if (NodeReader.isNull(node)) return null;
        if (node instanceof MappingNode m) {
            putMapping(m, file, args, locations);
            return null;
        }
        Object v = reader.value(node, file);
        if (v instanceof String s) {
            locateFreeForm(s, NodeReader.at(node, file), locations);
            return s.isEmpty() ? null : s;
        }
        if (node instanceof ScalarNode && !Keywords.FREE_FORM_ACTIONS.contains(module)) {
            throw new ParseException(action.location() + ": the value of '" + action.key() + "' must be a mapping of"
                    + " arguments or a string of k=v pairs, got " + reader.describe(node, file) + ".");
        }
        if (node instanceof ScalarNode) {
            String s = ((ScalarNode) node).getValue();
            return s.isEmpty() ? null : s;
        }
        throw new ParseException(action.location() + ": the value of '" + action.key() + "' must be a mapping of"
                + " arguments or a string of k=v pairs, got " + reader.describe(node, file)
                + ". Write it as:\n  " + action.key() + ":\n    key: value");
    }

    /** {@code action: module k=v}, {@code local_action: ...} or {@code action: {module: m, k: v}}. */
    Legacy legacy(NodeReader.Entry entry, String file, Map<String, Object> args, Map<String, SourceLocation> locations) {
        Node node = entry.value();
        String text;
        if (node instanceof MappingNode m) {
            NodeReader.Entry moduleEntry = null;
            for (NodeReader.Entry e : reader.entries(m, file)) {
                locations.put(e.key(), e.location());
                if (e.key().equals("module")) {
                    moduleEntry = e;
                } else {
                    putOne(e, file, args, locations);
                }
            }
            if (moduleEntry == null || !(reader.value(moduleEntry.value(), file) instanceof String s) || s.isBlank()) {
                throw new ParseException(entry.location() + ": '" + entry.key() + "' as a mapping needs a 'module' key"
                        + " naming the module, e.g.\n  " + entry.key() + ":\n    module: copy\n    src: a\n    dest: b");
            }
            text = s;
            node = moduleEntry.value();
        } else if (reader.value(node, file) instanceof String s && !s.isBlank()) {
            text = s;
        } else {
            throw new ParseException(entry.location() + ": '" + entry.key() + "' needs a module name and its arguments,"
                    + " e.g. '" + entry.key() + ": command echo hi', got " + reader.describe(node, file) + ".");
        }
        List<String> words;
        try {
            words = FreeFormArgs.splitArgs(text.strip());
        } catch (ParseException e) {
            throw new ParseException(NodeReader.at(node, file) + ": " + e.getMessage(), e);
        }
        String module = Keywords.shortName(words.get(0).strip());
        String rest = words.size() > 1 ? String.join(" ", words.subList(1, words.size())) : null;
        locateFreeForm(rest, NodeReader.at(node, file), locations);
        return new Legacy(module, rest);
    }

    private void putMapping(MappingNode m, String file, Map<String, Object> args, Map<String, SourceLocation> locations) {
        for (NodeReader.Entry e : reader.entries(m, file)) putOne(e, file, args, locations);
    }

    private void putOne(NodeReader.Entry e, String file, Map<String, Object> args, Map<String, SourceLocation> locations) {
        checkMode(e, file);
        args.put(e.key(), reader.value(e.value(), file));
        locations.put(e.key(), e.location());
        locations.put("args." + e.key(), e.location());
    }

    /** Free-form k=v keys point at the free text, so that argument errors still name a line. */
    private static void locateFreeForm(String text, SourceLocation at, Map<String, SourceLocation> locations) {
        if (text == null) return;
        try {
            for (String k : FreeFormArgs.split(text).options().keySet()) {
                locations.putIfAbsent(k, at);
                locations.putIfAbsent("args." + k, at);
            }
        } catch (ParseException e) {
            // unbalanced quotes: the compiler reports it when it splits the text
        }
    }

    /** {@code mode: 2750} is the decimal 2750 (= 0o5276): warn, since the author almost surely meant octal. */
    private void checkMode(NodeReader.Entry e, String file) {
        if (!e.key().equals("mode") || !(e.value() instanceof ScalarNode s)) return;
        if (!s.isPlain() || !s.getTag().equals(Tag.INT) || !DECIMAL_MODE.matcher(s.getValue()).matches()) return;
        String digits = s.getValue().replace("+", "");
        long decimal = Long.parseLong(digits);
        reader.warn(NodeReader.at(s, file), "mode " + digits + " is a decimal integer (= 0o" + Long.toOctalString(decimal)
                + " as permissions), not octal " + digits + ". Write mode: '" + digits + "' (quoted) or mode: 0"
                + digits + " (leading zero) to mean the octal permissions " + digits + ".");
    }
}
