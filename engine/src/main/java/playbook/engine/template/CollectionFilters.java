package playbook.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import playbook.engine.TemplateException;

/** Jinja/Ansible filters on lists and dicts: select/map, set operations, combine, sort, zip. */
final class CollectionFilters {
    private CollectionFilters() {}

    static void register(Consumer<Filter> r) {
        r.accept(new FilterDef("select", false, (v, a, i) -> select(v, a, i, true, false)));
        r.accept(new FilterDef("reject", false, (v, a, i) -> select(v, a, i, false, false)));
        r.accept(new FilterDef("selectattr", false, (v, a, i) -> select(v, a, i, true, true)));
        r.accept(new FilterDef("rejectattr", false, (v, a, i) -> select(v, a, i, false, true)));
        r.accept(new FilterDef("map", false, CollectionFilters::map));
        r.accept(new FilterDef("unique", false, (v, a, i) -> {
            List<Object> out = new ArrayList<>();
            for (Object o : Values.toList(v)) if (!contains(out, o)) out.add(o);
            return out;
        }));
        r.accept(new FilterDef("union", false, (v, a, i) -> {
            List<Object> out = new ArrayList<>();
            for (Object o : Values.toList(v)) if (!contains(out, o)) out.add(o);
            for (Object o : Values.toList(a.get(0, "b", List.of()))) if (!contains(out, o)) out.add(o);
            return out;
        }));
        r.accept(new FilterDef("intersect", false, (v, a, i) -> {
            List<Object> other = Values.toList(a.get(0, "b", List.of()));
            List<Object> out = new ArrayList<>();
            for (Object o : Values.toList(v)) if (contains(other, o) && !contains(out, o)) out.add(o);
            return out;
        }));
        r.accept(new FilterDef("difference", false, (v, a, i) -> {
            List<Object> other = Values.toList(a.get(0, "b", List.of()));
            List<Object> out = new ArrayList<>();
            for (Object o : Values.toList(v)) if (!contains(other, o) && !contains(out, o)) out.add(o);
            return out;
        }));
        r.accept(new FilterDef("symmetric_difference", false, (v, a, i) -> {
            List<Object> x = Values.toList(v);
            List<Object> y = Values.toList(a.get(0, "b", List.of()));
            List<Object> out = new ArrayList<>();
            for (Object o : x) if (!contains(y, o) && !contains(out, o)) out.add(o);
            for (Object o : y) if (!contains(x, o) && !contains(out, o)) out.add(o);
            return out;
        }));
        r.accept(new FilterDef("flatten", false, (v, a, i) -> {
            Object levels = a.get(0, "levels", null);
            List<Object> out = new ArrayList<>();
            flatten(Values.toList(v), levels == null ? -1 : (int) Values.toLong(levels), Values.truthy(a.get(1, "skip_nulls", true)), out);
            return out;
        }));
        r.accept(new FilterDef("min", false, (v, a, i) -> extreme(v, a, -1)));
        r.accept(new FilterDef("max", false, (v, a, i) -> extreme(v, a, 1)));
        r.accept(new FilterDef("sum", false, (v, a, i) -> {
            Object attr = a.get(0, "attribute", null);
            Object acc = a.get(1, "start", 0L);
            for (Object o : Values.toList(v)) acc = add(acc, attr == null ? o : Values.attribute(o, Values.str(attr)));
            return acc;
        }));
        r.accept(new FilterDef("sort", false, (v, a, i) -> {
            boolean reverse = Values.truthy(a.get(0, "reverse", false));
            boolean caseSensitive = Values.truthy(a.get(1, "case_sensitive", false));
            Object attr = a.get(2, "attribute", null);
            List<Object> out = Values.toList(v);
            Comparator<Object> cmp = (x, y) -> Values.compare(sortKey(x, attr, caseSensitive), sortKey(y, attr, caseSensitive));
            out.sort(reverse ? cmp.reversed() : cmp);
            return out;
        }));
        r.accept(new FilterDef("dictsort", false, (v, a, i) -> {
            if (!(v instanceof Map<?, ?> m)) throw new TemplateException("dictsort requires a dictionary, got " + PyRepr.typeName(v));
            boolean caseSensitive = Values.truthy(a.get(0, "case_sensitive", false));
            int pos = switch (Values.str(a.get(1, "by", "key"))) {
                case "key" -> 0;
                case "value" -> 1;
                default -> throw new TemplateException("You can only sort by either \"key\" or \"value\"");
            };
            boolean reverse = Values.truthy(a.get(2, "reverse", false));
            List<Object> out = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.add(PyTuple.of(Values.normalizeScalar(e.getKey()), e.getValue()));
            Comparator<Object> cmp = (x, y) -> Values.compare(sortKey(((List<?>) x).get(pos), null, caseSensitive),
                    sortKey(((List<?>) y).get(pos), null, caseSensitive));
            out.sort(reverse ? cmp.reversed() : cmp);
            return out;
        }));
        r.accept(new FilterDef("batch", false, (v, a, i) -> {
            long size = Values.toLong(a.get(0, "linecount", null));
            if (size <= 0) throw new TemplateException("batch linecount must be positive");
            Object fill = a.get(1, "fill_with", null);
            List<Object> out = new ArrayList<>();
            List<Object> row = new ArrayList<>();
            for (Object o : Values.toList(v)) {
                if (row.size() == size) {
                    out.add(row);
                    row = new ArrayList<>();
                }
                row.add(o);
            }
            if (!row.isEmpty()) {
                while (fill != null && row.size() < size) row.add(fill);
                out.add(row);
            }
            return out;
        }));
        r.accept(new FilterDef("reverse", false, (v, a, i) -> {
            if (v instanceof String s) return new StringBuilder(s).reverse().toString();
            List<Object> out = Values.toList(v);
            java.util.Collections.reverse(out);
            return out;
        }));
        r.accept(new FilterDef("zip", false, (v, a, i) -> zip(v, a, false)));
        r.accept(new FilterDef("zip_longest", false, (v, a, i) -> zip(v, a, true)));
        r.accept(new FilterDef("product", false, CollectionFilters::product));
        r.accept(new FilterDef("combine", false, CollectionFilters::combine));
        r.accept(new FilterDef("dict2items", false, (v, a, i) -> {
            if (!(v instanceof Map<?, ?> m)) throw new TemplateException("dict2items requires a dictionary, got " + PyRepr.typeName(v) + " instead.");
            String k = Values.str(a.get(0, "key_name", "key"));
            String val = Values.str(a.get(1, "value_name", "value"));
            List<Object> out = new ArrayList<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Map<Object, Object> item = new LinkedHashMap<>();
                item.put(k, Values.normalizeScalar(e.getKey()));
                item.put(val, e.getValue());
                out.add(item);
            }
            return out;
        }));
        r.accept(new FilterDef("items2dict", false, (v, a, i) -> {
            String k = Values.str(a.get(0, "key_name", "key"));
            String val = Values.str(a.get(1, "value_name", "value"));
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Object o : Values.toList(v)) {
                if (!(Values.unwrap(o) instanceof Map<?, ?> m)) throw new TemplateException("items2dict requires a list of dictionaries");
                if (!m.containsKey(k) || !m.containsKey(val)) {
                    throw new TemplateException("items2dict requires each dictionary to have keys '" + k + "' and '" + val + "'");
                }
                out.put(Values.unwrap(m.get(k)), m.get(val));
            }
            return out;
        }));
    }

    static boolean contains(List<Object> l, Object o) {
        for (Object x : l) if (Values.pyEquals(x, o)) return true;
        return false;
    }

    /** select/reject/selectattr/rejectattr, as Jinja does them. */
    private static Object select(Object v, FilterDef.Args a, JinjavaInterpreter interp, boolean keep, boolean attr) {
        List<Object> out = new ArrayList<>();
        List<Object> pos = a.positional();
        int testAt = attr ? 1 : 0;
        if (attr && pos.isEmpty()) throw new TemplateException("Missing parameter for attribute name");
        for (Object item : Values.toList(v)) {
            Object subject = attr ? Values.attribute(item, Values.str(pos.get(0))) : item;
            boolean ok;
            if (pos.size() > testAt) {
                ok = TestDef.call(interp, Values.str(pos.get(testAt)), subject, pos.subList(testAt + 1, pos.size()));
            } else {
                ok = !(subject instanceof Undefined) && Values.truthy(subject);
            }
            if (ok == keep) out.add(item);
        }
        return out;
    }

    private static Object map(Object v, FilterDef.Args a, JinjavaInterpreter interp) {
        List<Object> out = new ArrayList<>();
        Object attribute = a.named().get("attribute");
        for (Object item : Values.toList(v)) {
            if (attribute != null) {
                Object x = Values.attribute(item, Values.str(attribute));
                if (x instanceof Undefined && a.named().containsKey("default")) x = a.named().get("default");
                out.add(x);
            } else {
                if (a.positional().isEmpty()) throw new TemplateException("map requires a filter name or attribute=");
                Map<String, Object> kwargs = new LinkedHashMap<>(a.named());
                out.add(FilterDef.call(interp, Values.str(a.positional().get(0)), item, a.positional().subList(1, a.size()), kwargs));
            }
        }
        return out;
    }

    private static void flatten(List<Object> in, int levels, boolean skipNulls, List<Object> out) {
        for (Object o : in) {
            o = Values.unwrap(o);
            if (o == null && skipNulls) continue;
            if (o instanceof List<?> l && levels != 0) flatten(Values.toList(l), levels - 1, skipNulls, out);
            else out.add(o);
        }
    }

    private static Object extreme(Object v, FilterDef.Args a, int sign) {
        Object attr = a.get(0, "attribute", null);
        boolean cs = Values.truthy(a.get(1, "case_sensitive", false));
        Object best = null;
        Object bestKey = null;
        for (Object o : Values.toList(v)) {
            Object key = sortKey(o, attr, cs);
            if (best == null || Values.compare(key, bestKey) * sign > 0) {
                best = o;
                bestKey = key;
            }
        }
        return best;
    }

    private static Object sortKey(Object o, Object attr, boolean caseSensitive) {
        Object k = attr == null ? o : Values.attribute(o, Values.str(attr));
        if (k instanceof Undefined u) throw u.fail();
        return !caseSensitive && k instanceof String s ? s.toLowerCase() : k;
    }

    private static Object add(Object x, Object y) {
        x = Values.unwrap(x);
        y = Values.unwrap(y);
        if (x instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l);
            out.addAll(Values.toList(y));
            return out;
        }
        if (x instanceof Number a && y instanceof Number b) {
            if (Values.isIntegral(a) && Values.isIntegral(b)) return a.longValue() + b.longValue();
            return a.doubleValue() + b.doubleValue();
        }
        throw new TemplateException("unsupported operand type(s) for +: '" + PyRepr.typeName(x) + "' and '" + PyRepr.typeName(y) + "'");
    }

    private static Object zip(Object v, FilterDef.Args a, boolean longest) {
        List<List<Object>> lists = new ArrayList<>();
        lists.add(Values.toList(v));
        for (Object o : a.positional()) lists.add(Values.toList(o));
        int n = longest ? lists.stream().mapToInt(List::size).max().orElse(0) : lists.stream().mapToInt(List::size).min().orElse(0);
        Object fill = a.named().get("fillvalue");
        List<Object> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<Object> t = new ArrayList<>();
            for (List<Object> l : lists) t.add(k < l.size() ? l.get(k) : fill);
            out.add(new PyTuple(t));
        }
        return out;
    }

    /** Ansible's product (itertools.product): the cartesian product, as tuples; repeat=N. */
    private static Object product(Object v, FilterDef.Args a, JinjavaInterpreter interp) {
        List<List<Object>> lists = new ArrayList<>();
        lists.add(Values.toList(v));
        for (Object o : a.positional()) lists.add(Values.toList(o));
        long repeat = Values.toLong(a.named().getOrDefault("repeat", 1));
        if (repeat < 0) throw new TemplateException("product: repeat must be >= 0");
        List<List<Object>> pools = new ArrayList<>();
        for (int k = 0; k < repeat; k++) pools.addAll(lists);
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of());
        for (List<Object> pool : pools) {
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> row : rows)
                for (Object o : pool) {
                    List<Object> t = new ArrayList<>(row);
                    t.add(o);
                    next.add(t);
                }
            rows = next;
        }
        List<Object> out = new ArrayList<>();
        for (List<Object> row : rows) out.add(new PyTuple(row));
        return out;
    }

    /** Ansible's combine: later dicts win; recursive=True merges nested dicts; list_merge. */
    private static Object combine(Object v, FilterDef.Args a, JinjavaInterpreter interp) {
        List<Object> dicts = new ArrayList<>();
        if (v instanceof List<?> l) dicts.addAll(Values.toList(l));
        else dicts.add(v);
        dicts.addAll(a.positional());
        boolean recursive = Values.truthy(a.named().getOrDefault("recursive", false));
        String listMerge = Values.str(a.named().getOrDefault("list_merge", "replace"));
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Object d : dicts) {
            if (!(Values.unwrap(d) instanceof Map<?, ?> m)) {
                throw new TemplateException("failed to combine variables, expected dicts but got a '" + PyRepr.typeName(d) + "'");
            }
            merge(out, m, recursive, listMerge);
        }
        return out;
    }

    private static void merge(Map<Object, Object> into, Map<?, ?> from, boolean recursive, String listMerge) {
        for (Map.Entry<?, ?> e : from.entrySet()) {
            Object key = Values.normalizeScalar(e.getKey());
            Object nv = Values.unwrap(e.getValue());
            Object old = into.containsKey(key) ? Values.unwrap(into.get(key)) : null;
            if (recursive && old instanceof Map<?, ?> om && nv instanceof Map<?, ?> nm) {
                Map<Object, Object> merged = new LinkedHashMap<>();
                merge(merged, om, true, listMerge);
                merge(merged, nm, true, listMerge);
                into.put(key, merged);
            } else if (old instanceof List<?> ol && nv instanceof List<?> nl) {
                into.put(key, mergeLists(Values.toList(ol), Values.toList(nl), listMerge));
            } else {
                into.put(key, nv);
            }
        }
    }

    private static List<Object> mergeLists(List<Object> old, List<Object> neu, String mode) {
        List<Object> out = new ArrayList<>();
        switch (mode) {
            case "replace" -> out.addAll(neu);
            case "keep" -> out.addAll(old);
            case "append" -> {
                out.addAll(old);
                out.addAll(neu);
            }
            case "prepend" -> {
                out.addAll(neu);
                out.addAll(old);
            }
            case "append_rp" -> {
                for (Object o : old) if (!contains(neu, o)) out.add(o);
                out.addAll(neu);
            }
            case "prepend_rp" -> {
                out.addAll(neu);
                for (Object o : old) if (!contains(neu, o)) out.add(o);
            }
            default -> throw new TemplateException("'" + mode + "' is not a valid list_merge value");
        }
        return out;
    }
}
