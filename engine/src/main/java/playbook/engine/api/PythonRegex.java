package playbook.engine.api;

import playbook.engine.ModuleException;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Python {@code re} pattern on java.util.regex, the one translator for everything that takes
 * Ansible (Python) regexps: modules (lineinfile, blockinfile, replace, find) and the template
 * filters (regex_replace, regex_search, match, search). It translates {@code (?P<name>...)}, {@code (?P=name)}
 * and {@code \Z}, keeps Python's idea of a line ({@code \n} only), and expands Python
 * replacement templates ({@code \1}, {@code \g<1>}, {@code \g<name>}).
 */
public final class PythonRegex {
    private static final Pattern NAMED = Pattern.compile("\\(\\?P<([A-Za-z_]\\w*)>");
    private static final Pattern BACKREF = Pattern.compile("\\(\\?P=([A-Za-z_]\\w*)\\)");

    private final Pattern pattern;
    private final Map<String, String> names;
    private final boolean multiline;

    private PythonRegex(Pattern pattern, Map<String, String> names, boolean multiline) {
        this.pattern = pattern;
        this.names = names;
        this.multiline = multiline;
    }

    /** Compiles a Python pattern; {@code flags} are java.util.regex flags (MULTILINE, DOTALL). */
    public static PythonRegex compile(String python, int flags) {
        Map<String, String> names = new HashMap<>();
        Matcher m = NAMED.matcher(python);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String javaName = "pbg" + names.size() + "x" + m.group(1).replace("_", "");
            names.put(m.group(1), javaName);
            m.appendReplacement(sb, Matcher.quoteReplacement("(?<" + javaName + ">"));
        }
        m.appendTail(sb);
        Matcher b = BACKREF.matcher(sb.toString());
        StringBuilder sb2 = new StringBuilder();
        while (b.find()) {
            String javaName = names.get(b.group(1));
            if (javaName == null) throw new ModuleException("unknown group name '" + b.group(1) + "' in regex " + python);
            b.appendReplacement(sb2, Matcher.quoteReplacement("\\k<" + javaName + ">"));
        }
        b.appendTail(sb2);
        String java = sb2.toString().replace("\\Z", "\\z");
        try {
            Pattern p = Pattern.compile(java, flags | Pattern.UNIX_LINES);
            boolean ml = (p.flags() & Pattern.MULTILINE) != 0 || python.matches("^\\(\\?[aiLmsux]*m[aiLmsux]*\\).*");
            return new PythonRegex(p, names, ml);
        } catch (PatternSyntaxException e) {
            throw new ModuleException("invalid regular expression '" + python + "': " + e.getDescription());
        }
    }

    public static PythonRegex compile(String python) { return compile(python, 0); }

    /** The compiled java.util.regex pattern. */
    public Pattern pattern() { return pattern; }

    /** The Java name of a Python group name. */
    public String javaName(String pythonName) { return names.get(pythonName); }

    public Matcher matcher(CharSequence s) { return pattern.matcher(s); }

    /** re.search: a match anywhere. */
    public boolean search(CharSequence s) { return pattern.matcher(s).find(); }

    /** re.match: a match at the start. */
    public boolean matchStart(CharSequence s) { return pattern.matcher(s).lookingAt(); }

    /** True when the pattern carries Python's MULTILINE flag (inline {@code (?m)} or the flag). */
    public boolean multiline() { return multiline; }

    /** re.subn: the replaced text and the number of replacements. */
    public Object[] subn(String s, String template) {
        Matcher m = pattern.matcher(s);
        StringBuilder out = new StringBuilder();
        int last = 0;
        int n = 0;
        while (m.find()) {
            out.append(s, last, m.start()).append(expand(m, template));
            last = m.end();
            n++;
        }
        out.append(s.substring(last));
        return new Object[] {out.toString(), n};
    }

    /** Expands a Python replacement template ({@code match.expand}) for one match. */
    public String expand(Matcher m, String template) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '\\' || i + 1 >= template.length()) {
                sb.append(c);
                continue;
            }
            char n = template.charAt(i + 1);
            if (Character.isDigit(n)) {
                int j = i + 1;
                while (j < template.length() && j < i + 3 && Character.isDigit(template.charAt(j))) j++;
                String g = group(m, template.substring(i + 1, j));
                sb.append(g == null ? "" : g);
                i = j - 1;
            } else if (n == 'g' && i + 2 < template.length() && template.charAt(i + 2) == '<') {
                int end = template.indexOf('>', i + 3);
                if (end < 0) throw new ModuleException("missing >, unterminated name in " + template);
                String g = group(m, template.substring(i + 3, end));
                sb.append(g == null ? "" : g);
                i = end;
            } else {
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'f' -> sb.append('\f');
                    case 'v' -> sb.append('\u000b');
                    case 'a' -> sb.append('\u0007');
                    case 'b' -> sb.append('\b');
                    case '\\' -> sb.append('\\');
                    default -> sb.append('\\').append(n);
                }
                i++;
            }
        }
        return sb.toString();
    }

    /** The text of the group a Python reference names: a number or a (Python) group name. */
    public String group(Matcher m, String ref) {
        if (ref.chars().allMatch(Character::isDigit)) {
            int g = Integer.parseInt(ref);
            if (g > m.groupCount()) throw new ModuleException("invalid group reference " + g);
            return m.group(g);
        }
        String javaName = names.get(ref);
        if (javaName == null) throw new ModuleException("unknown group name '" + ref + "'");
        return m.group(javaName);
    }
}
