package playbook.engine.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Names to suggest for a misspelt action when the caller gave only a predicate: Ansible's
 * commonly used ansible.builtin modules and the engine's actions, kept to those the predicate accepts.
 */
final class KnownActions {
    private KnownActions() {}

    static final List<String> COMMON = List.of(
            "add_host", "apt", "apt_key", "apt_repository", "assemble", "assert", "async_status", "blockinfile",
            "command", "copy", "cron", "debconf", "debug", "dnf", "dpkg_selections", "expect", "fail", "fetch",
            "file", "find", "gather_facts", "get_url", "getent", "git", "group", "group_by", "hostname",
            "import_role", "import_tasks", "include_role", "include_tasks", "include_vars", "iptables",
            "known_hosts", "lineinfile", "meta", "mount", "package", "package_facts", "pause", "ping", "pip",
            "raw", "reboot", "replace", "rpm_key", "script", "service", "service_facts", "set_fact", "set_stats",
            "setup", "shell", "slurp", "stat", "subversion", "synchronize", "systemd", "systemd_service", "sysvinit",
            "tempfile", "template", "unarchive", "uri", "user", "validate_argument_spec", "wait_for",
            "wait_for_connection", "yum", "yum_repository", "archive", "authorized_key", "sysctl", "timezone",
            "ufw");

    /** The common names the predicate accepts, plus the engine's built-in actions. */
    static List<String> filter(Predicate<String> isAction) {
        List<String> out = new ArrayList<>();
        for (String name : COMMON) {
            if (Keywords.BUILTIN_ACTIONS.contains(name) || safeTest(isAction, name)) out.add(name);
        }
        return out;
    }

    private static boolean safeTest(Predicate<String> isAction, String name) {
        try {
            return isAction.test(name);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
