package playbook.modules.utility;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

import java.util.List;

/**
 * ansible.builtin.assert: evaluates each {@code that} expression like {@code when:}; the first
 * false one fails the task with {@code assertion} and {@code evaluated_to}.
 */
public final class AssertModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("that", ArgType.RAW).required().untemplated()
            .doc("One expression or a list of them, written like when: (no {{ }} needed). The first one that is false fails the task.")
            .arg("fail_msg", ArgType.RAW).aliases("msg")
            .doc("The message when an expression is false (a string or a list of strings).")
            .arg("success_msg", ArgType.RAW)
            .doc("The message when every expression is true.")
            .arg("quiet", ArgType.BOOL).defaultValue(false)
            .doc("Do not show the result on the console unless -v is given.")
            .summary("Check that expressions are true, or fail the task")
            .description("Evaluates each expression in that on the controller, with the host's variables, in order. Nothing runs on the host.")
            .notes("Never changed. Runs the same in check mode.")
            .returns("assertion", "The first expression that was false (on failure).")
            .returns("evaluated_to", "false, on failure.")
            .returns("msg", "fail_msg or success_msg.")
            .example("""
                - name: The HDD holds the backups before we restore from it
                  assert:
                    that:
                      - hdd_mount.stat.exists
                      - hdd_free.stdout | int > 10485760
                    fail_msg: /mnt/hdd is missing or has less than 10 GiB free
                    success_msg: backup disk looks fine
                """)
            .build();

    @Override public String name() { return "assert"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        Object failMsg = message(args.get("fail_msg"), "Assertion failed", "fail_msg or msg");
        Object successMsg = message(args.get("success_msg"), "All assertions passed", "success_msg");
        boolean quiet = args.bool("quiet");
        Object that = args.get("that");
        List<?> thats = that instanceof List<?> l ? l : List.of(that);
        for (Object t : thats) {
            String expr = t instanceof String s ? DebugModule.bare(s) : String.valueOf(t);
            if (t instanceof Boolean b) {
                if (b) continue;
            } else if (target.condition(expr)) {
                continue;
            }
            Result r = Result.failed(null).put("assertion", t).put("evaluated_to", false);
            if (!quiet) r.put(DebugModule.VERBOSE_ALWAYS, true);
            return withMsg(r, failMsg);
        }
        Result ok = Result.ok();
        if (!quiet) ok.put(DebugModule.VERBOSE_ALWAYS, true);
        return withMsg(ok, successMsg);
    }

    private static Object message(Object v, String dflt, String name) {
        if (v == null) return dflt;
        if (v instanceof String) return v;
        if (v instanceof List<?> l) {
            if (l.stream().allMatch(x -> x instanceof String)) return v;
            throw new ModuleException("Type of one of the elements in " + name + " list is not string type");
        }
        throw new ModuleException("Incorrect type for " + name + ", expected a string or list and got "
                + v.getClass().getSimpleName());
    }

    private static Result withMsg(Result r, Object msg) {
        return msg instanceof String s ? r.msg(s) : r.put("msg", msg);
    }
}
