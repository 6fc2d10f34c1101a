package playbook.modules.system;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Fact;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

/**
 * ansible.builtin.service: detects the init system once per host (the cached
 * {@link #SERVICE_MGR} fact: systemd when /run/systemd/system exists, then OpenRC, launchd,
 * SysV {@code service}) and drives it through {@link ServiceControl}.
 */
public final class ServiceModule implements Module {
    /** Ansible's ansible_service_mgr, detected the way its facts do (simplified). */
    static final Fact<String> SERVICE_MGR = new Fact<>("service_mgr",
            "if [ -d /run/systemd/system ]; then echo systemd; "
                    + "elif command -v openrc >/dev/null 2>&1 || command -v rc-service >/dev/null 2>&1; then echo openrc; "
                    + "elif command -v launchctl >/dev/null 2>&1; then echo launchd; else echo sysvinit; fi",
            er -> er.stdout().trim());

    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("name", ArgType.STR).required()
            .arg("state", ArgType.STR).choices("reloaded", "restarted", "started", "stopped")
            .arg("enabled", ArgType.BOOL)
            .arg("sleep", ArgType.INT)
            .arg("pattern", ArgType.STR)
            .arg("runlevel", ArgType.STR).defaultValue("default")
            .arg("arguments", ArgType.STR).defaultValue("").aliases("args")
            .arg("use", ArgType.STR).defaultValue("auto")
            .requiredOneOf("state", "enabled")
            .build();

    @Override public String name() { return "service"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String use = args.str("use");
        String mgr = use.equals("auto") ? target.fact(SERVICE_MGR) : use;
        return ServiceControl.run(manager(mgr), args, target);
    }

    static ServiceManager manager(String name) {
        return switch (name) {
            case "systemd" -> new SystemdManager();
            case "openrc" -> new OpenRcManager();
            case "launchd" -> new LaunchdManager();
            default -> new SysvManager();
        };
    }
}
