package playbook.modules.system;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Shell;

import java.util.Map;

/**
 * SysV init through {@code service} (or the init script itself): status exit code 0 means
 * running; an {@code S??NAME} link in {@code /etc/rc[2-5].d} means enabled;
 * {@code update-rc.d} (Debian) or {@code chkconfig} (Red Hat) change it.
 */
final class SysvManager implements ServiceManager {
    @Override public String name() { return "sysvinit"; }

    @Override public String probe(String name) {
        String n = Shell.quote(name);
        return "[ -x /etc/init.d/" + n + " ] && echo exists; "
                + "if command -v service >/dev/null 2>&1; then service " + n + " status; else /etc/init.d/" + n + " status; fi"
                + " >/dev/null 2>&1 && echo running; for l in /etc/rc[2345].d/S??" + n + "; do [ -e \"$l\" ] && echo enabled; done; "
                + "command -v update-rc.d >/dev/null 2>&1 && echo tool=update-rc.d; "
                + "command -v chkconfig >/dev/null 2>&1 && echo tool=chkconfig; true";
    }

    @Override public State parse(ExecResult er) {
        String o = "\n" + er.stdout();
        String tool = o.contains("\ntool=update-rc.d") ? "update-rc.d" : o.contains("\ntool=chkconfig") ? "chkconfig" : "";
        return new State(o.contains("\nexists"), o.contains("\nrunning"), o.contains("\nenabled"), Map.of("tool", tool));
    }

    /** enable/disable need update-rc.d or chkconfig; without either (a BusyBox userland) say so, in check mode too. */
    @Override public String cannot(String action, State state) {
        boolean links = action.equals("enable") || action.equals("disable");
        return links && state.status().getOrDefault("tool", "").isEmpty()
                ? "neither update-rc.d nor chkconfig is installed to " + action + " it" : null;
    }

    @Override public String command(String action, String name, State state) {
        String n = Shell.quote(name);
        String tool = state.status().getOrDefault("tool", "");
        return switch (action) {
            case "enable" -> tool.equals("chkconfig") ? "chkconfig " + n + " on" : "update-rc.d " + n + " defaults && update-rc.d " + n + " enable";
            case "disable" -> tool.equals("chkconfig") ? "chkconfig " + n + " off" : "update-rc.d " + n + " disable";
            default -> "if command -v service >/dev/null 2>&1; then service " + n + " " + action + "; else /etc/init.d/" + n + " " + action + "; fi";
        };
    }
}
