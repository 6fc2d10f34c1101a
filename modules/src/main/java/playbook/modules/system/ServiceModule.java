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
            .doc("The service's name.")
            .arg("state", ArgType.STR).choices("reloaded", "restarted", "started", "stopped")
            .doc("started/stopped: start or stop it when needed; restarted and reloaded always act (reloaded starts a stopped service).")
            .arg("enabled", ArgType.BOOL)
            .doc("Whether it starts at boot; changed only when it differs.")
            .arg("sleep", ArgType.INT)
            .doc("Accepted for compatibility; not used (restart is one stop+start by the init system).")
            .arg("pattern", ArgType.STR)
            .doc("Accepted for compatibility; not used (status comes from the init system).")
            .arg("runlevel", ArgType.STR).defaultValue("default")
            .doc("Accepted for compatibility; OpenRC services are enabled in the default runlevel.")
            .arg("arguments", ArgType.STR).defaultValue("").aliases("args")
            .doc("Accepted for compatibility; not passed to the init script.")
            .arg("use", ArgType.STR).defaultValue("auto")
            .doc("The init system: auto detects it once per host (systemd, openrc, launchd, sysvinit); or name one of those.")
            .requiredOneOf("state", "enabled")
            .summary("Start, stop, restart or enable a service, whatever the init system")
            .description("Detects the host's init system once (systemd when /run/systemd/system exists, then OpenRC, launchd, SysV service) and drives it: one status probe, then enable/disable if enabled differs, then start/stop/restart/reload as state asks.")
            .notes("Idempotent for started, stopped and enabled. Check mode reports what would change without running it.",
                    "Needs root (become) for system services.")
            .returns("name", "The service name.")
            .returns("state", "Its state afterwards.")
            .returns("enabled", "Whether it is enabled.")
            .example("""
                - name: Docker runs and starts at boot before the services are restored
                  service:
                    name: docker
                    state: started
                    enabled: true
                  become: true
                """)
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
