package playbook.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.objects.collections.PyList;
import playbook.engine.TemplateException;

/** A Jinja test ({@code x is name(args)}) written as a lambda, with the same guards as {@link FilterDef}. */
final class TestDef implements ExpTest {
    @FunctionalInterface
    interface Body {
        boolean test(Object value, FilterDef.Args args, JinjavaInterpreter interpreter);
    }

    private final String name;
    private final boolean acceptsUndefined;
    private final Body body;

    TestDef(String name, boolean acceptsUndefined, Body body) {
        this.name = name;
        this.acceptsUndefined = acceptsUndefined;
        this.body = body;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
        Object value = Values.unwrap(var);
        if (!acceptsUndefined && value instanceof Undefined u) throw u.fail();
        try {
            return body.test(value, FilterDef.Args.of(spread(args), null, acceptsUndefined), interpreter);
        } catch (TemplateException e) {
            Session.recordFailure(e);
            throw e;
        } catch (RuntimeException e) {
            TemplateException te = new TemplateException("Unexpected templating error in test '" + name + "': "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            Session.recordFailure(te);
            throw te;
        }
    }

    /**
     * Jinjava parses the arguments of {@code x is test(a, b)} as one tuple (a plain PyList);
     * spread it, except for tests whose single argument is itself a collection.
     */
    private Object[] spread(Object[] args) {
        if (args != null && args.length == 1 && args[0] != null && args[0].getClass() == PyList.class
                && !SINGLE_COLLECTION_ARG.contains(name)) {
            return ((PyList) args[0]).toList().toArray();
        }
        return args;
    }

    private static final java.util.Set<String> SINGLE_COLLECTION_ARG = java.util.Set.of(
            "in", "contains", "subset", "superset", "eq", "equalto", "==", "ne", "!=", "sameas");

    /** Guards one of Jinjava's own tests against undefined input. */
    static ExpTest guard(ExpTest inner) {
        return new ExpTest() {
            @Override
            public String getName() {
                return inner.getName();
            }

            @Override
            public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
                if (var instanceof Undefined u) throw u.fail();
                return inner.evaluate(var, interpreter, args);
            }
        };
    }

    /** Runs a test by name, as select('name', ...) does. */
    static boolean call(JinjavaInterpreter interp, String name, Object value, java.util.List<Object> args) {
        return interp.getContext().getExpTest(name).evaluate(value, interp, args.toArray());
    }
}
