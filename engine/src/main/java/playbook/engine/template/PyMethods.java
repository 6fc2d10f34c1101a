package playbook.engine.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import playbook.engine.TemplateException;

/** Python methods called in expressions: 'x'.upper(), s.split(','), d.items(), '{}'.format(a). */
final class PyMethods {
    static final Object NOT_HANDLED = new Object();

    private PyMethods() {}

    static Object invoke(Object base, String name, Object[] raw) {
        List<Object> args = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        for (Object p : raw) {
            if (p instanceof NamedParameter np) kwargs.put(np.getName(), Values.unwrap(np.getValue()));
            else args.add(Values.unwrap(p));
        }
        if (base instanceof String s) return string(s, name, args, kwargs);
        if (base instanceof Map<?, ?> m) return map(m, name, args);
        if (base instanceof List<?> l) return list(l, name, args);
        return NOT_HANDLED;
    }

    private static Object arg(List<Object> args, int i, Object dflt) {
        return i < args.size() ? args.get(i) : dflt;
    }

    private static Object string(String s, String name, List<Object> args, Map<String, Object> kwargs) {
        switch (name) {
            case "upper": return s.toUpperCase();
            case "lower": return s.toLowerCase();
            case "capitalize": return s.isEmpty() ? s : s.substring(0, 1).toUpperCase() + s.substring(1).toLowerCase();
            case "title": return title(s);
            case "swapcase": {
                StringBuilder sb = new StringBuilder();
                for (char c : s.toCharArray()) sb.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                return sb.toString();
            }
            case "strip": return strip(s, (String) arg(args, 0, null), true, true);
            case "lstrip": return strip(s, (String) arg(args, 0, null), true, false);
            case "rstrip": return strip(s, (String) arg(args, 0, null), false, true);
            case "startswith": return affix(s, args.get(0), true);
            case "endswith": return affix(s, args.get(0), false);
            case "split": return split(s, (String) arg(args, 0, kwargs.get("sep")), (int) Values.toLong(arg(args, 1, kwargs.getOrDefault("maxsplit", -1L))));
            case "rsplit": return rsplit(s, (String) arg(args, 0, kwargs.get("sep")), (int) Values.toLong(arg(args, 1, kwargs.getOrDefault("maxsplit", -1L))));
            case "splitlines": {
                List<Object> out = new ArrayList<>(List.of(s.split("\r\n|\r|\n", -1)));
                if (!out.isEmpty() && s.matches("(?s).*(\r\n|\r|\n)$|")) out.remove(out.size() - 1);
                return out;
            }
            case "replace": {
                String old = Values.str(args.get(0));
                String neu = Values.str(args.get(1));
                long count = Values.toLong(arg(args, 2, -1L));
                if (count < 0) return s.replace(old, neu);
                String out = s;
                int from = 0;
                StringBuilder sb = new StringBuilder();
                for (long c = 0; c < count; c++) {
                    int at = out.indexOf(old, from);
                    if (at < 0) break;
                    sb.append(out, from, at).append(neu);
                    from = at + old.length();
                }
                return sb.append(out.substring(from)).toString();
            }
            case "find": return (long) s.indexOf(Values.str(args.get(0)));
            case "rfind": return (long) s.lastIndexOf(Values.str(args.get(0)));
            case "index": {
                int i = s.indexOf(Values.str(args.get(0)));
                if (i < 0) throw new TemplateException("substring not found");
                return (long) i;
            }
            case "count": {
                String sub = Values.str(args.get(0));
                if (sub.isEmpty()) return (long) s.length() + 1;
                long c = 0;
                for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) c++;
                return c;
            }
            case "join": {
                List<String> parts = new ArrayList<>();
                for (Object o : Values.toList(args.get(0))) parts.add(Values.str(o));
                return String.join(s, parts);
            }
            case "format": return PyFormat.format(s, args, kwargs);
            case "zfill": {
                int w = (int) Values.toLong(args.get(0));
                String sign = s.startsWith("-") || s.startsWith("+") ? s.substring(0, 1) : "";
                String rest = s.substring(sign.length());
                return sign + "0".repeat(Math.max(0, w - s.length())) + rest;
            }
            case "ljust": return s + Values.str(arg(args, 1, " ")).repeat(Math.max(0, (int) Values.toLong(args.get(0)) - s.length()));
            case "rjust": return Values.str(arg(args, 1, " ")).repeat(Math.max(0, (int) Values.toLong(args.get(0)) - s.length())) + s;
            case "center": {
                int width = (int) Values.toLong(args.get(0));
                int pad = Math.max(0, width - s.length());
                String f = Values.str(arg(args, 1, " "));
                int left = pad / 2 + (pad & width & 1);
                return f.repeat(left) + s + f.repeat(pad - left);
            }
            case "isdigit": return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha": return !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "isalnum": return !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            case "isspace": return !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            case "isupper": return s.chars().anyMatch(Character::isLetter) && s.equals(s.toUpperCase());
            case "islower": return s.chars().anyMatch(Character::isLetter) && s.equals(s.toLowerCase());
            default: return NOT_HANDLED;
        }
    }

    private static Object map(Map<?, ?> m, String name, List<Object> args) {
        switch (name) {
            case "items": {
                List<Object> out = new ArrayList<>();
                for (Map.Entry<?, ?> e : m.entrySet()) out.add(PyTuple.of(Values.normalizeScalar(e.getKey()), e.getValue()));
                return out;
            }
            case "keys": {
                List<Object> out = new ArrayList<>();
                for (Object k : m.keySet()) out.add(Values.normalizeScalar(k));
                return out;
            }
            case "values": return new ArrayList<Object>(m.values());
            case "get": {
                Object k = args.get(0);
                if (m.containsKey(k)) return m.get(k);
                return arg(args, 1, null);
            }
            case "copy": return new LinkedHashMap<Object, Object>(m);
            default: return NOT_HANDLED;
        }
    }

    private static Object list(List<?> l, String name, List<Object> args) {
        switch (name) {
            case "index": {
                for (int i = 0; i < l.size(); i++) if (Values.pyEquals(l.get(i), args.get(0))) return (long) i;
                throw new TemplateException(PyRepr.repr(args.get(0)) + " is not in list");
            }
            case "count": {
                long c = 0;
                for (Object o : l) if (Values.pyEquals(o, args.get(0))) c++;
                return c;
            }
            default: return NOT_HANDLED;
        }
    }

    static String title(String s) {
        StringBuilder sb = new StringBuilder();
        boolean prevLetter = false;
        for (char c : s.toCharArray()) {
            sb.append(prevLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
            prevLetter = Character.isLetter(c);
        }
        return sb.toString();
    }

    static String strip(String s, String chars, boolean left, boolean right) {
        int a = 0;
        int b = s.length();
        while (left && a < b && (chars == null ? Character.isWhitespace(s.charAt(a)) : chars.indexOf(s.charAt(a)) >= 0)) a++;
        while (right && b > a && (chars == null ? Character.isWhitespace(s.charAt(b - 1)) : chars.indexOf(s.charAt(b - 1)) >= 0)) b--;
        return s.substring(a, b);
    }

    private static boolean affix(String s, Object what, boolean start) {
        if (what instanceof List<?> l) {
            for (Object o : l) if (affix(s, o, start)) return true;
            return false;
        }
        String w = Values.str(what);
        return start ? s.startsWith(w) : s.endsWith(w);
    }

    /** Python str.split: no separator splits on runs of whitespace and drops empty parts. */
    static List<Object> split(String s, String sep, int maxsplit) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            String rest = strip(s, null, true, false);
            while (!rest.isEmpty()) {
                if (maxsplit >= 0 && out.size() == maxsplit) {
                    out.add(strip(rest, null, false, true));
                    return out;
                }
                int i = 0;
                while (i < rest.length() && !Character.isWhitespace(rest.charAt(i))) i++;
                out.add(rest.substring(0, i));
                rest = strip(rest.substring(i), null, true, false);
            }
            return out;
        }
        if (sep.isEmpty()) throw new TemplateException("empty separator");
        int from = 0;
        while (maxsplit < 0 || out.size() < maxsplit) {
            int at = s.indexOf(sep, from);
            if (at < 0) break;
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static List<Object> rsplit(String s, String sep, int maxsplit) {
        if (maxsplit < 0 || sep == null) return split(s, sep, maxsplit);
        List<Object> out = new ArrayList<>();
        int end = s.length();
        while (out.size() < maxsplit) {
            int at = s.lastIndexOf(sep, end - sep.length());
            if (at < 0) break;
            out.add(0, s.substring(at + sep.length(), end));
            end = at;
        }
        out.add(0, s.substring(0, end));
        return out;
    }
}
