package playbook.engine.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import playbook.engine.TemplateException;

/**
 * A filter written as a lambda. Arguments arrive unwrapped and normalised; an {@link Undefined}
 * input or argument fails with Jinja's message unless the filter handles undefined itself
 * (default, mandatory). Any other failure names the filter.
 */
final class FilterDef implements Filter {
    /** The body of a filter: input, positional arguments, keyword arguments. */
    @FunctionalInterface
    interface Body {
        Object apply(Object value, Args args, JinjavaInterpreter interpreter);
    }

    /** Positional and keyword arguments, with Python-style lookup of either. */
    record Args(List<Object> positional, Map<String, Object> named) {
        Object get(int index, String name, Object dflt) {
            if (name != null && named.containsKey(name)) return named.get(name);
            return index >= 0 && index < positional.size() ? positional.get(index) : dflt;
        }

        boolean has(int index, String name) {
            return (name != null && named.containsKey(name)) || (index >= 0 && index < positional.size());
        }

        int size() {
            return positional.size();
        }

        static Args of(Object[] args, Map<String, Object> kwargs, boolean allowUndefined) {
            List<Object> pos = new ArrayList<>();
            Map<String, Object> named = new LinkedHashMap<>();
            if (args != null) {
                for (Object a : args) {
                    if (a instanceof NamedParameter np) named.put(np.getName(), check(np.getValue(), allowUndefined));
                    else pos.add(check(a, allowUndefined));
                }
            }
            if (kwargs != null) kwargs.forEach((k, v) -> named.put(k, check(v, allowUndefined)));
            return new Args(pos, named);
        }

        private static Object check(Object v, boolean allowUndefined) {
            v = Values.unwrap(v);
            if (!allowUndefined && v instanceof Undefined u) throw u.fail();
            return v;
        }
    }

    private final String name;
    private final boolean acceptsUndefined;
    private final Body body;

    FilterDef(String name, boolean acceptsUndefined, Body body) {
        this.name = name;
        this.acceptsUndefined = acceptsUndefined;
        this.body = body;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean preserveSafeString() {
        return false;
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Object value = Values.unwrap(var);
        if (!acceptsUndefined && value instanceof Undefined u) throw u.fail();
        try {
            return body.apply(value, Args.of(args, kwargs, acceptsUndefined), interpreter);
        } catch (TemplateException e) {
            Session.recordFailure(e);
            throw e;
        } catch (RuntimeException e) {
            TemplateException te = new TemplateException("Unexpected templating error in filter '" + name + "': "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            Session.recordFailure(te);
            throw te;
        }
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return filter(var, interpreter, args == null ? new Object[0] : Arrays.copyOf(args, args.length, Object[].class), Map.of());
    }

    /** Guards one of Jinjava's own filters against undefined input. */
    static Filter guard(Filter inner) {
        return new Filter() {
            @Override
            public String getName() {
                return inner.getName();
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
                if (var instanceof Undefined u) throw u.fail();
                return inner.filter(var, interpreter, args, kwargs);
            }

            @Override
            public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
                if (var instanceof Undefined u) throw u.fail();
                return inner.filter(var, interpreter, args);
            }
        };
    }

    /** Calls a filter by name, as map('name', ...) does. */
    static Object call(JinjavaInterpreter interp, String name, Object value, List<Object> args, Map<String, Object> kwargs) {
        Filter f = interp.getContext().getFilter(name);
        return Values.unwrap(f.filter(value, interp, args.toArray(), kwargs));
    }
}
