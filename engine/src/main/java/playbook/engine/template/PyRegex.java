package playbook.engine.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import playbook.engine.PlaybookException;
import playbook.engine.TemplateException;
import playbook.engine.api.PythonRegex;

/**
 * Python {@code re} for the template filters and tests: the translation lives in
 * {@link PythonRegex} (shared with the modules); this adds the cache, findall and the
 * template layer's error type. Instances are immutable and thread-safe.
 */
final class PyRegex {
    private static final Map<String, PyRegex> CACHE = new ConcurrentHashMap<>();

    final Pattern pattern;
    private final PythonRegex regex;

    private PyRegex(PythonRegex regex) {
        this.regex = regex;
        this.pattern = regex.pattern();
    }

    static PyRegex compile(String python, boolean ignoreCase, boolean multiline) {
        String key = (ignoreCase ? "i" : "-") + (multiline ? "m" : "-") + python;
        PyRegex r = CACHE.get(key);
        if (r != null) return r;
        int flags = (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0) | (multiline ? Pattern.MULTILINE : 0);
        try {
            r = new PyRegex(PythonRegex.compile(python, flags));
        } catch (PlaybookException e) {
            throw new TemplateException(e.getMessage());
        }
        if (CACHE.size() > 2048) CACHE.clear();
        CACHE.put(key, r);
        return r;
    }

    /** re.sub(pattern, replacement, s). */
    String replace(String s, String replacement) {
        try {
            return (String) regex.subn(s, replacement)[0];
        } catch (PlaybookException e) {
            throw new TemplateException(e.getMessage());
        }
    }

    /** The group a Python reference names: a number or a (Python) group name. */
    String group(Matcher m, String ref) {
        try {
            return regex.group(m, ref);
        } catch (PlaybookException e) {
            throw new TemplateException(e.getMessage());
        }
    }

    /** Expands a Python replacement template for one match. */
    String expand(Matcher m, String template) {
        try {
            return regex.expand(m, template);
        } catch (PlaybookException e) {
            throw new TemplateException(e.getMessage());
        }
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
