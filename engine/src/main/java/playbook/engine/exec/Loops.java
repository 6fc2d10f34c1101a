package playbook.engine.exec;

import playbook.engine.TemplateException;
import playbook.engine.graph.CompiledTask;
import playbook.engine.template.Templar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns {@code loop:} and the {@code with_<lookup>:} forms into the list of items to run. */
final class Loops {
    private Loops() {}

    /** The loop keyword of a task ("loop" or "with_x"), or null. */
    static String loopKeyword(CompiledTask t) {
        for (String k : t.source().keywords().keySet()) {
            if (k.equals("loop") || k.startsWith("with_")) return k;
        }
        return null;
    }

    static List<Object> items(String keyword, Object raw, Templar templar, Map<String, Object> vars) {
        Object terms = templar.template(raw, vars);
        if (keyword.equals("loop")) {
            if (!(terms instanceof List<?> l)) {
                throw new TemplateException("Invalid data passed to 'loop', it requires a list, got this instead: "
                        + terms + ". Hint: If you passed a list/dict of just one element, try adding wantlist=True"
                        + " to your lookup invocation or use q/query instead of lookup.");
            }
            return new ArrayList<>(l);
        }
        String lookup = keyword.substring("with_".length());
        List<Object> t = terms instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>(List.of(terms == null ? "" : terms));
        return switch (lookup) {
            case "items" -> flattenOnce(t);
            case "list" -> t;
            case "dict" -> dictItems(terms);
            case "indexed_items" -> {
                List<Object> out = new ArrayList<>();
                List<Object> flat = flattenOnce(t);
                for (int i = 0; i < flat.size(); i++) out.add(List.of((long) i, flat.get(i)));
                yield out;
            }
            case "together" -> together(t);
            case "nested", "cartesian" -> nested(t);
            case "subelements" -> subelements(t);
            default -> viaLookup(lookup, t, templar, vars);
        };
    }

    private static List<Object> flattenOnce(List<Object> t) {
        List<Object> out = new ArrayList<>();
        for (Object o : t) {
            if (o instanceof List<?> l) out.addAll(l);
            else out.add(o);
        }
        return out;
    }

    private static List<Object> dictItems(Object terms) {
        if (!(terms instanceof Map<?, ?> m)) throw new TemplateException("with_dict expects a dict, got: " + terms);
        List<Object> out = new ArrayList<>();
        m.forEach((k, v) -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("key", k);
            item.put("value", v);
            out.add(item);
        });
        return out;
    }

    private static List<Object> together(List<Object> lists) {
        int max = 0;
        for (Object l : lists) max = Math.max(max, asList(l).size());
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            List<Object> row = new ArrayList<>();
            for (Object l : lists) {
                List<?> x = asList(l);
                row.add(i < x.size() ? x.get(i) : null);
            }
            out.add(row);
        }
        return out;
    }

    private static List<Object> nested(List<Object> lists) {
        List<Object> out = new ArrayList<>();
        out.add(new ArrayList<>());
        for (Object l : lists) {
            List<Object> next = new ArrayList<>();
            for (Object prefix : out) {
                for (Object x : asList(l)) {
                    List<Object> row = new ArrayList<>((List<?>) prefix);
                    row.add(x);
                    next.add(row);
                }
            }
            out = next;
        }
        return out;
    }

    private static List<Object> subelements(List<Object> t) {
        if (t.size() < 2) throw new TemplateException("subelements lookup expects a list of two or three items");
        List<?> parents = asList(t.get(0));
        String key = String.valueOf(t.get(1));
        boolean skipMissing = t.size() > 2 && t.get(2) instanceof Map<?, ?> f && Boolean.TRUE.equals(f.get("skip_missing"));
        List<Object> out = new ArrayList<>();
        for (Object p : parents) {
            if (!(p instanceof Map<?, ?> pm)) throw new TemplateException("subelements lookup expects a list of dicts");
            Object sub = pm.get(key);
            if (sub == null) {
                if (skipMissing) continue;
                throw new TemplateException("could not find '" + key + "' key in iterated item '" + p + "'");
            }
            for (Object c : asList(sub)) out.add(List.of(p, c));
        }
        return out;
    }

    private static List<Object> viaLookup(String lookup, List<Object> terms, Templar templar, Map<String, Object> vars) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            Map<String, Object> v = new HashMap<>(vars);
            v.put("__pb_term", term);
            Object r = templar.evaluate("query('" + lookup + "', __pb_term)", v);
            if (r instanceof List<?> l) out.addAll(l);
            else if (r != null) out.add(r);
        }
        return out;
    }

    private static List<?> asList(Object o) {
        if (o instanceof List<?> l) return l;
        if (o == null) return List.of();
        return List.of(o);
    }
}
