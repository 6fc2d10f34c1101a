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
            .doc("The failure message (a string or any value).")
            .summary("Fail the task with a message")
            .description("Fails at once with msg; combine with when: to stop a host for a reason you check yourself.")
            .notes("Nothing runs on the host. Fails in check mode too.")
            .example("""
                - name: Refuse to restore over a running service
                  fail:
                    msg: "stop {{ item }} before restoring it"
                  loop: "{{ running_services }}"
                  when: item in restore_services
                """)
            .build();

    @Override public String name() { return "fail"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        Object msg = args.get("msg");
        return msg instanceof String s ? Result.failed(s) : Result.failed(Conversions.toStr(msg)).put("msg", msg);
    }
}
