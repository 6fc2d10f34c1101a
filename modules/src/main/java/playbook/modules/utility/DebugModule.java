package playbook.modules.utility;

import playbook.engine.PlaybookException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Conversions;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

/**
 * ansible.builtin.debug: prints {@code msg} (any type) or the value of the expression {@code var}
 * under the key {@code var}. With {@code verbosity: N} it is skipped ("Verbosity threshold not
 * met.") unless the run is at least that verbose; the current level is read from the magic
 * variable {@code ansible_verbosity} (0 when the engine does not define it).
 */
public final class DebugModule implements Module {
    static final String UNDEFINED = "VARIABLE IS NOT DEFINED!";

    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("msg", ArgType.RAW)
            .doc("What to print: a string or any value (a list, a dict). Default \"Hello world!\".")
            .arg("var", ArgType.RAW).untemplated()
            .doc("The name of a variable or an expression (no {{ }}) whose value is printed under its own name; an undefined one prints VARIABLE IS NOT DEFINED!.")
            .arg("verbosity", ArgType.INT).defaultValue(0L)
            .doc("Print only when the run is at least this verbose (-v is 1); otherwise the task is skipped.")
            .mutuallyExclusive("msg", "var")
            .summary("Print a message or a variable during the run")
            .description("Shows msg, or the value of var, on the console. Evaluated on the controller; nothing runs on the host.")
            .notes("Never changed. Runs the same in check mode.")
            .example("""
                - name: Which archive will the restore use
                  debug:
                    msg: "restoring {{ restore_archive }} onto {{ inventory_hostname }}"

                - name: The whole stat result, only with -vv
                  debug:
                    var: hdd_mount.stat
                    verbosity: 2
                """)
            .build();

    /** Ansible's display flag: the console shows this result even without -v (stripped on register). */
    static final String VERBOSE_ALWAYS = "_ansible_verbose_always";

    @Override public String name() { return "debug"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        long wanted = args.integer("verbosity");
        if (wanted > 0 && wanted > currentVerbosity(target)) {
            return Result.skipped("Verbosity threshold not met.").put("skipped_reason", "Verbosity threshold not met.");
        }
        if (args.has("var")) {
            Object var = args.get("var");
            String expr = Conversions.toStr(var);
            Object value;
            try {
                value = target.evaluate(bare(expr));
            } catch (PlaybookException e) {
                value = UNDEFINED;
            }
            return Result.ok().put(expr, value).put(VERBOSE_ALWAYS, true);
        }
        Object msg = args.has("msg") ? args.get("msg") : "Hello world!";
        Result r = Result.ok().put(VERBOSE_ALWAYS, true);
        return msg instanceof String s ? r.msg(s) : r.put("msg", msg);
    }

    /** {@code "{{ x }}"} and {@code "x"} both name the expression {@code x}. */
    static String bare(String expr) {
        String t = expr.trim();
        if (t.startsWith("{{") && t.endsWith("}}") && t.indexOf("{{", 2) < 0) return t.substring(2, t.length() - 2).trim();
        return t;
    }

    private static long currentVerbosity(Target target) {
        try {
            Object v = target.evaluate("ansible_verbosity");
            return v == null ? 0 : Conversions.toLong(v);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
