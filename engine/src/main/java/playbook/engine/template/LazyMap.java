package playbook.engine.template;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** A read-only view of a vars mapping whose values are templated when they are read. */
final class LazyMap extends AbstractMap<Object, Object> {
    private final Map<?, ?> raw;
    private final Session session;

    LazyMap(Map<?, ?> raw, Session session) {
        this.raw = raw;
        this.session = session;
    }

    @Override
    public Object get(Object key) {
        Object k = rawKey(key);
        return k == null && !raw.containsKey(null) ? null : session.resolve(raw.get(k));
    }

    @Override
    public boolean containsKey(Object key) {
        return rawKey(key) != null || raw.containsKey(null);
    }

    /** The key as the raw map holds it: YAML int keys may be Integer where Jinja gives Long. */
    private Object rawKey(Object key) {
        if (raw.containsKey(key)) return key;
        if (key instanceof Number n) {
            for (Object k : raw.keySet()) {
                if (k instanceof Number kn && kn.doubleValue() == n.doubleValue()) return k;
            }
        }
        return null;
    }

    @Override
    public int size() {
        return raw.size();
    }

    @Override
    public Set<Entry<Object, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<Object, Object>> iterator() {
                Iterator<? extends Entry<?, ?>> it = raw.entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Entry<Object, Object> next() {
                        Entry<?, ?> e = it.next();
                        return new SimpleImmutableEntry<>(Values.normalizeScalar(e.getKey()), session.resolve(e.getValue()));
                    }
                };
            }

            @Override
            public int size() {
                return raw.size();
            }
        };
    }
}
