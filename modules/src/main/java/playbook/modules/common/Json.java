package playbook.modules.common;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders values the way Ansible renders dict diffs: {@code json.dumps(v, sort_keys=True, indent=4)}.
 * Used for the before/after text of modules whose diff is a dict (file).
 */
public final class Json {
    private Json() {}

    public static String pretty(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, 0);
        return sb.append('\n').toString();
    }

    /** Python's {@code json.dumps(v)}: separators ", " and ": ", keys in order, non-ASCII escaped. */
    public static String dumps(Object v) {
        StringBuilder sb = new StringBuilder();
        compact(sb, v);
        return sb.toString();
    }

    private static void compact(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            int n = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (n++ > 0) sb.append(", ");
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                compact(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            int n = 0;
            for (Object o : c) {
                if (n++ > 0) sb.append(", ");
                compact(sb, o);
            }
            sb.append(']');
        } else if (v instanceof Boolean b) {
            sb.append(b ? "true" : "false");
        } else if (v instanceof Number) {
            sb.append(v);
        } else {
            String s = String.valueOf(v);
            StringBuilder esc = new StringBuilder();
            string(esc, s);
            for (int i = 0; i < esc.length(); i++) {
                char ch = esc.charAt(i);
                if (ch > 0x7f) sb.append(String.format("\\u%04x", (int) ch)); else sb.append(ch);
            }
        }
    }

    private static void write(StringBuilder sb, Object v, int depth) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) { sb.append("{}"); return; }
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, val) -> sorted.put(String.valueOf(k), val));
            sb.append("{\n");
            int n = 0;
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                indent(sb, depth + 1);
                string(sb, e.getKey());
                sb.append(": ");
                write(sb, e.getValue(), depth + 1);
                if (++n < sorted.size()) sb.append(',');
                sb.append('\n');
            }
            indent(sb, depth);
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            if (c.isEmpty()) { sb.append("[]"); return; }
            sb.append("[\n");
            int n = 0;
            for (Object o : c) {
                indent(sb, depth + 1);
                write(sb, o, depth + 1);
                if (++n < c.size()) sb.append(',');
                sb.append('\n');
            }
            indent(sb, depth);
            sb.append(']');
        } else if (v instanceof Boolean || v instanceof Number) {
            sb.append(v);
        } else {
            string(sb, String.valueOf(v));
        }
    }

    private static void indent(StringBuilder sb, int depth) {
        sb.append("    ".repeat(depth));
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
