package playbook.engine.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import playbook.engine.TemplateException;

/**
 * Ansible-flavoured Jinja on Jinjava: strict undefined, native types for a value that is
 * exactly one {@code {{ expr }}}, lazy resolution of variables that reference variables,
 * Ansible's filters, tests and lookups. Thread-safe: one instance serves the whole run.
 */
public final class Templar {
    /** The value of the {@code omit} variable; an argument whose value equals it is dropped. */
    public static final String OMIT = "__omit_place_holder__playbook";

    private volatile Engine engine;

    public Templar() {}

    /**
     * The Jinjava engine, created on the first string that needs it: commands that template
     * nothing (--list-hosts, most of --syntax-check) never load Jinjava, Jackson and Guava.
     */
    private Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (this) {
                e = engine;
                if (e == null) engine = e = new Engine();
            }
        }
        return e;
    }

    /** True when the value is a string containing {{, {% or {#. */
    public static boolean isTemplate(Object value) {
        return value instanceof String s && (s.contains("{{") || s.contains("{%") || s.contains("{#"));
    }

    /**
     * Wraps a value (a registered result, a fact, an {@code !unsafe} string) so that the text in
     * it is never templated when it is read as a variable, like Ansible's AnsibleUnsafe.
     */
    public static Object unsafe(Object value) {
        return value instanceof Unsafe ? value : new Unsafe(value);
    }

    /**
     * Renders every string inside value (maps and lists recursively; keys too). A string that is
     * exactly one {@code {{ expr }}} keeps the expression's native type. Throws
     * TemplateException naming the undefined variable or the syntax error.
     */
    public Object template(Object value, Map<String, Object> vars) {
        return template(value, vars, false);
    }

    /**
     * Like {@link #template(Object, Map)}, but a string whose rendering used unsafe data (a
     * lookup's result, a registered result, a fact, an {@code !unsafe} value) comes back wrapped
     * with {@link #unsafe(Object)}, as Ansible's Templar returns AnsibleUnsafe for it. set_fact
     * needs this so that a fact holding, say, {@code lookup('template', ...)} output with a
     * literal "{{" is not templated again when it is read. {@link #stripUnsafe} undoes it.
     */
    public Object templateKeepingUnsafe(Object value, Map<String, Object> vars) {
        return template(value, vars, true);
    }

    /** The value without {@link #unsafe} wrappers, at any depth (a plain copy). */
    public static Object stripUnsafe(Object value) {
        return Values.toPlain(value);
    }

    private Object template(Object value, Map<String, Object> vars, boolean keepUnsafe) {
        if (value instanceof String s && !isTemplate(s)) return s;
        if (!containsTemplate(value)) return value;
        Session session = new Session(engine(), vars);
        Session previous = session.enter();
        try {
            return walk(value, session, keepUnsafe);
        } finally {
            Session.exit(previous);
        }
    }

    private Object walk(Object value, Session session, boolean keepUnsafe) {
        if (value instanceof String s) {
            if (!isTemplate(s)) return s;
            session.takeUnsafe();
            Object out = Values.toPlain(session.engine.template(s, session, true));
            return keepUnsafe && session.takeUnsafe() ? unsafe(out) : out;
        }
        if (value instanceof Map<?, ?> m) {
            if (!containsTemplate(m)) return m;
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(walk(e.getKey(), session, false), walk(e.getValue(), session, keepUnsafe));
            return out;
        }
        if (value instanceof List<?> l) {
            if (!containsTemplate(l)) return l;
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(walk(o, session, keepUnsafe));
            return out;
        }
        return value;
    }

    private static boolean containsTemplate(Object value) {
        if (value instanceof String) return isTemplate(value);
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) if (containsTemplate(e.getKey()) || containsTemplate(e.getValue())) return true;
            return false;
        }
        if (value instanceof List<?> l) {
            for (Object o : l) if (containsTemplate(o)) return true;
        }
        return false;
    }

    /** Renders to text always (no native types). */
    public String renderString(String text, Map<String, Object> vars) {
        if (text == null) return null;
        if (!isTemplate(text)) return text;
        Session session = new Session(engine(), vars);
        Session previous = session.enter();
        try {
            return (String) session.engine.template(text, session, false);
        } finally {
            Session.exit(previous);
        }
    }

    /** Renders a template file's text the way the template module does (trim_blocks on). */
    public String renderFile(String templateText, Map<String, Object> vars) {
        Session session = new Session(engine(), vars);
        Session previous = session.enter();
        try {
            return session.engine.renderFile(templateText, session);
        } finally {
            Session.exit(previous);
        }
    }

    /** Evaluates a bare expression (no braces) with native types. */
    public Object evaluate(String expression, Map<String, Object> vars) {
        Session session = new Session(engine(), vars);
        Session previous = session.enter();
        try {
            return Values.toPlain(session.engine.evaluate(expression, session));
        } finally {
            Session.exit(previous);
        }
    }

    /**
     * Evaluates a conditional as {@code when:} / {@code changed_when:} / {@code failed_when:} /
     * {@code until:} do: a bool, a bare expression string, a {{ }} string, or a list of those
     * (all must hold).
     */
    public boolean conditional(Object condition, Map<String, Object> vars) {
        if (condition == null) return true;
        if (condition instanceof Boolean b) return b;
        if (condition instanceof List<?> l) {
            for (Object c : l) if (!conditional(c, vars)) return false;
            return true;
        }
        if (!(condition instanceof String text)) return Values.truthy(Values.normalizeScalar(condition));
        String expr = text.trim();
        if (expr.isEmpty()) return true;
        Session session = new Session(engine(), vars);
        Session previous = session.enter();
        try {
            Object result;
            if (isTemplate(expr)) {
                // Ansible templates the string first, then evaluates the text it got as an expression.
                Object rendered = session.engine.template(expr, session, true);
                if (!(Values.unwrap(rendered) instanceof String s)) return Values.truthy(rendered);
                if (s.isBlank()) return false;
                result = session.engine.evaluate(s, session);
            } else {
                result = session.engine.evaluate(expr, session);
            }
            return Values.truthy(result);
        } catch (TemplateException e) {
            throw new TemplateException("The conditional check '" + text + "' failed. The error was: error while evaluating conditional ("
                    + text + "): " + e.getMessage(), e);
        } finally {
            Session.exit(previous);
        }
    }
}
