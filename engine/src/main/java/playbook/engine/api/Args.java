package playbook.engine.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validated, converted module arguments (canonical names, defaults applied). */
public final class Args {
    private final Map<String, Object> values;

    public Args(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** True when the argument has a non-null value (given or defaulted). */
    public boolean has(String name) { return values.get(name) != null; }

    public Object get(String name) { return values.get(name); }

    public String str(String name) {
        Object v = values.get(name);
        return v == null ? null : Conversions.toStr(v);
    }

    public String str(String name, String dflt) {
        String s = str(name);
        return s == null ? dflt : s;
    }

    public Long integer(String name) {
        Object v = values.get(name);
        return v == null ? null : Conversions.toLong(v);
    }

    public boolean bool(String name) {
        Object v = values.get(name);
        return v != null && Conversions.toBool(v);
    }

    public List<Object> list(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : Conversions.toList(v);
    }

    public List<String> strList(String name) {
        return list(name).stream().map(Conversions::toStr).toList();
    }

    public Map<String, Object> map(String name) {
        Object v = values.get(name);
        return v == null ? Map.of() : Conversions.toDict(v);
    }

    /** All values, for modules such as set_fact that take arbitrary keys. */
    public Map<String, Object> asMap() { return values; }

    @Override public String toString() { return values.toString(); }
}
