package playbook.modules.system;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Shell;

import java.util.Map;

/**
 * OpenRC (Alpine): {@code rc-service NAME status} for running, a link in any
 * {@code /etc/runlevels/*} for enabled, {@code rc-update add|del NAME} to change it.
 */
final class OpenRcManager implements ServiceManager {
    @Override public String name() { return "openrc"; }

    @Override public String probe(String name) {
        String n = Shell.quote(name);
        return "[ -e /etc/init.d/" + n + " ] && echo exists; rc-service " + n + " status >/dev/null 2>&1 && echo running; "
                + "for l in /etc/runlevels/*/" + n + "; do [ -e \"$l\" ] && echo enabled; done; true";
    }

    @Override public State parse(ExecResult er) {
        String o = "\n" + er.stdout();
        return new State(o.contains("\nexists"), o.contains("\nrunning"), o.contains("\nenabled"), Map.of());
    }

    @Override public String command(String action, String name, State state) {
        String n = Shell.quote(name);
        return switch (action) {
            case "enable" -> "rc-update add " + n + " default";
            case "disable" -> "rc-update del " + n;
            default -> "rc-service " + n + " " + action;
        };
    }
}
