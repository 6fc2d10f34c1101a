package playbook.engine.template;

import com.hubspot.jinjava.lib.filter.Filter;
import java.util.function.Consumer;
import playbook.engine.TemplateException;
import playbook.engine.parse.YamlLoader;

/** Serialisation filters: to_json, to_nice_json, from_json, to_yaml, to_nice_yaml, from_yaml. */
final class DataFilters {
    private DataFilters() {}

    static void register(Consumer<Filter> r) {
        r.accept(new FilterDef("to_json", false, (v, a, i) -> PyJson.dumps(v, (int) Values.toLong(a.named().getOrDefault("indent", 0L)),
                Values.truthy(a.named().getOrDefault("sort_keys", false)))));
        r.accept(new FilterDef("to_nice_json", false, (v, a, i) -> PyJson.dumps(v, (int) Values.toLong(a.get(0, "indent", 4L)),
                Values.truthy(a.named().getOrDefault("sort_keys", true)))));
        r.accept(new FilterDef("from_json", false, (v, a, i) -> PyJson.loads(Values.str(v))));
        r.accept(new FilterDef("to_yaml", false, (v, a, i) -> PyYaml.dump(v, false, (int) Values.toLong(a.named().getOrDefault("indent", 2L)))));
        r.accept(new FilterDef("to_nice_yaml", false, (v, a, i) -> PyYaml.dump(v, true, (int) Values.toLong(a.get(0, "indent", 4L)))));
        r.accept(new FilterDef("from_yaml", false, (v, a, i) -> fromYaml(Values.str(v))));
    }

    static Object fromYaml(String text) {
        try {
            return Values.toPlain(new YamlLoader(w -> { }).loadString(text, "from_yaml"));
        } catch (RuntimeException e) {
            throw new TemplateException("from_yaml: " + e.getMessage(), e);
        }
    }
}
