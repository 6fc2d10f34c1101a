package playbook.engine.inventory;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import playbook.engine.InventoryException;
import playbook.engine.parse.YamlLoader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Ansible's YAML (and JSON) inventory format: top-level keys are groups; each group may have
 * {@code hosts} (host patterns to their vars), {@code vars} and {@code children} (nested groups).
 */
final class YamlInventoryParser {
    private final String file;
    private final InventoryData inv;
    private final YamlLoader loader;
    private final Consumer<String> warnings;

    /** A mapping entry with its key as text and the nodes for locations. */
    record Entry(String key, Node keyNode, Node value) {}

    private YamlInventoryParser(String file, InventoryData inv, YamlLoader loader, Consumer<String> warnings) {
        this.file = file;
        this.inv = inv;
        this.loader = loader;
        this.warnings = warnings;
    }

    /**
     * Whether a composed document is a YAML inventory (a mapping) rather than, say, an INI file
     * that YAML happens to read as a scalar.
     */
    static boolean isInventory(Node doc) {
        return doc instanceof MappingNode;
    }

    static void parse(String file, Node doc, InventoryData inv, YamlLoader loader, Consumer<String> warnings) {
        YamlInventoryParser p = new YamlInventoryParser(file, inv, loader, warnings);
        MappingNode root = (MappingNode) doc;
        for (Entry e : entries(root, file)) {
            if (e.key.equals("plugin")) {
                throw new InventoryException(where(e.keyNode, file) + ": this is an inventory plugin configuration (plugin: "
                        + scalarText(e.value) + "); inventory plugins are not supported, list the hosts in an INI or YAML inventory");
            }
        }
        for (Entry e : entries(root, file)) p.group(e.key, e.keyNode, e.value);
    }

    private String group(String name, Node keyNode, Node data) {
        if (!(data instanceof MappingNode) && !isNull(data)) {
            warnings.accept(where(keyNode, file) + ": Skipping '" + name + "' as this is not a valid group definition"
                    + " (a group needs hosts:, vars: or children: under it)");
            return name;
        }
        inv.addGroup(name);
        if (isNull(data)) return name;
        for (Entry e : entries((MappingNode) data, file)) {
            Node v = e.value;
            boolean section = e.key.equals("vars") || e.key.equals("children") || e.key.equals("hosts");
            if (section && v instanceof ScalarNode s && !isNull(v)) {
                // Ansible reads "hosts: web1" as {web1: null}; "vars: x" likewise sets x to null
                handleSection(name, e.key, List.of(new Entry(s.getValue(), s, null)));
                continue;
            }
            if (section && v instanceof SequenceNode) throw notMapping(e, name, "a list");
            if (!(v instanceof MappingNode)) {
                if (!isNull(v)) {
                    warnings.accept(where(e.keyNode, file) + ": Skipping key (" + e.key + ") in group (" + name
                            + ") as it is not a mapping");
                }
                continue;
            }
            if (!section) {
                warnings.accept(where(e.keyNode, file) + ": Skipping unexpected key (" + e.key + ") in group (" + name
                        + "), only \"vars\", \"children\" and \"hosts\" are valid");
                continue;
            }
            handleSection(name, e.key, entries((MappingNode) v, file));
        }
        return name;
    }

    private void handleSection(String group, String section, List<Entry> items) {
        switch (section) {
            case "vars" -> {
                for (Entry var : items) inv.group(group).setVariable(var.key, value(var.value), where(var.keyNode, file));
            }
            case "children" -> {
                for (Entry child : items) {
                    String sub = group(child.key, child.keyNode, child.value);
                    inv.addChild(group, sub, where(child.keyNode, file));
                }
            }
            default -> {
                for (Entry h : items) host(group, h);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void host(String group, Entry h) {
        String at = where(h.keyNode, file);
        if (h.keyNode instanceof ScalarNode ks && ks.isPlain()
                && (ks.getTag().equals(Tag.INT) || ks.getTag().equals(Tag.FLOAT))) {
            throw new InventoryException(at + ": Host pattern " + ks.getValue()
                    + " must be a string. Enclose integers/floats in quotation marks.");
        }
        Object vars = h.value == null ? null : value(h.value);
        if (vars != null && !(vars instanceof Map)) {
            throw new InventoryException(at + ": the vars of host '" + h.key + "' must be a mapping (name: value), got "
                    + describe(vars));
        }
        Optional<HostAddress> addr = HostAddress.parse(h.key);
        String names = addr.map(HostAddress::host).orElse(h.key);
        Integer port = addr.map(HostAddress::port).orElse(null);
        List<String> hosts = HostRange.hasRange(names) ? HostRange.expand(names, at) : List.of(names);
        for (String name : hosts) {
            HostEntry e = inv.addHost(name, group, port, at);
            if (vars != null) e.vars.putAll((Map<String, Object>) vars);
        }
    }

    private Object value(Node n) {
        return loader.toJava(n, file);
    }

    private InventoryException notMapping(Entry e, String group, String found) {
        return new InventoryException(where(e.value, file) + ": Invalid \"" + e.key + "\" entry for \"" + group
                + "\" group, requires a dictionary, found " + found + " instead; write it as '" + e.key + ":' followed by"
                + " indented 'name:' lines");
    }

    /** The entries of a mapping, with {@code <<} merge keys applied (explicit keys win). */
    static List<Entry> entries(MappingNode map, String file) {
        Map<String, Entry> merged = new LinkedHashMap<>();
        Map<String, Entry> own = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            if (k instanceof ScalarNode ks && (ks.getTag().equals(Tag.MERGE) || (ks.isPlain() && ks.getValue().equals("<<")))) {
                List<Node> sources = t.getValueNode() instanceof SequenceNode seq ? seq.getValue() : List.of(t.getValueNode());
                for (int i = sources.size() - 1; i >= 0; i--) {
                    if (sources.get(i) instanceof MappingNode m) {
                        for (Entry e : entries(m, file)) merged.put(e.key, e);
                    }
                }
                continue;
            }
            if (!(k instanceof ScalarNode ks)) {
                throw new InventoryException(where(k, file) + ": a key in an inventory must be a plain name, not a "
                        + (k instanceof MappingNode ? "mapping" : "list"));
            }
            String key = ks.getValue();
            own.remove(key);
            own.put(key, new Entry(key, k, t.getValueNode()));
        }
        if (merged.isEmpty()) return new ArrayList<>(own.values());
        merged.putAll(own);
        return new ArrayList<>(merged.values());
    }

    private static String describe(Object v) {
        if (v instanceof List) return "a list";
        if (v instanceof String) return "a string";
        return "a " + v.getClass().getSimpleName().toLowerCase();
    }

    private static boolean isNull(Node n) {
        return n == null || (n instanceof ScalarNode s && s.getTag().equals(Tag.NULL));
    }

    private static String scalarText(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : "?";
    }

    static String where(Node n, String file) {
        return YamlLoader.location(n, file).toString();
    }
}
