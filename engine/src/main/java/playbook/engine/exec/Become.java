package playbook.engine.exec;

import playbook.engine.api.Shell;

import java.util.UUID;

/**
 * Privilege escalation: wraps a command so it runs as another user. The wrapper is built here
 * only, and every piece of it goes through {@link Shell#quote}. A become password is never part
 * of the wrapper: it goes to the command's stdin when the unique prompt appears
 * ({@link playbook.engine.connection.BecomeRunner}).
 *
 * @param password the become password for this task, or null to use the host's (-K, ansible_become_password)
 */
record Become(boolean enabled, String method, String user, String flags, String password) {
    static final Become NONE = new Become(false, "sudo", "root", "");

    Become(boolean enabled, String method, String user, String flags) {
        this(enabled, method, user, flags, null);
    }

    String effectiveMethod() {
        return method == null || method.isBlank() ? "sudo" : method;
    }

    String effectiveUser() {
        return user == null || user.isBlank() ? "root" : user;
    }

    /** The command as it must be sent when no password is involved; unchanged when become is off. */
    String wrap(String command) {
        if (!enabled) return command;
        String u = effectiveUser();
        String f = flags == null || flags.isBlank() ? "" : flags.trim() + " ";
        return switch (effectiveMethod()) {
            case "su" -> "su " + f + "-s /bin/sh " + Shell.quote(u) + " -c " + Shell.quote(command);
            case "doas" -> "doas " + f + "-u " + Shell.quote(u) + " /bin/sh -c " + Shell.quote(command);
            default -> "sudo " + (f.isEmpty() ? "-H -S -n " : f) + "-u " + Shell.quote(u) + " /bin/sh -c " + Shell.quote(command);
        };
    }

    /** Markers for one password-driven escalation: a prompt nobody else prints, and a success line. */
    record Markers(String prompt, String success) {
        static Markers fresh() {
            String id = UUID.randomUUID().toString().replace("-", "");
            return new Markers("[playbook-become-password-" + id + "]:", "BECOME-SUCCESS-" + id);
        }
    }

    /** True when this method can take a password on stdin with a custom prompt (sudo -S -p). */
    boolean supportsPassword() {
        return effectiveMethod().equals("sudo");
    }

    /**
     * The sudo wrapper for a password on stdin: {@code -S} reads it, {@code -p} sets the unique
     * prompt, {@code -n} is dropped, and the command first prints the success marker.
     */
    String wrapWithPassword(String command, Markers m) {
        String f = flags == null || flags.isBlank() ? "-H -S" : flags.trim();
        f = (" " + f + " ").replace(" -n ", " ").replace(" --non-interactive ", " ").trim();
        if (!(" " + f + " ").contains(" -S ")) f = f + " -S";
        return "sudo " + f + " -p " + Shell.quote(m.prompt()) + " -u " + Shell.quote(effectiveUser()) + " /bin/sh -c "
                + Shell.quote("echo " + m.success() + "; " + command);
    }
}
