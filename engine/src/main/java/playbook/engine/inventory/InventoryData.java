package playbook.engine.inventory;

import playbook.engine.InventoryException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The groups and hosts of an inventory, as the parsers fill them in (Ansible's InventoryData):
 * {@code all} and {@code ungrouped} always exist; {@link #reconcile()} links parentless groups
 * under {@code all} and puts hosts with no other group in {@code ungrouped}.
 */
final class InventoryData {
    static final Set<String> LOCALHOST_NAMES = Set.of("localhost", "127.0.0.1", "::1");
    private static final Pattern INVALID_GROUP_CHARS = Pattern.compile("^[\\d\\W]|[^\\w]", Pattern.UNICODE_CHARACTER_CLASS);

    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, HostEntry> hosts = new LinkedHashMap<>();
    private final Set<String> badGroupNames = new LinkedHashSet<>();
    private final Consumer<String> warnings;
    /** inventory_file / inventory_dir for hosts added while a source is being parsed. */
    private String currentFile;
    private String currentDir;
    /** The first localhost-like host (localhost, 127.0.0.1, ::1) written in the inventory. */
    private String localhost;

    InventoryData(Consumer<String> warnings) {
        this.warnings = warnings;
        addGroup("all");
        addGroup("ungrouped");
        addChild("all", "ungrouped", "<implicit>");
    }

    void setCurrentSource(String file, String dir) {
        currentFile = file;
        currentDir = dir;
    }

    Group group(String name) { return groups.get(name); }

    /** The inventory's own localhost-like host, if it has one. */
    HostEntry localhost() { return localhost == null ? null : hosts.get(localhost); }

    HostEntry host(String name) { return hosts.get(name); }

    Map<String, Group> groups() { return groups; }

    Map<String, HostEntry> hosts() { return hosts; }

    Group addGroup(String name) {
        Group g = groups.get(name);
        if (g != null) return g;
        if (INVALID_GROUP_CHARS.matcher(name).find()) badGroupNames.add(name);
        g = new Group(name);
        groups.put(name, g);
        return g;
    }

    /** Adds the host if new (with port as ansible_port) and puts it in the group, if any. */
    HostEntry addHost(String name, String group, Integer port, String where) {
        if (name == null || name.isEmpty()) {
            throw new InventoryException(where + ": empty host name; write a host name or address");
        }
        HostEntry h = hosts.get(name);
        if (h == null) {
            h = new HostEntry(name, false);
            hosts.put(name, h);
            h.vars.put("inventory_file", currentFile);
            h.vars.put("inventory_dir", currentDir);
            if (LOCALHOST_NAMES.contains(name)) {
                if (localhost == null) localhost = name;
                else warnings.accept("A duplicate localhost-like entry was found (" + name + "). First found localhost was " + localhost);
            }
        }
        if (port != null) h.vars.put("ansible_port", port.longValue());
        if (group != null) {
            Group g = groups.get(group);
            if (g == null) throw new InventoryException(where + ": group '" + group + "' is not defined");
            if (g.addHost(name)) h.addGroup(g);
        }
        return h;
    }

    void addChild(String parent, String child, String where) {
        Group p = groups.get(parent);
        Group c = groups.get(child);
        if (p == null || c == null) {
            throw new InventoryException(where + ": group '" + (p == null ? parent : child) + "' is not defined");
        }
        boolean isNew = !p.children().contains(c);
        p.addChild(c, where);
        if (isNew) {
            // hosts below the child now also belong to the parent and its ancestors
            Set<Group> added = new LinkedHashSet<>(p.ancestors());
            added.add(p);
            for (String hn : c.hosts()) {
                HostEntry h = hosts.get(hn);
                if (h != null) h.groups.addAll(added);
            }
        }
    }

    /** Ansible's reconcile_inventory: parentless groups under all, lone hosts under ungrouped. */
    void reconcile() {
        Group all = groups.get("all");
        Group ungrouped = groups.get("ungrouped");
        for (Group g : new ArrayList<>(groups.values())) {
            if (g != all && g.parents().isEmpty()) addChild("all", g.name(), "<implicit>");
        }
        for (HostEntry h : hosts.values()) {
            h.groups.add(all);
            Set<Group> mine = h.groups;
            boolean onlyAll = mine.stream().allMatch(g -> g == all || g == ungrouped);
            if (!onlyAll && mine.contains(ungrouped)) {
                ungrouped.removeHost(h.name); // written under [ungrouped] but also in a real group
                h.groups.remove(ungrouped);
            } else if (onlyAll && !mine.contains(ungrouped)) {
                ungrouped.addHost(h.name);
                h.groups.add(ungrouped);
            }
        }
        for (Group g : groups.values()) g.freezeHosts();
        for (String name : groups.keySet()) {
            if (hosts.containsKey(name)) warnings.accept("Found both group and host with same name: " + name);
        }
        if (!badGroupNames.isEmpty()) {
            warnings.accept("Invalid characters were found in group names but not replaced: "
                    + String.join(", ", badGroupNames) + " (group names should be letters, digits and '_')");
        }
    }

    Collection<HostEntry> hostEntries() { return hosts.values(); }

    static String dirOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? null : parent.toString();
    }
}
