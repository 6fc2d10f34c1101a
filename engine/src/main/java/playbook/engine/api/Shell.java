package playbook.engine.api;

import java.util.List;
import java.util.StringJoiner;

/**
 * The one shell-quoting helper (DESIGN.md rule 6). Everything that crosses the network as part
 * of a command line goes through {@link #quote(String)}.
 */
public final class Shell {
    private Shell() {}

    /**
     * POSIX single-quote quoting; safe for sh, dash, bash, BusyBox ash and zsh. A NUL byte cannot
     * be passed in a shell word at all, so it is refused rather than silently truncating the value.
     */
    public static String quote(String s) {
        if (s == null) return "''";
        if (s.indexOf('\0') >= 0) {
            throw new playbook.engine.ModuleException("a value contains a NUL byte, which no shell argument can carry: "
                    + s.substring(0, s.indexOf('\0')) + "\\0...");
        }
        if (!s.isEmpty() && s.chars().allMatch(Shell::safe)) return s;
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /** Quotes each word and joins them with spaces. */
    public static String join(List<String> argv) {
        StringJoiner j = new StringJoiner(" ");
        for (String a : argv) j.add(quote(a));
        return j.toString();
    }

    private static boolean safe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '.' || c == '/' || c == ':' || c == '=' || c == '@'
                || c == '%' || c == '+' || c == ',';
    }
}
