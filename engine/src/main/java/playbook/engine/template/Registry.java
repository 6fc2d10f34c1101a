package playbook.engine.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.util.ArrayList;

/** Installs Ansible's filters, tests and functions into a Jinjava, guarding Jinjava's own ones. */
final class Registry {
    private Registry() {}

    static void registerAll(Jinjava jinjava) {
        Context global = jinjava.getGlobalContext();
        for (Filter f : new ArrayList<>(global.getAllFilters())) global.registerFilter(FilterDef.guard(f));
        for (ExpTest t : new ArrayList<>(global.getAllExpTests())) global.registerExpTest(TestDef.guard(t));
        CoreFilters.register(global::registerFilter);
        TextFilters.register(global::registerFilter);
        CollectionFilters.register(global::registerFilter);
        DataFilters.register(global::registerFilter);
        AnsibleTests.register(global::registerExpTest);
        global.registerFilter(new FilterDef(AnsibleParser.SLICE_FILTER, false,
                (v, a, i) -> PySlice.apply(v, a.get(0, null, null), a.get(1, null, null), a.get(2, null, null))));
        function(global, "lookup", "lookup");
        function(global, "query", "query");
        function(global, "q", "query");
        function(global, "dict", "dict");
        function(global, "range", "range");
        function(global, TemplateSource.FORMAT_FUNCTION, "percentFormat");
    }

    private static void function(Context global, String name, String method) {
        Class<?>[] params = method.equals("percentFormat") ? new Class<?>[] {Object.class, Object.class}
                : method.equals("lookup") || method.equals("query") ? new Class<?>[] {String.class, Object[].class}
                : new Class<?>[] {Object[].class};
        global.registerFunction(new ELFunctionDefinition("", name, GlobalFunctions.class, method, params));
    }
}
