package playbook.engine.vars;

import java.util.AbstractMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** hostvars: computes a host's variables only when a template asks for them. */
final class LazyHostVars extends AbstractMap<String, Object> {
    private final List<String> hosts;
    private final Set<String> known;
    private final Function<String, Map<String, Object>> varsOf;
    private final Map<String, Map<String, Object>> cache = new ConcurrentHashMap<>();

    LazyHostVars(List<String> hosts, Set<String> known, Function<String, Map<String, Object>> varsOf) {
        this.hosts = hosts;
        this.known = known;
        this.varsOf = varsOf;
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String k) || !known.contains(k)) return null;
        return cache.computeIfAbsent(k, varsOf);
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String k && known.contains(k);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Set<Entry<String, Object>> s = new LinkedHashSet<>();
        for (String h : hosts) s.add(new SimpleImmutableEntry<>(h, get(h)));
        return s;
    }
}
