package playbook.engine.template;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * PyYAML's dump as Ansible's to_yaml (flow style for collections of scalars) and to_nice_yaml
 * (block style, indent 4) use it: keys sorted, indentless sequences in mappings, scalars
 * quoted when YAML 1.1 would read them as something else. Long plain strings are not folded.
 */
final class PyYaml {
    private static final Pattern SPECIAL = Pattern.compile(
            "(?i)yes|no|true|false|on|off|null|~|[-+]?(\\.inf|\\.nan)|"
                    + "[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?|"
                    + "[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|0|[1-9][0-9_]*)|[-+]?[0-9]+[eE][-+]?[0-9]+|<<|=|\\d{4}-\\d\\d?-\\d\\d?.*");

    private PyYaml() {}

    static String dump(Object v, boolean nice, int indent) {
        Object plain = Values.toPlain(v);
        StringBuilder sb = new StringBuilder();
        if (isLeaf(plain) || (!nice && allLeaves(plain))) {
            sb.append(plain instanceof Map || plain instanceof Collection ? flow(plain) : scalar(plain, false)).append('\n');
            return sb.toString();
        }
        block(plain, nice, indent, 0, false, sb);
        return sb.toString();
    }

    private static boolean isLeaf(Object v) {
        return !(v instanceof Map<?, ?> m && !m.isEmpty()) && !(v instanceof Collection<?> c && !c.isEmpty());
    }

    private static boolean allLeaves(Object v) {
        Collection<?> items = v instanceof Map<?, ?> m ? m.values() : (Collection<?>) v;
        for (Object o : items) if (!isLeaf(o)) return false;
        return true;
    }

    /** Writes a non-empty collection in block style; inline: the first line is already started. */
    private static void block(Object v, boolean nice, int indent, int col, boolean inline, StringBuilder sb) {
        String pad = " ".repeat(col);
        boolean first = true;
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : sorted(m).entrySet()) {
                if (!(first && inline)) sb.append(pad);
                first = false;
                sb.append(scalar(e.getKey(), false)).append(':');
                Object x = e.getValue();
                if (isLeaf(x) || (!nice && allLeaves(x))) {
                    sb.append(' ').append(flow(x)).append('\n');
                } else if (x instanceof Map) {
                    sb.append('\n');
                    block(x, nice, indent, col + indent, false, sb);
                } else {
                    sb.append('\n');
                    block(x, nice, indent, col, false, sb);
                }
            }
        } else {
            for (Object x : (Collection<?>) v) {
                if (!(first && inline)) sb.append(pad);
                first = false;
                sb.append('-');
                if (isLeaf(x) || (!nice && allLeaves(x))) {
                    sb.append(' ').append(flow(x)).append('\n');
                } else {
                    sb.append(" ".repeat(indent - 1));
                    block(x, nice, indent, col + indent, true, sb);
                }
            }
        }
    }

    private static Map<String, Object> sorted(Map<?, ?> m) {
        TreeMap<String, Object> t = new TreeMap<>();
        m.forEach((k, x) -> t.put(k == null ? "null" : PyRepr.str(k), x));
        return t;
    }

    private static String flow(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted(m).entrySet()) {
                if (!first) sb.append(", ");
                sb.append(scalar(e.getKey(), true)).append(": ").append(flow(e.getValue()));
                first = false;
            }
            return sb.append('}').toString();
        }
        if (v instanceof Collection<?> c) {
            StringBuilder sb = new StringBuilder("[");
            boolean first = true;
            for (Object o : c) {
                if (!first) sb.append(", ");
                sb.append(flow(o));
                first = false;
            }
            return sb.append(']').toString();
        }
        return scalar(v, true);
    }

    static String scalar(Object v, boolean flowContext) {
        if (v == null) return "null";
        if (v instanceof Boolean b) return b ? "true" : "false";
        if (v instanceof Double d) return d.isNaN() ? ".nan" : d.isInfinite() ? (d > 0 ? ".inf" : "-.inf") : PyRepr.floatRepr(d);
        if (v instanceof Number) return v.toString();
        String s = v.toString();
        if (s.isEmpty()) return "''";
        boolean printable = s.chars().allMatch(c -> c >= 0x20 && c != 0x7f);
        if (!printable) return doubleQuoted(s);
        if (needsQuotes(s) || (flowContext && s.matches("(?s).*[,\\[\\]{}].*"))) return "'" + s.replace("'", "''") + "'";
        return s;
    }

    private static boolean needsQuotes(String s) {
        if (SPECIAL.matcher(s).matches()) return true;
        char c0 = s.charAt(0);
        if ("-?:,[]{}#&*!|>'\"%@`".indexOf(c0) >= 0) {
            if (!((c0 == '-' || c0 == '?' || c0 == ':') && s.length() > 1 && s.charAt(1) != ' ')) return true;
        }
        if (Character.isWhitespace(c0) || Character.isWhitespace(s.charAt(s.length() - 1))) return true;
        if (s.contains(": ") || s.contains(" #") || s.endsWith(":")) return true;
        return false;
    }

    private static String doubleQuoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c < 0x20 ? String.format("\\x%02X", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
