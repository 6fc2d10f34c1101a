package playbook.engine.template;

import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * First resolver in the chain: Jinja attribute and item semantics (a missing key or index is
 * {@link Undefined}, attributes of an undefined value stay undefined, negative indices, string
 * indexing) and Python methods on strings, dicts and lists ({@link PyMethods}).
 */
final class AnsibleELResolver extends ELResolver {

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (base == null || property == null) return null;
        Object b = Values.unwrap(base);
        Object index = property instanceof Number ? property : asIndex(property);
        Object result;
        if (b instanceof Undefined) {
            result = b;
        } else if (b instanceof Map<?, ?> m) {
            Object key = property instanceof Integer i ? (Object) i.longValue() : property;
            if (m.containsKey(key)) result = m.get(key);
            else if (m.containsKey(String.valueOf(property))) result = m.get(String.valueOf(property));
            else if (index != null && m.containsKey(index)) result = m.get(index);
            else result = Undefined.attribute(b, property);
        } else if (b instanceof List<?> l && index instanceof Number n) {
            int i = n.intValue();
            if (i < 0) i += l.size();
            result = i >= 0 && i < l.size() ? l.get(i) : Undefined.element(b, property);
        } else if (b instanceof String s && index instanceof Number n) {
            int i = n.intValue();
            if (i < 0) i += s.length();
            if (i < 0 || i >= s.length()) return null;
            result = String.valueOf(s.charAt(i));
        } else {
            return null;
        }
        context.setPropertyResolved(true);
        return result == null ? null : Values.normalizeScalar(result);
    }

    private static Long asIndex(Object property) {
        if (property instanceof String s && !s.isEmpty() && s.length() < 10 && s.matches("-?\\d+")) return Long.parseLong(s);
        return null;
    }

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base == null || method == null) return null;
        Object b = Values.unwrap(base);
        if (b instanceof Undefined u) throw u.fail();
        Object r = PyMethods.invoke(b, method.toString(), params == null ? new Object[0] : params);
        if (r == PyMethods.NOT_HANDLED) return null;
        context.setPropertyResolved(true);
        return r;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // read-only: vars are never assigned through expressions
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return false;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return base == null ? null : Object.class;
    }
}
