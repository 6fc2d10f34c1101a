package playbook.modules.system;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

/**
 * ansible.builtin.systemd (also systemd_service): {@code daemon_reload} first (never a change,
 * as in Ansible), then {@link ServiceControl} with {@link SystemdManager}; returns the unit's
 * {@code systemctl show} properties as {@code status}.
 */
public final class SystemdModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("name", ArgType.STR).aliases("service", "unit")
            .arg("state", ArgType.STR).choices("reloaded", "restarted", "started", "stopped")
            .arg("enabled", ArgType.BOOL)
            .arg("daemon_reload", ArgType.BOOL).defaultValue(false).aliases("daemon-reload")
            .arg("daemon_reexec", ArgType.BOOL).defaultValue(false).aliases("daemon-reexec")
            .arg("scope", ArgType.STR).defaultValue("system").choices("system", "user", "global")
            .arg("no_block", ArgType.BOOL).defaultValue(false)
            .arg("force", ArgType.BOOL)
            .requiredOneOf("state", "enabled", "daemon_reload", "daemon_reexec")
            .build();

    @Override public String name() { return "systemd"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        if ((args.has("state") || args.has("enabled")) && !args.has("name"))
            return Result.failed("missing parameter(s) required by 'state' or 'enabled': name");
        for (String op : new String[] {"daemon-reload", "daemon-reexec"}) {
            if (!args.bool(op.replace('-', '_')) || target.checkMode()) continue;
            ExecResult er = target.apply("systemctl " + op);
            if (er.ran() && !er.ok())
                return Result.failed("failure " + er.rc() + " during " + op + ": " + er.stderr().trim() + " (" + target.host() + ")");
        }
        if (!args.has("name")) return Result.ok().put("name", null).put("status", java.util.Map.of());
        return ServiceControl.run(new SystemdManager(), args, target);
    }
}
