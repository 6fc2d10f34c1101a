package playbook.engine.parse;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import playbook.engine.ParseException;
import playbook.engine.model.SourceLocation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Walks composed YAML nodes so that every key keeps its file:line:col: the entries of a mapping
 * (merge keys applied, duplicates taken last with a warning), values converted by
 * {@link YamlLoader}, and the shapes Ansible accepts for {@code vars}.
 */
final class NodeReader {
    /** One key of a mapping with its value node and where the key was written. */
    record Entry(String key, Node keyNode, Node value, SourceLocation location) {}

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> PYTHON_KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert",
            "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally",
            "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
            "raise", "return", "try", "while", "with", "yield");

    private final YamlLoader loader;
    private final Consumer<String> warnings;

    NodeReader(Consumer<String> warnings) {
        this.warnings = warnings;
        this.loader = new YamlLoader(warnings);
    }

    void warn(SourceLocation where, String message) {
        warnings.accept(where + ": " + message);
    }

    /** The single document of a YAML file, or null when the file is empty. */
    Node document(Path file) {
        List<Node> docs = loader.composeAll(file);
        if (docs.isEmpty()) return null;
        if (docs.size() > 1) {
            throw new ParseException(at(docs.get(1), file.toString()) + ": this file has " + docs.size()
                    + " YAML documents (separated by '---'); a playbook, task or vars file must hold exactly one."
                    + " Remove the extra '---' line or split the file.");
        }
        return docs.get(0);
    }

    Object value(Node node, String file) {
        return node == null ? null : loader.toJava(node, file);
    }

    static SourceLocation at(Node node, String file) {
        return YamlLoader.location(node, file);
    }

    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL));
    }

    /** The mapping's entries in order; {@code <<} merges applied, explicit keys winning; duplicates warned. */
    List<Entry> entries(MappingNode map, String file) {
        Map<String, Entry> out = new LinkedHashMap<>();
        Map<String, Entry> merged = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            if (k instanceof ScalarNode ks && (ks.getTag().equals(Tag.MERGE) || (ks.isPlain() && ks.getValue().equals("<<")))) {
                merge(merged, t.getValueNode(), file, 0);
                continue;
            }
            if (!(k instanceof ScalarNode)) {
                loader.toJava(map, file);   // throws YamlLoader's error, with the "quote it" hint
                throw new ParseException(at(k, file) + ": a mapping key must be a plain value");
            }
            Object kv = loader.toJava(k, file);
            String key = kv == null ? "null" : kv instanceof Boolean b ? (b ? "True" : "False") : String.valueOf(kv);
            if (out.containsKey(key)) {
                warn(at(k, file), "duplicate dict key '" + key + "': using the last defined value only (as Ansible does)");
                out.remove(key);
            }
            out.put(key, new Entry(key, k, t.getValueNode(), at(k, file)));
        }
        if (merged.isEmpty()) return new ArrayList<>(out.values());
        Map<String, Entry> result = new LinkedHashMap<>(merged);
        result.putAll(out);
        return new ArrayList<>(result.values());
    }

    private void merge(Map<String, Entry> merged, Node value, String file, int depth) {
        if (depth > 50) throw new ParseException(at(value, file) + ": merge key '<<' nested too deep (recursive alias?)");
        if (value instanceof SequenceNode seq) {
            List<Node> items = seq.getValue();
            for (int i = items.size() - 1; i >= 0; i--) merge(merged, items.get(i), file, depth + 1);
            return;
        }
        if (!(value instanceof MappingNode m)) {
            throw new ParseException(at(value, file) + ": merge key '<<' needs a mapping or a list of mappings");
        }
        for (Entry e : entries(m, file)) merged.put(e.key(), e);
    }

    /** Describes a node for error messages: "a mapping", "a list", "the string 'x'", ... */
    String describe(Node node, String file) {
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        if (isNull(node)) return "nothing (null)";
        Object v = value(node, file);
        if (v instanceof String s) return "the string '" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
        if (v instanceof Boolean) return "the boolean " + v;
        if (v instanceof Number) return "the number " + v;
        return "the value " + v;
    }

    /**
     * {@code vars:} as Ansible's _load_vars accepts it: a mapping or a list of mappings (merged in
     * order), names checked to be valid variable names.
     */
    @SuppressWarnings("unchecked")
    Map<String, Object> vars(Node node, String file, String owner) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (isNull(node)) return out;
        List<Node> parts = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
        for (Node part : parts) {
            if (!(part instanceof MappingNode m)) {
                throw new ParseException(at(part, file) + ": 'vars' of a " + owner + " must be a mapping (or a list of"
                        + " mappings), got " + describe(part, file) + ". Write it as:\n  vars:\n    name: value");
            }
            for (Entry e : entries(m, file)) {
                if (!isVariableName(e.key())) {
                    throw new ParseException(e.location() + ": '" + e.key() + "' is not a valid variable name in the vars"
                            + " of a " + owner + ". Use letters, digits and underscores, not starting with a digit.");
                }
                out.put(e.key(), value(e.value(), file));
            }
        }
        return out;
    }

    static boolean isVariableName(String name) {
        return IDENTIFIER.matcher(name).matches() && !PYTHON_KEYWORDS.contains(name);
    }
}
