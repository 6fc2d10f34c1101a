package playbook.engine.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import playbook.engine.TemplateException;

/**
 * The state of one public Templar call: the variables, the lazily templated values already
 * resolved, the template strings being resolved (for loop detection) and the first failure.
 * Confined to the calling thread; never shared between calls.
 */
final class Session {
    private static final ThreadLocal<Session> CURRENT = new ThreadLocal<>();
    private static final int MAX_DEPTH = 64;

    final Engine engine;
    final Map<String, Object> vars;
    private final Map<String, Object> resolved = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();
    private TemplateException failure;
    private boolean unsafeUsed;
    private final Map<Object, JinjavaInterpreter> idle = new HashMap<>(2);

    Session(Engine engine, Map<String, Object> vars) {
        this.engine = engine;
        this.vars = vars == null ? Map.of() : vars;
    }

    /** Makes this the thread's current session; returns the previous one for {@link #exit}. */
    Session enter() {
        Session previous = CURRENT.get();
        CURRENT.set(this);
        return previous;
    }

    static void exit(Session previous) {
        if (previous == null) CURRENT.remove();
        else CURRENT.set(previous);
    }

    static Session current() {
        Session s = CURRENT.get();
        if (s == null) throw new IllegalStateException("no template session on this thread");
        return s;
    }

    /** The session of an interpreter (through its context chain), else the thread's. */
    static Session of(JinjavaInterpreter interpreter) {
        if (interpreter != null) {
            for (Context c = interpreter.getContext(); c != null; c = c.getParent()) {
                if (c instanceof SessionContext sc) return sc.session;
            }
        }
        return current();
    }

    /** An idle interpreter made for this session with the given config, or null. */
    JinjavaInterpreter borrow(Object config) {
        return idle.remove(config);
    }

    void giveBack(Object config, JinjavaInterpreter interpreter) {
        idle.put(config, interpreter);
    }

    /** Remembers the first error raised inside Jinjava, which would otherwise wrap it. */
    static void recordFailure(TemplateException e) {
        Session s = CURRENT.get();
        if (s != null && s.failure == null) s.failure = e;
    }

    TemplateException takeFailure() {
        TemplateException f = failure;
        failure = null;
        return f;
    }

    /**
     * Notes that the text being rendered used unsafe data (a lookup result, an {@link Unsafe}
     * variable), as Ansible marks its context unsafe; see {@link Templar#templateKeepingUnsafe}.
     */
    void markUnsafe() {
        unsafeUsed = true;
    }

    /** Whether unsafe data was used since the last call. */
    boolean takeUnsafe() {
        boolean u = unsafeUsed;
        unsafeUsed = false;
        return u;
    }

    /** Resolves a top-level variable on first access; an absent one is {@link Undefined}. */
    Object lookup(String name) {
        if (vars.get(name) instanceof Unsafe) unsafeUsed = true;
        if (resolved.containsKey(name)) return resolved.get(name);
        Object value;
        if (vars.containsKey(name)) {
            value = resolve(vars.get(name));
        } else if (name.equals("omit")) {
            value = Templar.OMIT;
        } else if (name.equals("none") || name.equals("None")) {
            value = null;
        } else {
            return Undefined.variable(name);
        }
        resolved.put(name, value);
        return value;
    }

    /**
     * The value a variable holds, as Jinja sees it: strings are templated (an undefined
     * inside makes the whole value undefined, as in Ansible), containers become lazy views,
     * numbers are normalised to Long/Double.
     */
    Object resolve(Object raw) {
        if (raw instanceof String s) {
            if (!Templar.isTemplate(s)) return s;
            TemplateException saved = failure;
            failure = null;
            try {
                Object v = resolve(templateNested(s));
                failure = saved;
                return v;
            } catch (UndefinedException e) {
                failure = saved;
                return Undefined.of(e.getMessage());
            } catch (TemplateException e) {
                failure = saved == null ? e : saved;
                throw e;
            } catch (RuntimeException e) {
                failure = saved;
                throw e;
            }
        }
        if (raw instanceof Unsafe u) {
            unsafeUsed = true;
            return Values.normalize(u.value());
        }
        if (raw instanceof LazyMap || raw instanceof LazyList) return raw;
        if (raw instanceof Map<?, ?> m) return new LazyMap(m, this);
        if (raw instanceof List<?> l) return new LazyList(l, this);
        return Values.normalizeScalar(raw);
    }

    private Object templateNested(String s) {
        if (inProgress.size() > MAX_DEPTH || !inProgress.add(s)) {
            throw new TemplateException("recursive loop detected in template string: " + s);
        }
        try {
            return engine.template(s, this, true);
        } finally {
            inProgress.remove(s);
        }
    }
}
