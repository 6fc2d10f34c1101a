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

    /** Makes the implicit localhost a known host, so that a run-time group can hold it. */
    void adoptImplicit(HostEntry implicit) {
        hosts.putIfAbsent(implicit.name, implicit);
    }

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

    /**
     * add_host at run time (Ansible's add_dynamic_host): a new host goes straight into {@code all},
     * its vars are merged over any it had, and it joins each group (created when missing).
     * True when anything changed, which is what add_host reports as {@code changed}.
     */
    boolean addDynamicHost(String name, java.util.List<String> groupNames, Map<String, Object> vars) {
        boolean changed = false;
        HostEntry h = hosts.get(name);
        if (h == null) {
            h = new HostEntry(name, false);
            hosts.put(name, h);
            Group all = groups.get("all");
            all.addHost(name);
            h.addGroup(all);
            changed = true;
        }
        for (Map.Entry<String, Object> e : vars.entrySet()) {
            if (!h.vars.containsKey(e.getKey()) || !java.util.Objects.equals(h.vars.get(e.getKey()), e.getValue())) {
                h.vars.put(e.getKey(), e.getValue());
                changed = true;
            }
        }
        for (String gn : groupNames) {
            Group g = groups.get(gn);
            if (g == null) {
                g = addGroup(gn);
                changed = true;
            }
            if (g.addHost(name)) {
                h.addGroup(g);
                changed = true;
            }
        }
        if (changed) reconcile(false);
        return changed;
    }

    /**
     * group_by at run time (Ansible's add_dynamic_group): puts the host in {@code group} (created
     * when missing) and links the group under each parent. True when anything changed; creating
     * the group alone is not a change, as in Ansible, but linking it under a parent is.
     */
    boolean addDynamicGroup(HostEntry h, String group, java.util.List<String> parents) {
        boolean changed = false;
        Group g = groups.get(group);
        if (g == null) g = addGroup(group);
        for (String pn : parents) {
            if (groups.get(pn) == null) {
                addGroup(pn);
                changed = true;
            }
        }
        for (String pn : parents) {
            Group p = groups.get(pn);
            if (p.children().contains(g)) continue;
            addChild(pn, group, "group_by");
            changed = true;
        }
        if (!g.currentHosts().contains(h.name)) {
            changed |= g.addHost(h.name);
            h.addGroup(g);
        }
        if (changed) reconcile(false);
        return changed;
    }

    /** Ansible's reconcile_inventory: parentless groups under all, lone hosts under ungrouped. */
    void reconcile() {
        reconcile(true);
    }

    /** {@code warn}: report name clashes and bad group names (once, after loading; not after each run-time change). */
    private void reconcile(boolean warn) {
        Group all = groups.get("all");
        Group ungrouped = groups.get("ungrouped");
        for (Group g : new ArrayList<>(groups.values())) {
            if (g != all && g.parents().isEmpty()) addChild("all", g.name(), "<implicit>");
        }
        for (HostEntry h : hosts.values()) {
            if (h.implicit) continue;
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
        Set<String> implicit = new java.util.HashSet<>();
        for (HostEntry h : hosts.values()) if (h.implicit) implicit.add(h.name);
        for (Group g : groups.values()) g.freezeHosts(implicit);
        if (!warn) return;
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
