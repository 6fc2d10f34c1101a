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
            .doc("The unit's name (docker or docker.service); needed with state or enabled.")
            .arg("state", ArgType.STR).choices("reloaded", "restarted", "started", "stopped")
            .doc("started/stopped: start or stop it when needed; restarted and reloaded always act (reloaded starts a stopped service).")
            .arg("enabled", ArgType.BOOL)
            .doc("Whether it starts at boot; changed only when it differs.")
            .arg("daemon_reload", ArgType.BOOL).defaultValue(false).aliases("daemon-reload")
            .doc("Run systemctl daemon-reload first (after a unit file changed). Never counted as a change, as in Ansible.")
            .arg("daemon_reexec", ArgType.BOOL).defaultValue(false).aliases("daemon-reexec")
            .doc("Run systemctl daemon-reexec first.")
            .arg("scope", ArgType.STR).defaultValue("system").choices("system", "user", "global")
            .doc("Accepted for compatibility; systemctl always runs in the system scope here.")
            .arg("no_block", ArgType.BOOL).defaultValue(false)
            .doc("Accepted for compatibility; systemctl waits for the job to finish.")
            .arg("force", ArgType.BOOL)
            .doc("Accepted for compatibility; not used.")
            .requiredOneOf("state", "enabled", "daemon_reload", "daemon_reexec")
            .summary("Control systemd units: start, stop, restart, enable, daemon-reload")
            .description("Optionally runs systemctl daemon-reload/daemon-reexec, then reads the unit with systemctl show in one probe and runs systemctl enable/disable and start/stop/restart/reload as needed.")
            .notes("Idempotent for started, stopped and enabled. Check mode reports what would change; daemon-reload is skipped in check mode.",
                    "Needs systemd on the host (Debian, Raspberry Pi OS); use service for other init systems. Also answers to systemd_service.")
            .returns("name", "The unit name.")
            .returns("state", "Its state afterwards.")
            .returns("enabled", "Whether it is enabled.")
            .returns("status", "The unit's systemctl show properties (ActiveState, UnitFileState, ...).")
            .example("""
                - name: Pick up the new backup timer and run it daily
                  systemd:
                    name: pi-backup.timer
                    enabled: true
                    state: started
                    daemon_reload: true
                  become: true
                """)
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
