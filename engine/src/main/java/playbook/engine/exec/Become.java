package playbook.engine.exec;

import playbook.engine.api.Shell;

/**
 * Privilege escalation: wraps a command so it runs as another user. The wrapper is built here
 * only, and every piece of it goes through {@link Shell#quote}.
 */
record Become(boolean enabled, String method, String user, String flags) {
    static final Become NONE = new Become(false, "sudo", "root", "");

    /** The command as it must be sent; unchanged when become is off. */
    String wrap(String command) {
        if (!enabled) return command;
        String u = user == null || user.isBlank() ? "root" : user;
        String f = flags == null || flags.isBlank() ? "" : flags.trim() + " ";
        return switch (method == null ? "sudo" : method) {
            case "su" -> "su " + f + "-s /bin/sh " + Shell.quote(u) + " -c " + Shell.quote(command);
            case "doas" -> "doas " + f + "-u " + Shell.quote(u) + " /bin/sh -c " + Shell.quote(command);
            default -> "sudo " + (f.isEmpty() ? "-H -S -n " : f) + "-u " + Shell.quote(u) + " /bin/sh -c " + Shell.quote(command);
        };
    }
}
