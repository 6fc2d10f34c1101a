package playbook.engine.parse;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import playbook.engine.ParseException;
import playbook.engine.model.SourceLocation;
import playbook.engine.model.VaultText;
import playbook.engine.vault.Vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads YAML the way Ansible does: composes to nodes (so every value keeps its file:line:col),
 * then converts with YAML 1.1 rules, merge keys, {@code !vault} and {@code !unsafe}, and
 * duplicate keys taken last with a warning.
 */
public final class YamlLoader {
    private static final Tag VAULT = new Tag("!vault");
    private static final Tag UNSAFE = new Tag("!unsafe");

    private final Consumer<String> warnings;

    /**
     * The vault of the current run: whole-file vaults are decrypted when read, and inline
     * {@code !vault} values when loaded if the run has secrets (kept encrypted otherwise, so an
     * unused vaulted value needs no password, as in Ansible). Set by the CLI for one run.
     */
    private static volatile Vault vault = Vault.none();

    /** Uses this vault for every YAML read until {@link #useVault} is called again (null: none). */
    public static void useVault(Vault v) {
        vault = v == null ? Vault.none() : v;
    }

    /** @param warnings receives "file:line:col: message" warnings (duplicate keys). */
    public YamlLoader(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /** Composes every document of a file; a syntax error becomes a ParseException with file:line:col. */
    public List<Node> composeAll(Path file) {
        return composeAll(read(file), file.toString());
    }

    public List<Node> composeAll(String text, String label) {
        LoadSettings settings = LoadSettings.builder().setLabel(label).setSchema(new Yaml11Schema())
                .setAllowDuplicateKeys(true).setAllowNonScalarKeys(true).setMaxAliasesForCollections(1000)
                .setCodePointLimit(64 * 1024 * 1024).build();
        try {
            List<Node> docs = new ArrayList<>();
            for (Node n : new Compose(settings).composeAllFromString(text)) {
                checkExpansion(n, label);
                docs.add(n);
            }
            return docs;
        } catch (StackOverflowError e) {
            throw new ParseException(label + ": YAML nesting is too deep to read (hundreds of levels of [ { or indentation);"
                    + " this is not a playbook, inventory or vars file");
        } catch (MarkedYamlEngineException e) {
            throw syntaxError(label, e);
        } catch (YamlEngineException e) {
            throw new ParseException(unprintableAt(text, label) + ": YAML error: " + e.getMessage());
        }
    }

    /**
     * Where the first character YAML does not allow (a NUL, a control character) is, as
     * file:line:col; snakeyaml-engine reports it without a position. Just the file if none.
     */
    static String unprintableAt(String text, String label) {
        int line = 1, col = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            boolean printable = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0x7E) || c == 0x85
                    || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            if (!printable) return label + ":" + line + ":" + col + String.format(" (character U+%04X)", c);
            if (c == '\n') { line++; col = 1; } else col++;
            i += Character.charCount(c);
        }
        return label;
    }

    /** The single document of a file, as plain Java values; null for an empty file. */
    public Object load(Path file) {
        String text = read(file);
        Object value = loadString(text, file.toString());
        if (isVaultedFile(file)) vault.redactValues(value);  // every decrypted value is a secret
        return value;
    }

    private static boolean isVaultedFile(Path file) {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return Vault.isVaulted(in.readNBytes(64));
        } catch (IOException e) {
            return false;
        }
    }

    public Object loadString(String text, String label) {
        List<Node> docs = composeAll(text, label);
        if (docs.isEmpty()) return null;
        return toJava(docs.get(0), label);
    }

    /** Values a document may expand to through aliases; a billion-laughs document is refused. */
    static final long MAX_EXPANDED_VALUES = 1_000_000;

    /**
     * Refuses documents whose aliases expand them beyond {@link #MAX_EXPANDED_VALUES} values. Each
     * distinct node's expanded size is computed once, so the check itself is linear.
     */
    private static void checkExpansion(Node root, String label) {
        java.util.Map<Node, Long> sizes = new java.util.IdentityHashMap<>();
        long total = expandedSize(root, sizes, 0);
        if (total > MAX_EXPANDED_VALUES) {
            throw new ParseException(location(root, label) + ": this YAML document expands to more than "
                    + MAX_EXPANDED_VALUES + " values through its aliases (an alias bomb?); refusing to load it");
        }
    }

    private static long expandedSize(Node n, java.util.Map<Node, Long> sizes, int depth) {
        Long known = sizes.get(n);
        if (known != null) return known;
        if (depth > 500) return MAX_EXPANDED_VALUES + 1;  // recursive aliases: refused the same way
        long size = 1;
        if (n instanceof SequenceNode seq) {
            for (Node c : seq.getValue()) size = Math.min(size + expandedSize(c, sizes, depth + 1), MAX_EXPANDED_VALUES + 1);
        } else if (n instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                size = Math.min(size + expandedSize(t.getKeyNode(), sizes, depth + 1)
                        + expandedSize(t.getValueNode(), sizes, depth + 1), MAX_EXPANDED_VALUES + 1);
            }
        }
        sizes.put(n, size);
        return size;
    }

    /** Where a node starts. */
    public static SourceLocation location(Node node, String file) {
        Optional<Mark> m = node.getStartMark();
        return m.map(mark -> new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1))
                .orElse(new SourceLocation(file, 0, 0));
    }

    /**
     * Converts a node to plain values: String, Long (BigInteger when huge), Double, Boolean,
     * null, {@link VaultText}, LinkedHashMap&lt;String,Object&gt; and ArrayList&lt;Object&gt;.
     */
    public Object toJava(Node node, String file) {
        return convert(node, file, 0);
    }

    private Object convert(Node node, String file, int depth) {
        if (depth > 200) throw new ParseException(location(node, file) + ": YAML nesting too deep (recursive alias?)");
        if (node == null) {
            // seen from a damaged inventory (BadInputFuzzIT case 4113): snakeyaml-engine left a mapping value unset
            throw new ParseException(file + ": YAML error: a value is missing where a mapping was expected; check the brackets and quotes");
        }
        if (node instanceof ScalarNode s) return scalar(s, file);
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>(seq.getValue().size());
            for (Node item : seq.getValue()) out.add(convert(item, file, depth + 1));
            return out;
        }
        MappingNode map = (MappingNode) node;
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> merged = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            if (k instanceof ScalarNode ks && (ks.getTag().equals(Tag.MERGE) || (ks.isPlain() && ks.getValue().equals("<<")))) {
                mergeInto(merged, t.getValueNode(), file, depth);
                continue;
            }
            if (!(k instanceof ScalarNode)) throw nonScalarKey(k, map, file);
            Object keyValue = scalar((ScalarNode) k, file);
            String key = keyValue == null ? "null" : keyValue instanceof Boolean b ? (b ? "True" : "False") : String.valueOf(keyValue);
            if (out.containsKey(key)) {
                warnings.accept(location(k, file) + ": duplicate dict key '" + key
                        + "': using the last defined value only (as Ansible does)");
                out.remove(key);
            }
            out.put(key, convert(t.getValueNode(), file, depth + 1));
        }
        if (merged.isEmpty()) return out;
        Map<String, Object> result = new LinkedHashMap<>(merged);
        result.putAll(out);
        return result;
    }

    @SuppressWarnings("unchecked")
    private void mergeInto(Map<String, Object> merged, Node value, String file, int depth) {
        if (value instanceof SequenceNode seq) {
            // earlier maps in the list win over later ones
            List<Node> items = seq.getValue();
            for (int i = items.size() - 1; i >= 0; i--) mergeInto(merged, items.get(i), file, depth);
            return;
        }
        Object v = convert(value, file, depth + 1);
        if (!(v instanceof Map)) throw new ParseException(location(value, file) + ": merge key '<<' needs a mapping or a list of mappings");
        merged.putAll((Map<String, Object>) v);
    }

    private Object scalar(ScalarNode s, String file) {
        Tag tag = s.getTag();
        String v = s.getValue();
        if (tag.equals(VAULT)) {
            VaultText text = new VaultText(v, location(s, file));
            Vault current = vault;
            return current.secrets().isEmpty() ? text : current.decrypt(text);
        }
        if (tag.equals(UNSAFE)) return playbook.engine.template.Templar.unsafe(v);
        if (tag.equals(Tag.STR)) return v;
        try {
            if (tag.equals(Tag.NULL)) return null;
            if (tag.equals(Tag.BOOL)) return Yaml11Schema.bool(v);
            if (tag.equals(Tag.INT)) return Yaml11Schema.integer(v);
            if (tag.equals(Tag.FLOAT)) return Yaml11Schema.floating(v);
        } catch (NumberFormatException e) {
            throw new ParseException(location(s, file) + ": '" + v + "' is not a valid " + tag.getValue());
        }
        return v;
    }

    private ParseException nonScalarKey(Node key, MappingNode parent, String file) {
        String hint = "";
        if (key instanceof MappingNode km && km.getFlowStyle() == FlowStyle.FLOW) {
            hint = "\nThis looks like an unquoted template. YAML reads '{{ ... }}' at the start of a value as a"
                    + " dictionary. Quote the whole value:\n    msg: \"{{ var }}\"";
        }
        return new ParseException(location(key, file) + ": a mapping key must be a plain value, not a "
                + (key instanceof MappingNode ? "mapping" : "list") + hint);
    }

    private static ParseException syntaxError(String label, MarkedYamlEngineException e) {
        Mark m = e.getProblemMark().orElse(e.getContextMark().orElse(null));
        String where = m == null ? label : label + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
        StringBuilder msg = new StringBuilder(where).append(": YAML syntax error: ");
        if (e.getContext() != null) msg.append(e.getContext()).append(", ");
        msg.append(e.getProblem());
        if (m != null) msg.append("\n").append(m.createSnippet());
        String problem = String.valueOf(e.getProblem()) + " " + e.getContext();
        if (m != null && lineAt(m).contains("{{")) {
            msg.append("\nA value that starts with '{{' must be quoted: key: \"{{ var }}\"");
        } else if (problem.contains("mapping values are not allowed")) {
            msg.append("\nA value that contains ': ' must be quoted.");
        }
        return new ParseException(msg.toString(), e);
    }

    private static String lineAt(Mark m) {
        try {
            String snippet = m.createSnippet();
            return snippet == null ? "" : snippet;
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static String read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (Vault.isVaulted(bytes)) return vault.readText(file);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ParseException(file + ": file not found");
        } catch (IOException e) {
            throw new ParseException(file + ": cannot read: " + e.getMessage());
        }
    }
}
