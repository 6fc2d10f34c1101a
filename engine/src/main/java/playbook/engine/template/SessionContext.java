package playbook.engine.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;

/**
 * The per-call root context: variables come from the {@link Session} (lazily, with
 * {@link Undefined} for missing ones), and an unknown filter or test is an error, as in Jinja,
 * rather than Jinjava's silent empty result.
 */
final class SessionContext extends Context {
    final Session session;

    SessionContext(Context global, Session session) {
        super(global, null, null, true);
        this.session = session;
        setDynamicVariableResolver(session::lookup);
    }

    @Override
    public Filter getFilter(String name) {
        Filter f = super.getFilter(name);
        if (f == null) throw unknown("filter", name);
        return f;
    }

    @Override
    public ExpTest getExpTest(String name) {
        ExpTest t = super.getExpTest(name);
        if (t == null) throw unknown("test", name);
        return t;
    }

    private static RuntimeException unknown(String kind, String name) {
        playbook.engine.TemplateException e = new playbook.engine.TemplateException(
                "template error while templating string: Could not load \"" + name + "\": '" + name
                        + "' (no such " + kind + ")");
        Session.recordFailure(e);
        return e;
    }
}
