package playbook.engine.graph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a task inherits from the play, role, blocks and imports around it. Scalar keywords:
 * the nearest wins. {@code when}: all conditions, outermost first. {@code tags}: union.
 * {@code vars}: every section, outermost first.
 */
record Scope(Map<String, Object> keywords, List<Object> when, Set<String> tags, List<Map<String, Object>> vars,
             Map<String, Object> includeParams, RoleContext role, Path baseDir, boolean handler) {

    /** Keywords a block, role or play passes on to the tasks inside it. */
    static final Set<String> INHERITED = Set.of("become", "become_user", "become_method", "become_flags",
            "become_exe", "check_mode", "diff", "environment", "ignore_errors", "ignore_unreachable", "no_log",
            "any_errors_fatal", "connection", "remote_user", "port", "throttle", "timeout", "run_once",
            "delegate_to", "delegate_facts", "module_defaults", "debugger");

    static Scope root(Path baseDir) {
        return new Scope(Map.of(), List.of(), Set.of(), List.of(), Map.of(), null, baseDir, false);
    }

    /** The scope inside something that carries these keywords (a block, a role ref, an import, a task). */
    Scope child(Map<String, Object> kw, boolean includeTaskOnlyKeywords) {
        if (kw == null || kw.isEmpty()) return this;
        Map<String, Object> k = new LinkedHashMap<>(keywords);
        List<Object> w = new ArrayList<>(when);
        Set<String> t = new LinkedHashSet<>(tags);
        List<Map<String, Object>> v = new ArrayList<>(vars);
        for (Map.Entry<String, Object> e : kw.entrySet()) {
            switch (e.getKey()) {
                case "when" -> {
                    if (e.getValue() instanceof List<?> l) w.addAll(l);
                    else if (e.getValue() != null) w.add(e.getValue());
                }
                case "tags" -> t.addAll(tagList(e.getValue()));
                case "vars" -> {
                    if (e.getValue() instanceof Map<?, ?> m) v.add(stringKeys(m));
                }
                case "environment" -> {
                    // environments stack: the play's, then each block's, then the task's (inner wins per key)
                    List<Object> env = new ArrayList<>();
                    Object outer = k.get("environment");
                    if (outer instanceof List<?> l) env.addAll(l); else if (outer != null) env.add(outer);
                    if (e.getValue() instanceof List<?> l) env.addAll(l); else if (e.getValue() != null) env.add(e.getValue());
                    k.put("environment", List.copyOf(env));
                }
                default -> {
                    if (includeTaskOnlyKeywords || INHERITED.contains(e.getKey())) k.put(e.getKey(), e.getValue());
                }
            }
        }
        return new Scope(Collections.unmodifiableMap(k), List.copyOf(w), Collections.unmodifiableSet(t), List.copyOf(v),
                includeParams, role, baseDir, handler);
    }

    Scope withRole(RoleContext r) {
        return new Scope(keywords, when, tags, vars, includeParams, r, r == null ? baseDir : r.path().resolve("tasks"), handler);
    }

    Scope withBaseDir(Path dir) {
        return new Scope(keywords, when, tags, vars, includeParams, role, dir, handler);
    }

    Scope withIncludeParams(Map<String, Object> params) {
        if (params == null || params.isEmpty()) return this;
        Map<String, Object> p = new LinkedHashMap<>(includeParams);
        p.putAll(params);
        return new Scope(keywords, when, tags, vars, Collections.unmodifiableMap(p), role, baseDir, handler);
    }

    Scope asHandler() {
        return new Scope(keywords, when, tags, vars, includeParams, role, baseDir, true);
    }

    static Set<String> tagList(Object v) {
        Set<String> out = new LinkedHashSet<>();
        if (v instanceof List<?> l) for (Object o : l) out.addAll(tagList(o));
        else if (v != null) for (String s : String.valueOf(v).split(",")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((a, b) -> out.put(String.valueOf(a), b));
        return Collections.unmodifiableMap(out);
    }
}
