package playbook.engine.inventory;

import playbook.engine.InventoryException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's INI inventory format: {@code [group]} sections of host lines with {@code key=value}
 * vars, {@code [group:vars]} and {@code [group:children]}; hosts before the first section are
 * ungrouped. A child group may be declared after the section that names it.
 */
final class IniInventoryParser {
    private static final Pattern SECTION = Pattern.compile("^\\[([^:\\]\\s]+)(?::(\\w+))?\\]\\s*(?:#.*)?$",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern GROUP_NAME = Pattern.compile("^([^:\\]\\s]+)\\s*(?:#.*)?$");

    private final String file;
    private final InventoryData inv;
    private int lineNo;

    private record Pending(int line, String state, String name, List<String> parents) {}

    private IniInventoryParser(String file, InventoryData inv) {
        this.file = file;
        this.inv = inv;
    }

    /** Parses the lines of {@code file} into {@code inv}; a malformed line is an InventoryException naming file:line. */
    static void parse(String file, List<String> lines, InventoryData inv) {
        new IniInventoryParser(file, inv).run(lines);
    }

    private void run(List<String> lines) {
        Map<String, Pending> pending = new LinkedHashMap<>();
        String group = "ungrouped";
        String state = "hosts";
        lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ';') continue;
            Matcher m = line.charAt(0) == '[' ? SECTION.matcher(line) : null;
            if (m != null && m.matches()) {
                group = m.group(1);
                state = m.group(2) == null ? "hosts" : m.group(2);
                if (!state.equals("hosts") && !state.equals("children") && !state.equals("vars")) {
                    throw error("Section [" + group + ":" + state + "] has unknown type: " + state
                            + "; use [" + group + "], [" + group + ":vars] or [" + group + ":children]");
                }
                if (inv.group(group) == null) {
                    if (state.equals("vars") && !pending.containsKey(group)) {
                        pending.put(group, new Pending(lineNo, state, group, new ArrayList<>()));
                    }
                    inv.addGroup(group);
                }
                Pending p = pending.get(group);
                if (p != null && !state.equals("vars")) {
                    if (p.state.equals("children")) addPendingChildren(group, pending);
                    else pending.remove(group);
                }
                continue;
            } else if (line.startsWith("[") && line.endsWith("]")) {
                throw error("Invalid section entry: '" + line + "'. Please make sure that there are no spaces"
                        + " in the section entry, and that there are no other invalid characters");
            }
            switch (state) {
                case "hosts" -> hostLine(line, group);
                case "vars" -> varLine(line, group);
                default -> childLine(line, group, pending);
            }
        }
        for (Pending p : pending.values()) {
            if (p.state.equals("vars")) {
                throw new InventoryException(file + ":" + p.line + ": Section [" + p.name + ":vars] not valid for undefined group: "
                        + p.name + "; declare the group with a [" + p.name + "] section or remove the vars section");
            }
            throw new InventoryException(file + ":" + p.line + ": Section [" + p.parents.get(p.parents.size() - 1)
                    + ":children] includes undefined group: " + p.name + "; add a [" + p.name + "] section (it may be empty)");
        }
    }

    private void addPendingChildren(String group, Map<String, Pending> pending) {
        for (String parent : pending.get(group).parents) {
            inv.addChild(parent, group, where());
            Pending pp = pending.get(parent);
            if (pp != null && pp.state.equals("children")) addPendingChildren(parent, pending);
        }
        pending.remove(group);
    }

    private void childLine(String line, String group, Map<String, Pending> pending) {
        Matcher m = GROUP_NAME.matcher(line);
        if (!m.matches()) throw error("Expected group name, got: " + line + "; a :children section lists one group name a line");
        String child = m.group(1);
        if (inv.group(child) == null) {
            Pending p = pending.get(child);
            if (p == null) pending.put(child, new Pending(lineNo, "children", child, new ArrayList<>(List.of(group))));
            else p.parents.add(group);
        } else {
            inv.addChild(group, child, where());
        }
    }

    private void varLine(String line, String group) {
        int eq = line.indexOf('=');
        if (eq < 0) throw error("Expected key=value, got: " + line + "; a :vars section holds one name=value a line");
        String key = line.substring(0, eq).strip();
        Object value = IniValue.parse(line.substring(eq + 1).strip());
        inv.group(group).setVariable(key, value, where());
    }

    private void hostLine(String line, String group) {
        List<String> tokens;
        try {
            tokens = ShellWords.split(line);
        } catch (IllegalArgumentException e) {
            throw error("Error parsing host definition '" + line + "': " + e.getMessage() + "; close the quote or escape it");
        }
        if (tokens.isEmpty()) return; // only a comment after leading text such as '  #'
        String pattern = tokens.get(0);
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String t : tokens.subList(1, tokens.size())) {
            int eq = t.indexOf('=');
            if (eq < 0) {
                throw error("Expected key=value host variable assignment, got: " + t
                        + "; write host vars as name=value after the host name (quote values with spaces)");
            }
            vars.put(t.substring(0, eq), IniValue.parse(t.substring(eq + 1)));
        }
        Optional<HostAddress> addr = HostAddress.parse(pattern);
        String names = addr.map(HostAddress::host).orElse(pattern);
        Integer port = addr.map(HostAddress::port).orElse(null);
        if (pattern.strip().endsWith(":") && port == null) {
            throw error("Invalid host pattern '" + pattern + "' supplied, ending in ':' is not allowed, this character"
                    + " is reserved to provide a port" + (pattern.length() > 1 ? " (is this a YAML file with an INI extension?)" : ""));
        }
        List<String> hosts = HostRange.hasRange(names) ? HostRange.expand(names, where()) : List.of(names);
        for (String h : hosts) {
            if (h.strip().equals("---")) {
                throw error("Invalid host pattern '" + pattern + "' supplied, '---' is normally a sign this is a YAML file;"
                        + " give it a .yml extension");
            }
            HostEntry e = inv.addHost(h, group, port, where());
            e.vars.putAll(vars);
        }
    }

    private String where() { return file + ":" + lineNo; }

    private InventoryException error(String message) {
        return new InventoryException(where() + ": " + message);
    }
}
