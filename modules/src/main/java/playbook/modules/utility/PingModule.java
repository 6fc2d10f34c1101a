package playbook.modules.utility;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

/**
 * ansible.builtin.ping: proves the host runs commands (one {@code true} round trip) and returns
 * {@code ping: data}. {@code data=crash} fails on purpose, as in Ansible.
 */
public final class PingModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("data", ArgType.STR).defaultValue("pong")
            .build();

    @Override public String name() { return "ping"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String data = args.str("data");
        if (data.equals("crash")) throw new ModuleException("boom");
        var er = target.probe("true");
        if (!er.ok()) return Result.failed("ping: 'true' exited " + er.rc() + " on " + target.host() + ": " + er.stderr().trim());
        return Result.ok().put("ping", data);
    }
}
