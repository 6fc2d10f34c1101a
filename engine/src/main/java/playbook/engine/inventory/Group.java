package playbook.engine.inventory;

import playbook.engine.InventoryException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An inventory group, as Ansible's: direct hosts, child and parent groups, vars, depth (distance
 * from {@code all}) and {@code ansible_group_priority}. Built by the parsers, then read only.
 */
public final class Group {
    private final String name;
    private final List<Group> children = new ArrayList<>();
    private final List<Group> parents = new ArrayList<>();
    private final LinkedHashSet<String> hosts = new LinkedHashSet<>();
    private final Map<String, Object> vars = new LinkedHashMap<>();
    private int depth;
    private int priority = 1;
    private volatile List<String> allHosts; // cached by InventoryData.reconcile, then immutable until the next change

    Group(String name) {
        this.name = name;
    }

    public String name() { return name; }

    /** Child groups, in the order they were added. */
    public List<Group> children() { return Collections.unmodifiableList(children); }

    public List<Group> parents() { return Collections.unmodifiableList(parents); }

    /** Names of the hosts written directly in this group, in order. */
    public List<String> directHosts() { return List.copyOf(hosts); }

    /** The vars set on the group in the inventory source (not group_vars/ files). */
    public Map<String, Object> vars() { return Collections.unmodifiableMap(vars); }

    public int depth() { return depth; }

    public int priority() { return priority; }

    /**
     * Every host of this group and its descendants, deduplicated, in Ansible's order: own hosts,
     * then the children's, breadth first. Implicit hosts are never members.
     */
    public List<String> hosts() {
        if (allHosts != null) return allHosts;
        return computeHosts();
    }

    /** The hosts as they are now, not as last cached (used while a run-time change is half done). */
    List<String> currentHosts() { return computeHosts(); }

    boolean hasDirectHost(String host) { return hosts.contains(host); }

    boolean addHost(String host) { return hosts.add(host); }

    void removeHost(String host) { hosts.remove(host); }

    void setVariable(String key, Object value, String where) {
        if (key.equals("ansible_group_priority")) {
            priority = toPriority(value, where);
        } else {
            vars.put(key, value);
        }
    }

    private int toPriority(Object value, String where) {
        try {
            return value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new InventoryException(where + ": ansible_group_priority of group '" + name
                    + "' must be an integer, got '" + value + "'");
        }
    }

    /** Adds a child group, keeping depths right; refuses loops, as Ansible does. */
    void addChild(Group child, String where) {
        if (child == this) {
            throw new InventoryException(where + ": group '" + name + "' cannot be a child of itself; remove it from its own children");
        }
        if (children.contains(child)) return;
        if (ancestors().contains(child)) {
            throw new InventoryException(where + ": adding group '" + child.name + "' as child to '" + name
                    + "' creates a recursive dependency loop; remove one of the two parent/child links");
        }
        children.add(child);
        if (!child.parents.contains(this)) child.parents.add(this);
        child.raiseDepth(depth + 1);
    }

    private void raiseDepth(int newDepth) {
        if (newDepth <= depth) return;
        depth = newDepth;
        for (Group g : children) g.raiseDepth(depth + 1);
    }

    /** Every group above this one (all included once it is linked). */
    public Set<Group> ancestors() {
        Set<Group> seen = new LinkedHashSet<>();
        Deque<Group> todo = new ArrayDeque<>(parents);
        while (!todo.isEmpty()) {
            Group g = todo.poll();
            if (seen.add(g)) todo.addAll(g.parents);
        }
        return seen;
    }

    /** Caches the hosts; {@code all} leaves out the implicit localhost, even when a group_by group holds it. */
    void freezeHosts(Set<String> implicit) {
        List<String> h = computeHosts();
        if (name.equals("all") && !implicit.isEmpty()) h = h.stream().filter(n -> !implicit.contains(n)).toList();
        allHosts = h;
    }

    private List<String> computeHosts() {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<Group> visited = new HashSet<>();
        List<Group> level = new ArrayList<>();
        level.add(this);
        while (!level.isEmpty()) {
            List<Group> next = new ArrayList<>();
            for (Group g : level) {
                if (!visited.add(g)) continue;
                for (String h : g.hosts) if (seen.add(h)) out.add(h);
                next.addAll(g.children);
            }
            level = next;
        }
        return Collections.unmodifiableList(out);
    }

    @Override public String toString() { return name; }
}
