package playbook.engine.vars;

import playbook.engine.exec.HostState;
import playbook.engine.graph.CompiledTask;
import playbook.engine.graph.RoleContext;
import playbook.engine.inventory.Host;
import playbook.engine.inventory.Inventory;
import playbook.engine.template.Templar;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Ansible's variable precedence, lowest to highest: role defaults &lt; inventory group vars &lt;
 * group_vars files &lt; inventory host vars &lt; host_vars files &lt; facts &lt; play vars &lt;
 * vars_prompt &lt; vars_files &lt; role vars &lt; block vars &lt; task vars &lt; include_vars &lt;
 * set_fact/registered &lt; role params &lt; include params &lt; extra vars; magic variables on top.
 * Merges are shallow (hash_behaviour=replace).
 */
public final class VarsManager {
    private final Inventory inventory;
    private final Path playbookDir;
    private final Map<String, Object> extraVars;
    private final Map<String, Map<String, Object>> inventoryLayers = new ConcurrentHashMap<>();

    public VarsManager(Inventory inventory, Path playbookDir, Map<String, Object> extraVars) {
        this.inventory = inventory;
        this.playbookDir = playbookDir;
        this.extraVars = extraVars;
    }

    public Map<String, Object> extraVars() { return extraVars; }

    /** Levels 3-10 (inventory and group_vars/host_vars), computed once per host. */
    public Map<String, Object> inventoryVars(Host h) {
        return inventoryLayers.computeIfAbsent(h.name(), n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.putAll(inventory.inventoryGroupVars(h));
            m.putAll(inventory.groupVarsFiles(h, playbookDir));
            m.putAll(inventory.inventoryHostVars(h));
            m.putAll(inventory.hostVarsFiles(h, playbookDir));
            return Collections.unmodifiableMap(m);
        });
    }

    /** Drops the cached inventory layers of these hosts: add_host or group_by changed their vars or groups. */
    public void forget(java.util.Collection<String> hosts) {
        for (String h : hosts) inventoryLayers.remove(h);
    }

    /** Drops every host's cached inventory layers: meta refresh_inventory read the sources again. */
    public void forgetAll() {
        inventoryLayers.clear();
    }

    /**
     * The variables a task sees on a host. {@code task} may be null (play-level templating,
     * hostvars). {@code magic} are the magic variables for this host, put on top.
     */
    public Map<String, Object> taskVars(HostState hs, VarLayers play, CompiledTask task, Map<String, Object> magic) {
        Map<String, Object> v = new HashMap<>(256);
        for (Map<String, Object> d : play.roleDefaults()) v.putAll(d);
        if (task != null) for (RoleContext r = task.role(); r != null; r = r.parent()) putUnder(v, r.defaults());
        v.putAll(inventoryVars(hs.host()));
        Map<String, Object> facts = hs.facts();
        Map<String, Object> cached = hs.cachedFacts();
        if (!facts.isEmpty() || !cached.isEmpty()) {
            // facts come from the host: data, never templates
            for (Map.Entry<String, Object> e : facts.entrySet()) v.put("ansible_" + e.getKey(), Templar.unsafe(e.getValue()));
            if (cached.isEmpty()) {
                v.put("ansible_facts", Templar.unsafe(facts));
            } else {
                Map<String, Object> all = new HashMap<>(facts);
                for (Map.Entry<String, Object> e : cached.entrySet()) {
                    v.put(e.getKey(), e.getValue());
                    String k = e.getKey();
                    all.put(k.startsWith("ansible_") ? k.substring("ansible_".length()) : k, e.getValue());
                }
                v.put("ansible_facts", Templar.unsafe(all));
            }
        }
        v.putAll(play.playVars());
        v.putAll(play.promptVars());
        v.putAll(play.varsFiles());
        for (Map<String, Object> rv : play.roleVars()) v.putAll(rv);
        if (task != null) {
            if (task.role() != null) v.putAll(task.role().vars());
            for (Map<String, Object> block : task.vars()) v.putAll(block);
        }
        v.putAll(hs.includeVars());
        synchronized (hs.setFacts()) {
            v.putAll(hs.setFacts());
        }
        if (task != null) {
            if (task.role() != null) v.putAll(task.role().params());
            v.putAll(task.includeParams());
        }
        v.putAll(extraVars);
        v.putAll(magic);
        return v;
    }

    /** Role defaults of the task's own role chain: the innermost role's defaults win. */
    private static void putUnder(Map<String, Object> v, Map<String, Object> defaults) {
        for (Map.Entry<String, Object> e : defaults.entrySet()) v.putIfAbsent(e.getKey(), e.getValue());
    }

    /**
     * The {@code hostvars} magic variable: a lazy map from host name to that host's variables
     * at play level, so templates can read another host's facts and registered results.
     */
    public static Map<String, Object> hostvars(List<String> hostNames, java.util.Set<String> known,
                                               Function<String, Map<String, Object>> varsOf) {
        return new LazyHostVars(hostNames, known, varsOf);
    }
}
