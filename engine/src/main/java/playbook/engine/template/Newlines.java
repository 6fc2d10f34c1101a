package playbook.engine.template;

/**
 * Trailing newlines the way Ansible's Templar treats them: Jinja drops the last line break of
 * the template source, and Ansible then appends as many newlines as the rendered text is short
 * of the source's trailing ones. So {@code "{{ x }}\n"} renders as {@code "abc\n"}, and as
 * {@code "abc\n"} too (not two) when x is {@code "abc\n"}.
 */
final class Newlines {
    private Newlines() {}

    /** The source as Jinja reads it: without its final line break. */
    static String stripOne(String source) {
        if (source.endsWith("\r\n")) return source.substring(0, source.length() - 2);
        if (source.endsWith("\n") || source.endsWith("\r")) return source.substring(0, source.length() - 1);
        return source;
    }

    /** The rendered text with the newlines it is short of the source's appended. */
    static String keep(String source, String rendered) {
        int missing = trailing(source) - trailing(rendered);
        return missing > 0 ? rendered + "\n".repeat(missing) : rendered;
    }

    private static int trailing(String s) {
        int i = s.length();
        while (i > 0 && s.charAt(i - 1) == '\n') i--;
        return s.length() - i;
    }
}
