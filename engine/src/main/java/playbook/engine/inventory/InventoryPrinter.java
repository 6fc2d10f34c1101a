package playbook.engine.inventory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import playbook.engine.InventoryException;
import playbook.engine.model.VaultText;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code ansible-inventory --graph} and {@code --list}, byte for byte. */
public final class InventoryPrinter {
    /** What ansible-inventory leaves out of hostvars (its INTERNAL_VARS). */
    private static final Set<String> INTERNAL_VARS = Set.of("ansible_diff_mode", "ansible_config_file", "ansible_facts",
            "ansible_forks", "ansible_inventory_sources", "ansible_limit", "ansible_playbook_python", "ansible_run_tags",
            "ansible_skip_tags", "ansible_verbosity", "ansible_version", "inventory_dir", "inventory_file",
            "inventory_hostname", "inventory_hostname_short", "groups", "group_names", "omit", "playbook_dir");

    private static final ObjectMapper JSON = jsonMapper();

    private InventoryPrinter() {}

    /**
     * The tree under a group, as {@code ansible-inventory --graph GROUP} prints it (without the final newline):
     * child groups first, then the group's own hosts; {@code all} lists no hosts of its own.
     */
    public static String graph(Inventory inv, String group) {
        Group start = inv.group(group).orElseThrow(() -> new InventoryException(
                "Pattern must be valid group name when using --graph: '" + group + "' is not a group of this inventory"));
        List<String> lines = new ArrayList<>();
        graph(start, 0, lines);
        return String.join("\n", lines);
    }

    private static void graph(Group g, int depth, List<String> lines) {
        lines.add(name("@" + g.name() + ":", depth));
        for (Group kid : g.children()) graph(kid, depth + 1, lines);
        if (!g.name().equals("all")) {
            for (String h : g.directHosts()) lines.add(name(h, depth + 1));
        }
    }

    private static String name(String name, int depth) {
        return depth == 0 ? name : "  |".repeat(depth) + "--" + name;
    }

    /** {@code ansible-inventory --list} run where there is no playbook group_vars/ (no trailing newline). */
    public static String list(Inventory inv) {
        return list(inv, null);
    }

    /**
     * {@code ansible-inventory --list --playbook-dir DIR}: groups with their hosts and children,
     * and {@code _meta.hostvars} with every inventory var layer merged, keys sorted, 4-space indent.
     */
    public static String list(Inventory inv, Path playbookDir) {
        Map<String, Object> top = new LinkedHashMap<>();
        for (Group g : inv.groups()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            if (!g.name().equals("all") && !g.directHosts().isEmpty()) entry.put("hosts", g.directHosts());
            List<String> kids = new ArrayList<>();
            for (Group k : g.children()) kids.add(k.name());
            if (!kids.isEmpty()) entry.put("children", kids);
            if (!entry.isEmpty()) top.put(g.name(), entry);
        }
        Map<String, Object> hostvars = new LinkedHashMap<>();
        for (Host h : inv.hosts()) {
            Map<String, Object> vars = inv.hostVars(h, playbookDir);
            vars.keySet().removeAll(INTERNAL_VARS);
            if (!vars.isEmpty()) hostvars.put(h.name(), vars);
        }
        top.put("_meta", Map.of("hostvars", hostvars));
        try {
            return JSON.writeValueAsString(top);
        } catch (JsonProcessingException e) {
            throw new InventoryException("cannot print the inventory as JSON: " + e.getOriginalMessage());
        }
    }

    private static ObjectMapper jsonMapper() {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
        DefaultIndenter indent = new DefaultIndenter("    ", "\n");
        pp.indentObjectsWith(indent);
        pp.indentArraysWith(indent);
        SimpleModule vault = new SimpleModule();
        vault.addSerializer(VaultText.class, new JsonSerializer<>() {
            @Override public void serialize(VaultText v, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeStartObject();
                gen.writeStringField("__ansible_vault", v.ciphertext());
                gen.writeEndObject();
            }
        });
        ObjectMapper m = new ObjectMapper();
        m.registerModule(vault);
        m.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        m.setDefaultPrettyPrinter(pp);
        m.enable(SerializationFeature.INDENT_OUTPUT);
        return m;
    }
}
