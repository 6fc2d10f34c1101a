package playbook.modules.files;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Python's {@code fnmatch.fnmatch} on POSIX (case-sensitive): {@code *}, {@code ?},
 * {@code [seq]} and {@code [!seq]}, matched against the whole name.
 */
final class Glob {
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private Glob() {}

    static boolean fnmatch(String name, String pattern) {
        return CACHE.computeIfAbsent(pattern, Glob::translate).matcher(name).matches();
    }

    /** fnmatch.translate: the glob as a regular expression. */
    static Pattern translate(String pat) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = pat.length();
        while (i < n) {
            char c = pat.charAt(i++);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && pat.charAt(j) == '!') j++;
                if (j < n && pat.charAt(j) == ']') j++;
                while (j < n && pat.charAt(j) != ']') j++;
                if (j >= n) {
                    re.append("\\[");
                } else {
                    String stuff = pat.substring(i, j).replace("\\", "\\\\");
                    i = j + 1;
                    if (stuff.startsWith("!")) stuff = "^" + stuff.substring(1);
                    else if (stuff.startsWith("^")) stuff = "\\" + stuff;
                    re.append('[').append(stuff.replace("[", "\\[").replace("&&", "&\\&")).append(']');
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
