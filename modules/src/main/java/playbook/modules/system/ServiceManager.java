package playbook.modules.system;

import playbook.engine.api.ExecResult;

import java.util.Map;

/**
 * One init system as the service modules drive it: a read-only status probe for a service, a
 * pure parser of its output, and the command for an action ({@code start, stop, restart,
 * reload, enable, disable}). Implementations: {@link SystemdManager}, {@link OpenRcManager},
 * {@link SysvManager}, {@link LaunchdManager}.
 */
interface ServiceManager {
    /** What the probe found. {@code enabled} is null when the manager cannot tell. */
    record State(boolean exists, boolean running, Boolean enabled, Map<String, String> status) {}

    /** The name Ansible's service_mgr fact uses: systemd, openrc, sysvinit, launchd. */
    String name();

    /** The status probe for service {@code name}. */
    String probe(String name);

    /** Parses the probe's output. */
    State parse(ExecResult er);

    /** Why the init system itself cannot be asked (not running, not installed), from the probe's output; null when it answered. */
    default String unavailable(ExecResult er) {
        return null;
    }

    /** Why {@code action} cannot be done on this host at all (a missing tool), known from the probe; null when it can. */
    default String cannot(String action, State state) {
        return null;
    }

    /** The shell command that performs {@code action} on service {@code name}. */
    String command(String action, String name, State state);
}
