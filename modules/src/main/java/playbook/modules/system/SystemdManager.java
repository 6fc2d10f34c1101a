package playbook.modules.system;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * systemd: {@code systemctl show} (Ansible's status dict) plus {@code systemctl is-enabled} and
 * whether a SysV init script exists, in one probe. Running means ActiveState active or
 * activating; enabled means is-enabled exits 0 and does not say indirect or alias.
 */
final class SystemdManager implements ServiceManager {
    static final String ENABLED = "__pb_is_enabled__";

    @Override public String name() { return "systemd"; }

    @Override public String probe(String name) {
        String n = Shell.quote(name);
        return "systemctl show " + n + " --no-pager 2>&1; echo " + ENABLED + "; systemctl is-enabled " + n
                + " 2>/dev/null; echo \"rc=$?\"; [ -x /etc/init.d/" + n + " ] && echo initd; true";
    }

    @Override public State parse(ExecResult er) {
        Map<String, String> status = new LinkedHashMap<>();
        String out = er.stdout();
        int mark = out.indexOf(ENABLED + "\n");
        String show = mark < 0 ? out : out.substring(0, mark);
        for (String line : show.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith(" ")) status.put(line.substring(0, eq), line.substring(eq + 1));
        }
        boolean enabled = false;
        boolean initd = false;
        if (mark >= 0) {
            List<String> tail = List.of(out.substring(mark + ENABLED.length() + 1).split("\n"));
            String word = tail.isEmpty() ? "" : tail.get(0).trim();
            enabled = tail.contains("rc=0") && !word.equals("indirect") && !word.equals("alias");
            initd = tail.contains("initd");
        }
        String load = status.getOrDefault("LoadState", "not-found");
        boolean exists = !load.equals("not-found") || initd;
        String active = status.getOrDefault("ActiveState", "");
        boolean running = active.equals("active") || active.equals("activating");
        return new State(exists, running, enabled, status);
    }

    /** systemctl's own words when systemd is not PID 1 or systemctl is missing (a container, a chroot, a BusyBox box). */
    @Override public String unavailable(ExecResult er) {
        for (String line : er.stdout().split("\n")) {
            if (line.startsWith(ENABLED)) break;
            if (line.contains("not been booted with systemd") || line.startsWith("Failed to connect to bus")
                    || line.matches(".*systemctl: (command )?not found.*")) return line.trim();
        }
        return null;
    }

    @Override public String command(String action, String name, State state) {
        return "systemctl " + action + " " + Shell.quote(name);
    }

    /** True when the unit is deactivating (Ansible stops it too). */
    static boolean deactivating(State s) {
        return "deactivating".equals(s.status().get("ActiveState"));
    }
}
