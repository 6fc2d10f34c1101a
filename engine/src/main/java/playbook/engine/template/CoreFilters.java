package playbook.engine.template;

import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import playbook.engine.TemplateException;

/** Jinja/Ansible filters on single values: defaults, type conversion, strings, sizes. */
final class CoreFilters {
    private CoreFilters() {}

    static void register(Consumer<Filter> r) {
        FilterDef.Body dflt = (v, a, i) -> {
            boolean useDefault = v instanceof Undefined || (Values.truthy(a.get(1, "boolean", false)) && !Values.truthy(v));
            return useDefault ? a.get(0, "default_value", "") : v;
        };
        r.accept(new FilterDef("default", true, dflt));
        r.accept(new FilterDef("d", true, dflt));
        r.accept(new FilterDef("mandatory", true, (v, a, i) -> {
            if (!(v instanceof Undefined u)) return v;
            Object msg = a.get(0, "msg", null);
            if (msg != null) throw new TemplateException(Values.str(msg));
            String m = u.message();
            String name = m.endsWith(" is undefined") ? m.substring(0, m.length() - " is undefined".length()) : m;
            throw new TemplateException("Mandatory variable " + name + "  not defined.");
        }));
        r.accept(new FilterDef("bool", false, (v, a, i) -> toBool(v)));
        r.accept(new FilterDef("int", false, (v, a, i) -> toInt(v, a.get(0, "default", 0L), (int) Values.toLong(a.get(1, "base", 10L)))));
        r.accept(new FilterDef("float", false, (v, a, i) -> {
            try {
                return Values.toDouble(v);
            } catch (RuntimeException e) {
                return Values.toDouble(a.get(0, "default", 0.0));
            }
        }));
        r.accept(new FilterDef("string", false, (v, a, i) -> Values.str(v)));
        r.accept(new FilterDef("ternary", false, (v, a, i) -> {
            if (v == null && a.has(2, "none_val")) return a.get(2, "none_val", null);
            return Values.truthy(v) ? a.get(0, "true_val", null) : a.get(1, "false_val", null);
        }));
        r.accept(new FilterDef("type_debug", false, (v, a, i) -> PyRepr.typeName(v)));
        r.accept(new FilterDef("lower", false, (v, a, i) -> Values.str(v).toLowerCase()));
        r.accept(new FilterDef("upper", false, (v, a, i) -> Values.str(v).toUpperCase()));
        r.accept(new FilterDef("capitalize", false, (v, a, i) -> PyMethods.invoke(Values.str(v), "capitalize", new Object[0])));
        r.accept(new FilterDef("title", false, (v, a, i) -> PyMethods.title(Values.str(v))));
        r.accept(new FilterDef("trim", false, (v, a, i) -> PyMethods.strip(Values.str(v), (String) a.get(0, "chars", null), true, true)));
        r.accept(new FilterDef("join", false, (v, a, i) -> {
            Object attr = a.get(1, "attribute", null);
            List<String> parts = new ArrayList<>();
            for (Object o : Values.toList(v)) parts.add(Values.str(attr == null ? o : Values.attribute(o, Values.str(attr))));
            return String.join(Values.str(a.get(0, "d", "")), parts);
        }));
        r.accept(new FilterDef("split", false, (v, a, i) -> {
            Object sep = a.get(0, "separator", null);
            return PyMethods.split(Values.str(v), sep == null ? null : Values.str(sep), (int) Values.toLong(a.get(1, "maxsplit", -1L)));
        }));
        r.accept(new FilterDef("replace", false, (v, a, i) -> {
            Object[] args = a.has(2, "count") ? new Object[] {a.get(0, "old", ""), a.get(1, "new", ""), a.get(2, "count", -1L)}
                    : new Object[] {a.get(0, "old", ""), a.get(1, "new", "")};
            return PyMethods.invoke(Values.str(v), "replace", args);
        }));
        FilterDef.Body length = (v, a, i) -> {
            if (v instanceof String s) return (long) s.codePointCount(0, s.length());
            if (v instanceof Collection<?> c) return (long) c.size();
            if (v instanceof Map<?, ?> m) return (long) m.size();
            throw new TemplateException("object of type '" + PyRepr.typeName(v) + "' has no len()");
        };
        r.accept(new FilterDef("length", false, length));
        r.accept(new FilterDef("count", false, length));
        r.accept(new FilterDef("first", false, (v, a, i) -> {
            List<Object> l = Values.toList(v);
            return l.isEmpty() ? Undefined.of("No first item, sequence was empty.") : l.get(0);
        }));
        r.accept(new FilterDef("last", false, (v, a, i) -> {
            List<Object> l = Values.toList(v);
            return l.isEmpty() ? Undefined.of("No last item, sequence was empty.") : l.get(l.size() - 1);
        }));
        r.accept(new FilterDef("list", false, (v, a, i) -> Values.toList(v)));
        r.accept(new FilterDef("items", false, (v, a, i) -> {
            if (v instanceof Map<?, ?> m) return PyMethods.invoke(m, "items", new Object[0]);
            throw new TemplateException("Can only get item pairs from a mapping.");
        }));
        r.accept(new FilterDef("random", false, (v, a, i) -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            if (v instanceof Number n) {
                long start = Values.toLong(a.get(0, "start", 0L));
                long step = Values.toLong(a.get(1, "step", 1L));
                long count = (n.longValue() - start + step - 1) / step;
                if (count <= 0) throw new TemplateException("empty range for random");
                return start + step * rnd.nextLong(count);
            }
            List<Object> l = Values.toList(v);
            if (l.isEmpty()) throw new TemplateException("Cannot choose from an empty sequence");
            return l.get(rnd.nextInt(l.size()));
        }));
        r.accept(new FilterDef("abs", false, (v, a, i) -> v instanceof Double d ? (Object) Math.abs(d) : (Object) Math.abs(Values.toLong(v))));
        r.accept(new FilterDef("round", false, (v, a, i) -> {
            int precision = (int) Values.toLong(a.get(0, "precision", 0L));
            String method = Values.str(a.get(1, "method", "common"));
            double value = Values.toDouble(v);
            double f = Math.pow(10, precision);
            return switch (method) {
                case "ceil" -> Math.ceil(value * f) / f;
                case "floor" -> Math.floor(value * f) / f;
                // Python's round(): half to even on the exact binary value (2.5 -> 2.0, 2.675 -> 2.67)
                default -> Double.isFinite(value)
                        ? new java.math.BigDecimal(value).setScale(precision, java.math.RoundingMode.HALF_EVEN).doubleValue() : value;
            };
        }));
    }

    /** Ansible's bool filter: None stays None; yes/on/1/true (any case) are true, the rest false. */
    static Object toBool(Object v) {
        if (v == null || v instanceof Boolean) return v;
        if (v instanceof Number n) return n.doubleValue() == 1;
        String s = Values.str(v).toLowerCase();
        return s.equals("yes") || s.equals("on") || s.equals("1") || s.equals("true");
    }

    /** Jinja's int filter: int(x, base), else int(float(x)), else the default. */
    static Object toInt(Object v, Object dflt, int base) {
        if (v instanceof Boolean b) return b ? 1L : 0L;
        if (v instanceof Number n) return n.longValue();
        String s = Values.str(v).trim().replace("_", "");
        try {
            if (base == 16 && s.toLowerCase().startsWith("0x")) s = s.substring(2);
            if (base == 8 && s.toLowerCase().startsWith("0o")) s = s.substring(2);
            if (base == 2 && s.toLowerCase().startsWith("0b")) s = s.substring(2);
            return Long.parseLong(s, base);
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                return dflt;
            }
        }
    }
}
