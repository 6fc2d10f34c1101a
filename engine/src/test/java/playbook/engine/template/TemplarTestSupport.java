package playbook.engine.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared fixture: one Templar (as in a run) and the vars the Ansible reference runs used. */
final class TemplarTestSupport {
    static final Templar TEMPLAR = new Templar();

    private TemplarTestSupport() {}

    static Map<String, Object> vars() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("n", 5);
        v.put("s", "hello world");
        v.put("l", new ArrayList<>(List.of(3, 1, 2)));
        v.put("d", map("a", 1, "b", 2));
        v.put("nul", null);
        v.put("t", true);
        v.put("users", List.of(map("name", "alice", "active", true, "age", 30), map("name", "bob", "active", false, "age", 25)));
        v.put("ref", "{{ n + 1 }}");
        v.put("loop_a", "{{ loop_b }}");
        v.put("loop_b", "{{ loop_a }}");
        v.put("path", "/etc/ssh/sshd_config");
        v.put("r_ok", map("changed", false, "rc", 0));
        v.put("r_ch", map("changed", true));
        v.put("r_fail", map("failed", true, "changed", false));
        v.put("r_skip", map("skipped", true, "changed", false));
        return v;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** Renders text (always a String) with the reference vars. */
    static String render(String template) {
        return TEMPLAR.renderString(template, vars());
    }

    static Object eval(String template) {
        return TEMPLAR.template(template, vars());
    }
}
