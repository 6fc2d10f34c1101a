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

    /**
     * Whether escalating would change nothing: the login user already is the become user and no
     * become_flags ask for more (a login shell, say). Then commands run as they are, without a
     * sudo (or su, doas) per command: on a root login that was 20-70 ms per task.
     */
    boolean redundantFor(String loginUser) {
        return enabled && loginUser != null && loginUser.equals(effectiveUser()) && (flags == null || flags.isBlank());
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

    /**
     * The wrapper for a password-driven escalation. sudo: {@code -S} reads the password on stdin,
     * {@code -p} sets the unique prompt, {@code -n} is dropped, and the command first prints the
     * success marker. su and doas read it from a terminal only
     * ({@link playbook.engine.connection.BecomeRunner} runs them on one): see {@link #onTerminal}.
     */
    String wrapWithPassword(String command, Markers m) {
        String u = Shell.quote(effectiveUser());
        String f = flags == null || flags.isBlank() ? "" : flags.trim() + " ";
        return switch (effectiveMethod()) {
            // LC_ALL=C keeps su's (PAM's) prompt in English; the command gets the caller's LC_ALL back
            case "su" -> "PLAYBOOK_LC_ALL=\"${LC_ALL-}\" PLAYBOOK_LC_SET=\"${LC_ALL+1}\" LC_ALL=C su " + f + "-s /bin/sh " + u
                    + " -c " + Shell.quote(RESTORE_LOCALE + onTerminal(command, m));
            case "doas" -> "LC_ALL=C doas " + f + "-u " + u + " /bin/sh -c " + Shell.quote(onTerminal(command, m));
            default -> {
                String sf = flags == null || flags.isBlank() ? "-H -S" : flags.trim();
                sf = (" " + sf + " ").replace(" -n ", " ").replace(" --non-interactive ", " ").trim();
                if (!(" " + sf + " ").contains(" -S ")) sf = sf + " -S";
                yield "sudo " + sf + " -p " + Shell.quote(m.prompt()) + " -u " + u + " /bin/sh -c "
                        + Shell.quote("echo " + m.success() + "; " + command);
            }
        };
    }

    /** Undoes the LC_ALL=C that su ran under, when su kept the environment (it does unless -l). */
    private static final String RESTORE_LOCALE = "if [ -n \"${PLAYBOOK_LC_SET+x}\" ]; then if [ -n \"$PLAYBOOK_LC_SET\" ];"
            + " then LC_ALL=$PLAYBOOK_LC_ALL; export LC_ALL; else unset LC_ALL; fi; unset PLAYBOOK_LC_ALL PLAYBOOK_LC_SET; fi; ";

    /**
     * The command as run on a terminal once privileges are gained: raw mode (bytes pass through
     * untranslated, no echo), the success marker, then one line with the length of the task's
     * stdin, then exactly that many bytes as the command's stdin ({@code head -c}); a terminal
     * has no end-of-file of its own.
     */
    static String onTerminal(String command, Markers m) {
        return "stty raw -echo 2>/dev/null; echo " + m.success() + "; IFS= read -r pb_n || exit 125;"
                + " if [ \"$pb_n\" -gt 0 ]; then head -c \"$pb_n\" | { " + command + "\n}; else { " + command + "\n} </dev/null; fi";
    }
}
