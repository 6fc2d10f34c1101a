package playbook.engine.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import playbook.engine.TemplateException;

/**
 * Python {@code re} on java.util.regex: translates (?P&lt;name&gt;...), (?P=name), \Z and group
 * names Java rejects, and expands Python replacement templates (\1, \g&lt;1&gt;, \g&lt;name&gt;).
 * Compiled patterns are cached; instances are immutable and thread-safe.
 */
final class PyRegex {
    private static final Map<String, PyRegex> CACHE = new ConcurrentHashMap<>();
    private static final Pattern NAMED = Pattern.compile("\\(\\?P<([A-Za-z_]\\w*)>");
    private static final Pattern BACKREF = Pattern.compile("\\(\\?P=([A-Za-z_]\\w*)\\)");

    final Pattern pattern;
    private final Map<String, String> groupNames;

    private PyRegex(Pattern pattern, Map<String, String> groupNames) {
        this.pattern = pattern;
        this.groupNames = groupNames;
    }

    static PyRegex compile(String python, boolean ignoreCase, boolean multiline) {
        String key = (ignoreCase ? "i" : "-") + (multiline ? "m" : "-") + python;
        PyRegex r = CACHE.get(key);
        if (r != null) return r;
        Map<String, String> names = new HashMap<>();
        Matcher m = NAMED.matcher(python);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String javaName = "g" + names.size() + "x" + m.group(1).replace("_", "");
            names.put(m.group(1), javaName);
            m.appendReplacement(sb, Matcher.quoteReplacement("(?<" + javaName + ">"));
        }
        m.appendTail(sb);
        Matcher b = BACKREF.matcher(sb.toString());
        StringBuilder sb2 = new StringBuilder();
        while (b.find()) {
            String javaName = names.get(b.group(1));
            if (javaName == null) throw new TemplateException("unknown group name '" + b.group(1) + "' in regex " + python);
            b.appendReplacement(sb2, Matcher.quoteReplacement("\\k<" + javaName + ">"));
        }
        b.appendTail(sb2);
        String java = sb2.toString().replace("\\Z", "\\z");
        int flags = (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0) | (multiline ? Pattern.MULTILINE : 0);
        try {
            r = new PyRegex(Pattern.compile(java, flags), names);
        } catch (PatternSyntaxException e) {
            throw new TemplateException("invalid regular expression '" + python + "': " + e.getDescription());
        }
        if (CACHE.size() > 2048) CACHE.clear();
        CACHE.put(key, r);
        return r;
    }

    /** re.sub(pattern, replacement, s). */
    String replace(String s, String replacement) {
        Matcher m = pattern.matcher(s);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(s, last, m.start()).append(expand(m, replacement));
            last = m.end();
        }
        out.append(s.substring(last));
        return out.toString();
    }

    /** The group a Python reference names: a number or a (Python) group name. */
    String group(Matcher m, String ref) {
        String g;
        if (ref.chars().allMatch(Character::isDigit)) {
            g = m.group(Integer.parseInt(ref));
        } else {
            String javaName = groupNames.get(ref);
            if (javaName == null) throw new TemplateException("unknown group name '" + ref + "'");
            g = m.group(javaName);
        }
        return g;
    }

    /** Expands a Python replacement template for one match. */
    String expand(Matcher m, String template) {
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
                if (end < 0) throw new TemplateException("missing >, unterminated name in " + template);
                String g = group(m, template.substring(i + 3, end));
                sb.append(g == null ? "" : g);
                i = end;
            } else {
                switch (n) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '\\' -> sb.append('\\');
                    default -> sb.append('\\').append(n);
                }
                i++;
            }
        }
        return sb.toString();
    }

    /** re.findall: whole matches, the one group, or tuples (lists) of all groups. */
    List<Object> findall(String s) {
        List<Object> out = new ArrayList<>();
        Matcher m = pattern.matcher(s);
        while (m.find()) {
            int groups = m.groupCount();
            if (groups == 0) {
                out.add(m.group());
            } else if (groups == 1) {
                out.add(m.group(1) == null ? "" : m.group(1));
            } else {
                List<Object> t = new ArrayList<>();
                for (int g = 1; g <= groups; g++) t.add(m.group(g) == null ? "" : m.group(g));
                out.add(new PyTuple(t));
            }
        }
        return out;
    }
}
