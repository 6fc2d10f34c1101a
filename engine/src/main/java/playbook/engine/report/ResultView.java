package playbook.engine.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A task result as Ansible's callbacks see and print it. {@link #of} is {@code TaskResult.clean_copy}
 * (censor no_log results, drop "failed"/"skipped", keep only the internal keys callbacks read);
 * {@link #cleanDebug} is {@code _clean_results}; {@link #dump} is {@code _dump_results}.
 *
 * <p>Internal keys the runner may put in a result map, all stripped before printing:
 * {@code _ansible_verbose_always} (debug/assert: always show the result, indented),
 * {@code _ansible_verbose_override} (never show it, e.g. gather_facts), {@code _ansible_item_label}
 * (loop_control.label), {@code _ansible_delegated_vars} (delegated ansible_host) and
 * {@code _ansible_action} (the module's name, so debug output is trimmed like Ansible's; without
 * it, a result marked verbose-always is taken to be debug's).
 */
final class ResultView {
    static final String CENSORED =
            "the output has been hidden due to the fact that 'no_log: true' was specified for this result";
    private static final List<String> PRESERVE = List.of("attempts", "changed", "retries");
    private static final Set<String> CLEAN_EXCEPTIONS = Set.of("_ansible_verbose_always", "_ansible_item_label",
            "_ansible_no_log", "_ansible_verbose_override");
    private static final Set<String> DEBUG_ALLOWED = Set.of("msg", "exception", "warnings", "deprecations");
    private static final List<String> HIDE_IN_DEBUG = List.of("changed", "failed", "skipped", "invocation", "skip_reason");
    private static final Set<String> DEBUG_ACTIONS = Set.of("debug", "ansible.builtin.debug", "ansible.legacy.debug");

    private ResultView() {}

    /** The callback's copy of a result: censored for no_log, else a deep copy without status keys. */
    static Map<String, Object> of(HostResult r) {
        Map<String, Object> raw = r.result() == null ? Map.of() : r.result();
        Map<String, Object> out = new LinkedHashMap<>();
        if (r.noLog() || Boolean.TRUE.equals(raw.get("_ansible_no_log"))) {
            out.put("censored", CENSORED);
            for (String k : PRESERVE) if (raw.containsKey(k)) out.put(k, raw.get(k));
            if (!out.containsKey("changed")) out.put("changed", r.status() == Status.CHANGED);
            return out;
        }
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String k = e.getKey();
            if (k.equals("failed") || k.equals("skipped")) continue;
            if (k.equals("invocation") && isDebug(raw)) continue;
            if (k.startsWith("_ansible_") && !CLEAN_EXCEPTIONS.contains(k)) continue;
            out.put(k, copy(e.getValue(), true));
        }
        return out;
    }

    static boolean isDebug(Map<String, Object> raw) {
        Object action = raw.get("_ansible_action");
        if (action != null) return DEBUG_ACTIONS.contains(action.toString());
        return Boolean.TRUE.equals(raw.get("_ansible_verbose_always"));
    }

    /** {@code _clean_results}: debug shows only its msg, or only the variable it was asked for. */
    static void cleanDebug(Map<String, Object> view, boolean debug) {
        if (!debug) return;
        if (view.containsKey("msg")) {
            view.keySet().removeIf(k -> !DEBUG_ALLOWED.contains(k) && !k.startsWith("_"));
        } else {
            HIDE_IN_DEBUG.forEach(view::remove);
        }
    }

    /** {@code _run_is_verbose}: shown with -v beyond {@code threshold}, or always for debug. */
    static boolean isVerbose(Map<String, Object> view, int verbosity, int threshold) {
        return (verbosity > threshold || Boolean.TRUE.equals(view.get("_ansible_verbose_always")))
                && !Boolean.TRUE.equals(view.get("_ansible_verbose_override"));
    }

    /** {@code _dump_results}: internal keys, invocation/diff (below -vvv) and exception removed, then JSON. */
    static String dump(Map<String, Object> view, int verbosity) {
        boolean indent = Boolean.TRUE.equals(view.get("_ansible_verbose_always")) || verbosity > 2;
        @SuppressWarnings("unchecked")
        Map<String, Object> abridged = (Map<String, Object>) copy(view, false);
        if (verbosity < 3) {
            abridged.remove("invocation");
            abridged.remove("diff");
        }
        abridged.remove("exception");
        return AnsibleJson.dumps(abridged, indent);
    }

    /** Deep copy of maps and lists; {@code keepInternal=false} drops every {@code _ansible_} key on the way. */
    private static Object copy(Object v, boolean keepInternal) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (!keepInternal && e.getKey() instanceof String && k.startsWith("_ansible_")) continue;
                out.put(k, copy(e.getValue(), keepInternal));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(copy(o, keepInternal));
            return out;
        }
        return v;
    }

    /** {@code _get_item_label}: loop_control.label, else the item; a censored result has neither ("None"). */
    static String itemLabel(HostResult r, Map<String, Object> view) {
        if (Boolean.TRUE.equals(view.get("_ansible_no_log"))) return "(censored due to no_log)";
        if (view.containsKey("censored")) return "None";
        if (view.containsKey("_ansible_item_label")) return PythonRepr.str(view.get("_ansible_item_label"));
        if (r.item() != null) return PythonRepr.str(r.item());
        return PythonRepr.str(view.get("item"));
    }

    /** {@code host_label}: "host", or "host -> delegate" (plus "(ansible_host)" when that differs). */
    static String hostLabel(HostResult r) {
        String label = r.host();
        String d = r.delegatedTo();
        if (d != null && !d.equals(r.host())) {
            label += " -> " + d;
            Object vars = r.result() == null ? null : r.result().get("_ansible_delegated_vars");
            if (vars instanceof Map<?, ?> m && m.get("ansible_host") != null && !d.equals(String.valueOf(m.get("ansible_host")))) {
                label += "(" + m.get("ansible_host") + ")";
            }
        }
        return label;
    }
}
