package playbook.modules.system;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Shell;

import java.util.Map;

/**
 * launchd (macOS): the job's plist is looked up by label in the LaunchDaemons/LaunchAgents
 * folders; {@code launchctl list LABEL} tells loaded and its PID (running). Enabled means loaded
 * and not disabled; enable/disable are {@code launchctl load -w / unload -w PLIST}, start/stop
 * are {@code launchctl start/stop LABEL} (loading first when needed).
 */
final class LaunchdManager implements ServiceManager {
    @Override public String name() { return "launchd"; }

    @Override public String probe(String name) {
        String n = Shell.quote(name);
        return "for d in /Library/LaunchDaemons /Library/LaunchAgents \"$HOME/Library/LaunchAgents\" /System/Library/LaunchDaemons"
                + " /System/Library/LaunchAgents; do [ -f \"$d\"/" + n + ".plist ] && { echo \"plist=$d/\"" + n
                + ".plist; break; }; done; launchctl list " + n + " 2>/dev/null | grep -E '\"(PID|Label)\"'; true";
    }

    @Override public State parse(ExecResult er) {
        String plist = "";
        boolean loaded = false;
        boolean running = false;
        for (String line : er.stdout().split("\n")) {
            if (line.startsWith("plist=")) plist = line.substring(6);
            if (line.contains("\"Label\"")) loaded = true;
            if (line.contains("\"PID\"")) running = true;
        }
        return new State(!plist.isEmpty() || loaded, running, loaded, Map.of("plist", plist));
    }

    @Override public String command(String action, String name, State state) {
        String n = Shell.quote(name);
        String plist = Shell.quote(state.status().getOrDefault("plist", ""));
        String load = state.enabled() != null && state.enabled() ? "" : "launchctl load -w " + plist + " && ";
        return switch (action) {
            case "enable" -> "launchctl load -w " + plist;
            case "disable" -> "launchctl unload -w " + plist;
            case "start" -> load + "launchctl start " + n;
            case "stop" -> "launchctl stop " + n;
            default -> load + "{ launchctl stop " + n + "; launchctl start " + n + "; }";
        };
    }
}
