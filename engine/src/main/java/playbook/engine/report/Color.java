package playbook.engine.report;

/**
 * Ansible's default colours (constants COLOR_* in ansible-core 2.14) as ANSI SGR codes, and
 * {@link #wrap}, which colours text exactly like Ansible's {@code stringc}: every line is wrapped on
 * its own, so a trailing newline yields an empty coloured segment, as Ansible prints it.
 */
public enum Color {
    OK("0;32"),            // green
    CHANGED("0;33"),       // yellow
    ERROR("0;31"),         // red
    SKIP("0;36"),          // cyan
    UNREACHABLE("1;31"),   // bright red
    WARN("1;35"),          // bright purple
    DEPRECATE("0;35"),     // purple
    DEBUG("1;30"),         // dark gray
    VERBOSE("0;34"),       // blue
    HIGHLIGHT("1;37"),     // white
    DIFF_ADD("0;32"),      // green
    DIFF_REMOVE("0;31"),   // red
    DIFF_LINES("0;36");    // cyan

    private final String sgr;

    Color(String sgr) { this.sgr = sgr; }

    public String sgr() { return sgr; }

    /** {@code ESC[codem text ESC[0m} for each line of {@code text}. */
    public String wrap(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        int start = 0;
        while (true) {
            int nl = text.indexOf('\n', start);
            String part = nl < 0 ? text.substring(start) : text.substring(start, nl);
            sb.append("\033[").append(sgr).append('m').append(part).append("\033[0m");
            if (nl < 0) return sb.toString();
            sb.append('\n');
            start = nl + 1;
        }
    }

    /** {@link #wrap} when {@code enabled}, else {@code text} unchanged. */
    public String wrap(String text, boolean enabled) { return enabled ? wrap(text) : text; }
}
