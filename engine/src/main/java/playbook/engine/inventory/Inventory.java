package playbook.engine.inventory;

import playbook.engine.InventoryException;
import playbook.engine.parse.YamlLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An Ansible inventory: hosts and groups from INI, YAML and host-list sources, host patterns,
 * and the inventory layers of variable precedence (inventory vars, group_vars/ and host_vars/).
 * Safe to share between threads: after loading, only add_host, group_by and meta: refresh_inventory
 * change it, under its lock.
 */
public final class Inventory {
    private static final Comparator<Group> GROUP_ORDER =
            Comparator.comparingInt(Group::depth).thenComparingInt(Group::priority).thenComparing(Group::name);

    private InventoryData data; // guarded by this, as are patterns and varsFiles
    private volatile List<Path> varsDirs;
    private VarsDirLoader varsFiles;
    private HostPattern patterns;
    private final Path cwd;
    private final List<String> sources;
    private final Consumer<String> warnings;
    /** Every add_host and group_by of the run, replayed after a refresh (Ansible's _cached_dynamic_hosts/grouping). */
    private final List<Dynamic> dynamic = new ArrayList<>(); // guarded by this

    /** One run-time change: add_host (group null) or group_by (vars null). */
    private record Dynamic(String host, List<String> groups, Map<String, Object> vars, String group, List<String> parents) {}
    private volatile Map<String, List<String>> groupsMap;
    private HostEntry implicitLocalhost; // guarded by this
    /** Bumped by each run-time change (add_host, group_by), so callers can tell a cached view is stale. */
    private volatile long generation;

    private Inventory(List<String> sources, Path cwd, Consumer<String> warnings) {
        this.sources = List.copyOf(sources);
        this.cwd = cwd;
        this.warnings = warnings;
        read();
        this.groupsMap = buildGroupsMap();
    }

    /** (Re)reads every source, with fresh group_vars/host_vars caches. */
    private void read() {
        YamlLoader loader = new YamlLoader(warnings);
        InventoryData d = new InventoryData(warnings);
        InventorySources reader = new InventorySources(d, loader, warnings);
        boolean parsed = false;
        for (String source : sources) parsed |= reader.load(source, cwd);
        if (!parsed) warnings.accept("No inventory was parsed, only implicit localhost is available");
        d.reconcile();
        data = d;
        varsDirs = List.copyOf(reader.varsDirs);
        varsFiles = new VarsDirLoader(loader, warnings);
        patterns = new HostPattern(d, this::localhost, warnings);
    }

    /**
     * meta: refresh_inventory. Reads the -i sources again (files, directories, group_vars/ and host_vars/),
     * then replays this run's add_host and group_by calls in order, as Ansible's refresh_inventory does,
     * so hosts added at run time stay. Later plays and patterns see the result.
     */
    public synchronized void refresh() {
        read();
        for (Dynamic d : dynamic) {
            if (d.group() == null) {
                data.addDynamicHost(d.host(), d.groups(), d.vars());
                continue;
            }
            HostEntry e = data.host(d.host());
            if (e == null && implicitLocalhost != null && implicitLocalhost.name.equals(d.host())) {
                e = implicitLocalhost;
                data.adoptImplicit(e);
            }
            if (e != null) data.addDynamicGroup(e, d.group(), d.parents()); // a host gone from the sources stays gone
        }
        changed();
    }

