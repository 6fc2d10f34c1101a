package playbook.engine.template;

import java.util.AbstractList;
import java.util.List;

/** A read-only view of a vars list whose elements are templated when they are read. */
final class LazyList extends AbstractList<Object> {
    private final List<?> raw;
    private final Session session;

    LazyList(List<?> raw, Session session) {
        this.raw = raw;
        this.session = session;
    }

    @Override
    public Object get(int index) {
        return session.resolve(raw.get(index));
    }

    @Override
    public int size() {
        return raw.size();
    }
}
