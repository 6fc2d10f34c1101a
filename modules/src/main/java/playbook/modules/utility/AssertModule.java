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
            .arg("fail_msg", ArgType.RAW).aliases("msg")
            .arg("success_msg", ArgType.RAW)
            .arg("quiet", ArgType.BOOL).defaultValue(false)
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
