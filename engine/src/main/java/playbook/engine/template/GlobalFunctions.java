package playbook.engine.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import playbook.engine.TemplateException;

/**
 * Functions callable in expressions: lookup(), query()/q(), dict(), range() and the target of
 * the {@code 'fmt' % args} rewrite. Public static because Jinjava binds them reflectively.
 */
public final class GlobalFunctions {
    private GlobalFunctions() {}

    public static Object lookup(String name, Object... args) {
        return callLookup(name, args, false);
    }

    public static Object query(String name, Object... args) {
        return callLookup(name, args, true);
    }

    private static Object callLookup(String name, Object[] args, boolean query) {
        List<Object> terms = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        split(args, terms, kwargs);
        return Lookups.run(name, terms, kwargs, query);
    }

    public static Object dict(Object... args) {
        List<Object> pos = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        split(args, pos, kwargs);
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Object p : pos) {
            p = Values.unwrap(p);
            if (p instanceof Map<?, ?> m) {
                m.forEach((k, v) -> out.put(Values.normalizeScalar(k), v));
            } else {
                for (Object pair : Values.toList(p)) {
                    List<Object> kv = Values.toList(pair);
                    if (kv.size() != 2) throw record(new TemplateException("dict(): sequence elements must be pairs"));
                    out.put(kv.get(0), kv.get(1));
                }
            }
        }
        out.putAll(kwargs);
        return out;
    }

    public static List<Object> range(Object... args) {
        List<Object> pos = new ArrayList<>();
        split(args, pos, new LinkedHashMap<>());
        long start = 0;
        long stop;
        long step = 1;
        if (pos.size() == 1) {
            stop = Values.toLong(pos.get(0));
        } else if (pos.size() == 2 || pos.size() == 3) {
            start = Values.toLong(pos.get(0));
            stop = Values.toLong(pos.get(1));
            if (pos.size() == 3) step = Values.toLong(pos.get(2));
        } else {
            throw record(new TemplateException("range expected 1 to 3 arguments, got " + pos.size()));
        }
        if (step == 0) throw record(new TemplateException("range() arg 3 must not be zero"));
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            if (out.size() >= 100_000) throw record(new TemplateException("range too big, the limit is 100000 items"));
            out.add(i);
        }
        return out;
    }

    /** Target of the rewrite of {@code 'fmt' % args}. */
    public static String percentFormat(Object format, Object args) {
        try {
            return PyFormat.percent(Values.str(format), args);
        } catch (TemplateException e) {
            throw record(e);
        }
    }

    private static void split(Object[] args, List<Object> pos, Map<String, Object> kwargs) {
        if (args == null) return;
        for (Object a : args) {
            if (a instanceof NamedParameter np) kwargs.put(np.getName(), Values.unwrap(np.getValue()));
            else {
                Object v = Values.unwrap(a);
                if (v instanceof Undefined u) throw u.fail();
                pos.add(v);
            }
        }
    }

    private static TemplateException record(TemplateException e) {
        Session.recordFailure(e);
        return e;
    }
}
