package playbook.modules.system;

import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

/**
 * The state machine shared by the service and systemd modules, as Ansible runs it: one status
 * probe, then enable/disable when {@code enabled} differs, then start/stop/restart/reload as
 * {@code state} asks (restarted and reloaded always change; reloaded starts a stopped service).
 */
final class ServiceControl {
    private ServiceControl() {}

    static Result run(ServiceManager mgr, Args args, Target target) {
        String name = args.str("name");
        ExecResult probe = target.probe(mgr.probe(name));
        ServiceManager.State st = mgr.parse(probe);
        Result r = Result.ok().put("name", name);
        if (mgr instanceof SystemdManager) r.put("status", st.status());
        if (!st.exists() && (args.has("enabled") || args.has("state"))) {
            String down = mgr.unavailable(probe);
            return Result.failed("Could not find the requested service " + name + ": host (" + mgr.name() + " on "
                    + target.host() + (down == null ? "" : ": " + down) + ")").put("name", name);
        }
        if (args.has("enabled")) {
            boolean want = args.bool("enabled");
            boolean cur = st.enabled() != null && st.enabled();
            r.put("enabled", want);
            if (want != cur) {
                String failure = act(mgr, want ? "enable" : "disable", name, st, target);
                if (failure != null) return Result.failed(failure).put("name", name);
                r.changed(true);
            }
        }
        if (args.has("state")) {
            String state = args.str("state");
            String action = switch (state) {
                case "started" -> st.running() ? null : "start";
                case "stopped" -> st.running() || SystemdManager.deactivating(st) ? "stop" : null;
                case "restarted" -> st.running() ? "restart" : "start";
                case "reloaded" -> st.running() ? "reload" : "start";
                default -> null;
            };
            r.put("state", mgr instanceof SystemdManager && (state.equals("restarted") || state.equals("reloaded")) ? "started" : state);
            if (action != null) {
                String failure = act(mgr, action, name, st, target);
                if (failure != null) return Result.failed(failure).put("name", name);
                r.changed(true);
            }
        }
        return r;
    }

    /** Runs one action; returns a failure message, or null. */
    private static String act(ServiceManager mgr, String action, String name, ServiceManager.State st, Target target) {
        String cannot = mgr.cannot(action, st);
        if (cannot != null) return "Unable to " + action + " service " + name + ": " + cannot + " (" + mgr.name() + " on " + target.host() + ")";
        ExecResult er = target.apply(mgr.command(action, name, st));
        if (!er.ran() || er.ok()) return null;
        String why = (er.stdout() + er.stderr()).trim();
        return "Unable to " + action + " service " + name + ": " + why + " (" + mgr.name() + " on " + target.host() + ")";
    }
}