    private Map<String, List<String>> buildGroupsMap() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (Group g : data.groups().values()) groups.put(g.name(), g.hosts());
        return Collections.unmodifiableMap(groups);
    }

    /**
     * add_host: adds a host at run time (into {@code all} when new), merges {@code vars} over its
     * own, and puts it in {@code groups}, creating missing ones. Later plays, {@code groups} and
     * {@code hostvars} see it. Returns true when the inventory changed.
     */
    public synchronized boolean addHost(String name, List<String> groups, Map<String, Object> vars) {
        if (name == null || name.isBlank()) throw new InventoryException("add_host: the host name is empty");
        boolean changed = data.addDynamicHost(name, groups, vars);
        dynamic.add(new Dynamic(name, List.copyOf(groups), new LinkedHashMap<>(vars), null, null));
        if (changed) changed();
        return changed;
    }

    /**
     * group_by: puts a host in {@code group} (created when missing) and the group under each of
     * {@code parents}. Returns true when the inventory changed.
     */
    public synchronized boolean addToGroup(Host h, String group, List<String> parents) {
        HostEntry e = data.host(h.name());
        if (e == null) {
            if (implicitLocalhost == null || !implicitLocalhost.name.equals(h.name())) {
                throw new InventoryException("group_by: " + h.name() + " cannot be matched in inventory");
            }
            e = implicitLocalhost;
            data.adoptImplicit(e);
        }
        boolean changed = data.addDynamicGroup(e, group, parents);
        dynamic.add(new Dynamic(h.name(), null, null, group, List.copyOf(parents)));
        if (changed) changed();
        return changed;
    }

    private void changed() {
        patterns.clearCache();
        groupsMap = buildGroupsMap();
        generation++;
    }

    /** A counter that changes whenever hosts or groups are added at run time. */
    public long generation() { return generation; }

    /** Loads -i sources (files, directories, "a,b," lists); empty list means implicit localhost only. */
    public static Inventory load(List<String> sources, Path cwd, Consumer<String> warnings) {
        return new Inventory(sources, cwd, warnings);
    }

    /**
     * Hosts matching an Ansible pattern, in inventory order (implicit localhost when named).
     * A part that matches nothing is reported to the warnings consumer given to {@link #load}
     * ("Could not match supplied host pattern, ignoring: x"), once per part.
     */
    public synchronized List<Host> select(String pattern) {
        if (pattern == null || pattern.isBlank()) return List.of();
        return toHosts(patterns.evaluate(HostPattern.split(pattern)));
    }

    /** Restricts hosts by a --limit value (pattern, or @file of patterns one a line, relative to cwd). */
    public synchronized List<Host> limit(List<Host> hosts, String limit) {
        if (limit == null) return hosts;
        List<String> subset = new ArrayList<>();
        for (String part : HostPattern.split(limit)) {
            if (part.startsWith("@")) subset.addAll(limitFile(part.substring(1)));
            else subset.add(part);
        }
        Set<String> allowed = new HashSet<>();
        for (HostEntry e : patterns.evaluate(subset)) allowed.add(e.name);
        List<Host> out = new ArrayList<>();
        for (Host h : hosts) if (allowed.contains(h.name())) out.add(h);
        return out;
    }

    private List<String> limitFile(String name) {
        Path file = InventorySources.resolve(name, cwd);
        if (!Files.exists(file)) {
            throw new InventoryException("Unable to find limit file " + file + "; check the path after '@' in --limit");
        }
        if (!Files.isRegularFile(file)) {
            throw new InventoryException("Limit starting with \"@\" must be a file, not a directory: " + file);
        }
        try {
            List<String> lines = new ArrayList<>();
            for (String l : Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)) lines.add(l.strip());
            return lines;
        } catch (IOException e) {
            throw new InventoryException(file + ": cannot read limit file: " + e.getMessage());
        }
    }

    /** Inventory-source group vars (level 3 of Ansible's precedence), merged all < parent < child. */
    public synchronized Map<String, Object> inventoryGroupVars(Host h) {
        Map<String, Object> out = new LinkedHashMap<>(data.group("all").vars());
        for (Group g : sortedGroups(entry(h))) out.putAll(g.vars());
        return out;
    }

    /** group_vars/ files beside the inventory then beside the playbook (levels 4-7). */
    public synchronized Map<String, Object> groupVarsFiles(Host h, Path playbookDir) {
        Path play = playbookDir == null ? null : cwd.resolve(playbookDir).toAbsolutePath().normalize();
        Map<String, Object> out = new LinkedHashMap<>();
        for (Path dir : varsDirs) varsFiles.mergeInto(out, dir, "group_vars", "all");
        if (play != null) varsFiles.mergeInto(out, play, "group_vars", "all");
        List<Group> groups = sortedGroups(entry(h));
        for (Path dir : varsDirs) for (Group g : groups) varsFiles.mergeInto(out, dir, "group_vars", g.name());
        if (play != null) for (Group g : groups) varsFiles.mergeInto(out, play, "group_vars", g.name());
        return out;
    }

    /** Inventory-source host vars (level 8), with inventory_file and inventory_dir as Ansible sets them. */
    public synchronized Map<String, Object> inventoryHostVars(Host h) {
        return new LinkedHashMap<>(entry(h).vars);
    }

    /** host_vars/ files beside the inventory then beside the playbook (levels 9-10). */
    public synchronized Map<String, Object> hostVarsFiles(Host h, Path playbookDir) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Path dir : varsDirs) varsFiles.mergeInto(out, dir, "host_vars", h.name());
        if (playbookDir != null) {
            varsFiles.mergeInto(out, cwd.resolve(playbookDir).toAbsolutePath().normalize(), "host_vars", h.name());
        }
        return out;
    }

    /** All four inventory layers merged in precedence order (what {@code ansible-inventory --list} shows). */
    public synchronized Map<String, Object> hostVars(Host h, Path playbookDir) {
        Map<String, Object> out = inventoryGroupVars(h);
        out.putAll(groupVarsFiles(h, playbookDir));
        out.putAll(inventoryHostVars(h));
        out.putAll(hostVarsFiles(h, playbookDir));
        return out;
    }

    /** The group_names magic variable for the host (sorted, without 'all'). */
    public synchronized List<String> groupNames(Host h) {
        List<String> names = new ArrayList<>();
        for (Group g : entry(h).groups) if (!g.name().equals("all")) names.add(g.name());
        Collections.sort(names);
        return names;
    }

    /** The groups magic variable: every group (all and ungrouped included) to its host names. */
    public Map<String, List<String>> groupsMap() { return groupsMap; }

    /** Every host of the inventory, in the order of the {@code all} pattern (implicit localhost excluded). */
    public synchronized List<Host> hosts() {
        List<Host> out = new ArrayList<>();
        for (String name : data.group("all").hosts()) out.add(data.host(name).host());
        return out;
    }

    /** A host written in the inventory, by name. */
    public synchronized Optional<Host> host(String name) {
        HostEntry e = data.host(name);
        return e == null ? Optional.empty() : Optional.of(e.host());
    }

    /** A group by name ({@code all} and {@code ungrouped} always exist). */
    public synchronized Optional<Group> group(String name) { return Optional.ofNullable(data.group(name)); }

    /** Every group, in the order they were first seen ({@code all}, {@code ungrouped}, then the sources'). */
    public synchronized List<Group> groups() { return List.copyOf(data.groups().values()); }

    /** The directories whose group_vars/ and host_vars/ belong to the inventory sources, in -i order. */
    public List<Path> varsDirs() { return varsDirs; }

    /** Whether the host is the implicit localhost (named in a pattern but not in the inventory). */
    public synchronized boolean isImplicit(Host h) {
        HostEntry e = data.host(h.name());
        return e == null || e.implicit;
    }

    private List<Host> toHosts(List<HostEntry> entries) {
        List<Host> out = new ArrayList<>(entries.size());
        for (HostEntry e : entries) out.add(e.host());
        return out;
    }

    private static List<Group> sortedGroups(HostEntry e) {
        List<Group> groups = new ArrayList<>();
        for (Group g : e.groups) if (!g.name().equals("all")) groups.add(g);
        groups.sort(GROUP_ORDER);
        return groups;
    }

    /** The entry behind a Host; a host unknown to the inventory (say, added at run time) has no groups. */
    private HostEntry entry(Host h) {
        HostEntry e = data.host(h.name());
        if (e != null) return e;
        synchronized (this) {
            if (implicitLocalhost != null && implicitLocalhost.name.equals(h.name())) return implicitLocalhost;
        }
        HostEntry stranger = new HostEntry(h.name(), true);
        if (h.vars() != null) stranger.vars.putAll(h.vars());
        return stranger;
    }

    /** Ansible's implicit localhost: the inventory's own localhost-like host, else one made on first use. */
    private synchronized HostEntry localhost(String name) {
        HostEntry own = data.localhost();
        if (own != null) return own;
        synchronized (this) {
            if (implicitLocalhost == null) {
                implicitLocalhost = new HostEntry(name, true);
                implicitLocalhost.vars.put("ansible_connection", "local");
            }
            return implicitLocalhost;
        }
    }
}
