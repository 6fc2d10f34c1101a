package playbook.engine.exec;

import playbook.engine.inventory.Host;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the run knows about one host across plays: gathered facts, set_fact and registered
 * variables, include_vars, notified handlers, and whether it failed or was unreachable.
 * Only the thread running a task for this host writes it; reads from other hosts go
 * through {@code hostvars} and see a consistent map.
 */
public final class HostState {
    private final Host host;
    private final Map<String, Object> facts = new ConcurrentHashMap<>();
    private final Map<String, Object> setFacts = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Object> cachedFacts = new ConcurrentHashMap<>();
    private final Map<String, Object> includeVars = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Set<String> notified = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile boolean failed;
    private volatile boolean unreachable;

    public HostState(Host host) {
        this.host = host;
    }

    public Host host() { return host; }

    public String name() { return host.name(); }

    /** Gathered facts, keyed without the {@code ansible_} prefix. */
    public Map<String, Object> facts() { return facts; }

    public void addFacts(Map<String, Object> f) {
        f.forEach((k, v) -> {
            String key = k.startsWith("ansible_") ? k.substring("ansible_".length()) : k;
            if (v != null) facts.put(key, v);
        });
    }

    /** meta: clear_facts forgets gathered facts and set_fact's cacheable copies, not set_fact's own values. */
    public void clearFacts() {
        facts.clear();
        cachedFacts.clear();
    }

    /**
     * set_fact with {@code cacheable: true}: Ansible keeps these in the fact cache too, under their
     * own names (not prefixed), so they show in {@code ansible_facts} and survive as facts.
     */
    public Map<String, Object> cachedFacts() { return cachedFacts; }

    /** set_fact and registered variables (one precedence level in Ansible). */
    public Map<String, Object> setFacts() { return setFacts; }

    public Map<String, Object> includeVars() { return includeVars; }

    public Set<String> notified() { return notified; }

    public boolean failed() { return failed; }

    public void failed(boolean f) { this.failed = f; }

    public boolean unreachable() { return unreachable; }

    public void unreachable(boolean u) { this.unreachable = u; }
}
