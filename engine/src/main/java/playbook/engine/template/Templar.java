package playbook.engine.template;

import java.util.Map;

/**
 * Ansible-flavoured Jinja on Jinjava: strict undefined, native types for a value that is
 * exactly one {@code {{ expr }}}, lazy resolution of variables that reference variables,
 * Ansible's filters, tests and lookups. Thread-safe: one instance serves the whole run.
 */
public final class Templar {
    /** The value of the {@code omit} variable; an argument whose value equals it is dropped. */
    public static final String OMIT = "__omit_place_holder__playbook";

    public Templar() {
        throw new UnsupportedOperationException("TODO(template helper)");
    }

    /** True when the value is a string containing {{, {% or {#. */
    public static boolean isTemplate(Object value) {
        return value instanceof String s && (s.contains("{{") || s.contains("{%") || s.contains("{#"));
    }

    /**
     * Renders every string inside value (maps and lists recursively; keys too). A string that is
     * exactly one {@code {{ expr }}} keeps the expression's native type. Throws
     * TemplateException naming the undefined variable or the syntax error.
     */
    public Object template(Object value, Map<String, Object> vars) {
        throw new UnsupportedOperationException("TODO(template helper)");
    }

    /** Renders to text always (no native types). */
    public String renderString(String text, Map<String, Object> vars) {
        throw new UnsupportedOperationException("TODO(template helper)");
    }

    /** Renders a template file's text the way the template module does (trim_blocks on). */
    public String renderFile(String templateText, Map<String, Object> vars) {
        throw new UnsupportedOperationException("TODO(template helper)");
    }

    /** Evaluates a bare expression (no braces) with native types. */
    public Object evaluate(String expression, Map<String, Object> vars) {
        throw new UnsupportedOperationException("TODO(template helper)");
    }

    /**
     * Evaluates a conditional as {@code when:} / {@code changed_when:} / {@code failed_when:} /
     * {@code until:} do: a bool, a bare expression string, a {{ }} string, or a list of those
     * (all must hold).
     */
    public boolean conditional(Object condition, Map<String, Object> vars) {
        throw new UnsupportedOperationException("TODO(template helper)");
    }
}
