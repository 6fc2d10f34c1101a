package playbook.engine.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import playbook.engine.TemplateException;

/** Python's json.dumps (ensure_ascii, ", "/": " separators, optional indent and sort_keys) and json.loads. */
final class PyJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PyJson() {}

    static String dumps(Object v, int indent, boolean sortKeys) {
        StringBuilder sb = new StringBuilder();
        write(Values.toPlain(v), indent, sortKeys, 0, sb);
        return sb.toString();
    }

    static Object loads(String s) {
        try {
            return Values.toPlain(MAPPER.readValue(s, Object.class));
        } catch (Exception e) {
            throw new TemplateException("from_json: " + e.getMessage().split("\n")[0]);
        }
    }

    private static void write(Object v, int indent, boolean sortKeys, int level, StringBuilder sb) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof Double d) {
            sb.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : PyRepr.floatRepr(d));
        } else if (v instanceof Number) {
            sb.append(v);
        } else if (v instanceof String s) {
            string(s, sb);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            Map<?, ?> entries = m;
            if (sortKeys) {
                TreeMap<String, Object> sorted = new TreeMap<>();
                m.forEach((k, x) -> sorted.put(key(k), x));
                entries = sorted;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                if (!first) sb.append(indent > 0 ? "," : ", ");
                newline(indent, level + 1, sb);
                string(key(e.getKey()), sb);
                sb.append(": ");
                write(e.getValue(), indent, sortKeys, level + 1, sb);
                first = false;
            }
            newline(indent, level, sb);
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            if (c.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) sb.append(indent > 0 ? "," : ", ");
                newline(indent, level + 1, sb);
                write(o, indent, sortKeys, level + 1, sb);
                first = false;
            }
            newline(indent, level, sb);
            sb.append(']');
        } else {
            string(v.toString(), sb);
        }
    }

    private static String key(Object k) {
        if (k == null) return "null";
        if (k instanceof Boolean b) return b.toString();
        if (k instanceof Double d) return PyRepr.floatRepr(d);
        return k.toString();
    }

    private static void newline(int indent, int level, StringBuilder sb) {
        if (indent > 0) sb.append('\n').append(" ".repeat(indent * level));
    }

    static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    static List<Object> list(Object o) {
        return new ArrayList<>(Values.toList(o));
    }
}
