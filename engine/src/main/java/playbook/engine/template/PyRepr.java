package playbook.engine.template;

import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.collections.PyMap;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Python's str() and repr() for Java values: True, None, 1.0, ['a', 1], {'k': None}, (1, 'a'). */
final class PyRepr {
    private PyRepr() {}

    static String str(Object v) {
        v = Values.unwrap(v);
        if (v instanceof String s) return s;
        return repr(v);
    }

    static String repr(Object v) {
        StringBuilder sb = new StringBuilder();
        repr(Values.unwrap(v), sb);
        return sb.toString();
    }

    private static void repr(Object v, StringBuilder sb) {
        v = Values.unwrap(v);
        if (v instanceof Undefined u) throw u.fail();
        if (v == null) {
            sb.append("None");
        } else if (v instanceof Boolean b) {
            sb.append(b ? "True" : "False");
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(floatRepr(((Number) v).doubleValue()));
        } else if (v instanceof Number) {
            sb.append(v);
        } else if (v instanceof String s) {
            quote(s, sb);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                repr(e.getKey(), sb);
                sb.append(": ");
                repr(e.getValue(), sb);
                if (it.hasNext()) sb.append(", ");
            }
            sb.append('}');
        } else if (v instanceof PyTuple t) {
            sb.append('(');
            join(t, sb);
            if (t.size() == 1) sb.append(',');
            sb.append(')');
        } else if (v instanceof Set<?> s) {
            if (s.isEmpty()) {
                sb.append("set()");
            } else {
                sb.append('{');
                join(s, sb);
                sb.append('}');
            }
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            join(c, sb);
            sb.append(']');
        } else if (v instanceof Object[] a) {
            repr(List.of(a), sb);
        } else {
            sb.append(v);
        }
    }

    private static void join(Collection<?> c, StringBuilder sb) {
        boolean first = true;
        for (Object o : c) {
            if (!first) sb.append(", ");
            repr(o, sb);
            first = false;
        }
    }

    /** Python string repr (one implementation, shared with the reporter). */
    static void quote(String s, StringBuilder sb) {
        playbook.engine.report.PythonRepr.quote(s, sb);
    }

    /** Python float repr: 1.0, 2.5, 1e+20, 1e-05, inf, nan. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        return playbook.engine.report.PythonRepr.floatRepr(d);
    }

    /** Python's type name, as Jinja uses it in messages and type_debug prints it. */
    static String typeName(Object v) {
        v = Values.unwrap(v);
        if (v == null) return "NoneType";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Double || v instanceof Float) return "float";
        if (v instanceof Number) return "int";
        if (v instanceof String) return "str";
        if (v instanceof Map) return "dict";
        if (v instanceof PyTuple) return "tuple";
        if (v instanceof Set) return "set";
        if (v instanceof PyList || v instanceof Collection) return "list";
        if (v instanceof PyMap) return "dict";
        return v.getClass().getSimpleName();
    }
}
