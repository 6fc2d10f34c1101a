package playbook.modules.utility;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Conversions;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

/** ansible.builtin.fail: fails the task with {@code msg}. */
public final class FailModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("msg", ArgType.RAW).defaultValue("Failed as requested from task")
            .build();

    @Override public String name() { return "fail"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        Object msg = args.get("msg");
        return msg instanceof String s ? Result.failed(s) : Result.failed(Conversions.toStr(msg)).put("msg", msg);
    }
}
