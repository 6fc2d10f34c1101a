package playbook.engine.template;

import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.collections.PyMap;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import playbook.engine.TemplateException;

/** Python value semantics on Java objects: normalisation, truth, equality, ordering, conversion. */
final class Values {
    private Values() {}

    /** Strips Jinjava's wrappers and normalises a scalar; containers stay as they are. */
    static Object unwrap(Object v) {
        if (v instanceof PyList pl) return pl.toList();
        if (v instanceof PyMap pm) return pm.toMap();
        return normalizeScalar(v);
    }

    static Object normalizeScalar(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof BigInteger b) return b.bitLength() < 64 ? (Object) b.longValue() : b.doubleValue();
        if (v instanceof Float || v instanceof BigDecimal) return ((Number) v).doubleValue();
        if (v instanceof SafeString || v instanceof Character) return v.toString();
        return v;
    }

    /** A deep plain copy (ArrayList, LinkedHashMap, Long, Double); forces lazy values. */
    static Object toPlain(Object v) {
        v = unwrap(v);
        if (v instanceof Undefined u) throw u.fail();
        if (v instanceof Unsafe u) return toPlain(u.value());
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(toPlain(e.getKey()), toPlain(e.getValue()));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) out.add(toPlain(o));
            return out;
        }
        if (v instanceof Object[] a) return toPlain(Arrays.asList(a));
        return v;
    }

    /** Deep normalisation without templating (for unsafe values). */
    static Object normalize(Object v) {
        return toPlain(v);
    }

    static boolean truthy(Object v) {
        v = unwrap(v);
        if (v instanceof Undefined u) throw u.fail();
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof Number n) return n.doubleValue() != 0;
        if (v instanceof String s) return !s.isEmpty();
        if (v instanceof Collection<?> c) return !c.isEmpty();
        if (v instanceof Map<?, ?> m) return !m.isEmpty();
        return true;
    }

    static boolean isNumber(Object v) {
        return v instanceof Number;
    }

    static boolean isIntegral(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger;
    }

    static String str(Object v) {
        if (v instanceof Undefined u) throw u.fail();
        return PyRepr.str(v);
    }

    static long toLong(Object v) {
        v = unwrap(v);
        if (v instanceof Boolean b) return b ? 1 : 0;
        if (v instanceof Number n) return n.longValue();
        if (v instanceof String s) {
            String t = s.trim().replace("_", "");
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                return (long) Double.parseDouble(t);
            }
        }
        throw new TemplateException("cannot convert " + PyRepr.repr(v) + " to an integer");
    }

    static double toDouble(Object v) {
        v = unwrap(v);
        if (v instanceof Boolean b) return b ? 1 : 0;
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof String s) return Double.parseDouble(s.trim());
        throw new TemplateException("cannot convert " + PyRepr.repr(v) + " to a float");
    }

    /** Python ==: numbers by value, containers element-wise. */
    static boolean pyEquals(Object a, Object b) {
        a = unwrap(a);
        b = unwrap(b);
        if (a == b) return true;
        if (a == null || b == null) return false;
        if (a instanceof Number x && b instanceof Number y) return x.doubleValue() == y.doubleValue();
        if (a instanceof Boolean x && b instanceof Number y) return (x ? 1 : 0) == y.doubleValue();
        if (a instanceof Number x && b instanceof Boolean y) return x.doubleValue() == (y ? 1 : 0);
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!pyEquals(x.get(i), y.get(i))) return false;
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) return false;
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !pyEquals(e.getValue(), y.get(e.getKey()))) return false;
            }
            return true;
        }
        return a.equals(b);
    }

    /** Python ordering for numbers, strings, booleans and lists; other mixes are an error. */
    static int compare(Object a, Object b) {
        a = unwrap(a);
        b = unwrap(b);
        if (a instanceof Boolean x) a = x ? 1L : 0L;
        if (b instanceof Boolean y) b = y ? 1L : 0L;
        if (a instanceof Number x && b instanceof Number y) return Double.compare(x.doubleValue(), y.doubleValue());
        if (a instanceof String x && b instanceof String y) return x.compareTo(y);
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                int c = compare(x.get(i), y.get(i));
                if (c != 0) return c;
            }
            return Integer.compare(x.size(), y.size());
        }
        if (a instanceof Undefined u) throw u.fail();
        if (b instanceof Undefined u) throw u.fail();
        throw new TemplateException("'<' not supported between instances of '" + PyRepr.typeName(a)
                + "' and '" + PyRepr.typeName(b) + "'");
    }

    /** Python's list(x): a string gives its characters, a mapping its keys. */
    static List<Object> toList(Object v) {
        v = unwrap(v);
        if (v instanceof Undefined u) throw u.fail();
        List<Object> out = new ArrayList<>();
        if (v == null) throw new TemplateException("'NoneType' object is not iterable");
        if (v instanceof String s) {
            s.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        } else if (v instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) out.add(normalizeScalar(k));
        } else if (v instanceof Iterable<?> it) {
            for (Object o : it) out.add(unwrap(o));
        } else if (v instanceof Iterator<?> it) {
            it.forEachRemaining(o -> out.add(unwrap(o)));
        } else if (v instanceof Object[] a) {
            for (Object o : a) out.add(unwrap(o));
        } else {
            throw new TemplateException("'" + PyRepr.typeName(v) + "' object is not iterable");
        }
        return out;
    }

    /** Looks up attribute or key name on an item (for map(attribute=), sort(attribute=)...). */
    static Object attribute(Object item, String path) {
        Object cur = item;
        for (String part : path.split("\\.")) {
            cur = unwrap(cur);
            if (cur instanceof Map<?, ?> m) {
                if (m.containsKey(part)) cur = m.get(part);
                else return Undefined.attribute(cur, part);
            } else if (cur instanceof List<?> l && part.matches("-?\\d+")) {
                int i = Integer.parseInt(part);
                if (i < 0) i += l.size();
                if (i < 0 || i >= l.size()) return Undefined.element(cur, part);
                cur = l.get(i);
            } else {
                return Undefined.attribute(cur, part);
            }
        }
        return unwrap(cur);
    }
}
