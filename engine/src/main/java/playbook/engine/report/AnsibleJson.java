package playbook.engine.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Serialises result values the way Ansible's callbacks do with Python's
 * {@code json.dumps(..., sort_keys=True, ensure_ascii=False)}: keys sorted, non-ASCII kept,
 * {@code null}/{@code true}/{@code false}, Python's float repr ({@code 1e-05}, {@code Infinity}),
 * lowercase {@code \u001b} escapes, and either one line with {@code ", "} and {@code ": "}
 * separators or, with {@code indent}, four spaces per level and {@code "[]"}/{@code "{}"} when empty.
 * Map keys that are not strings are written as Python would (str of numbers, "true", "null").
 */
public final class AnsibleJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private AnsibleJson() {}

    /** {@code json.dumps(value, sort_keys=True, ensure_ascii=False[, indent=4])}. */
    public static String dumps(Object value, boolean indent) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.setPrettyPrinter(new PythonPrinter(indent ? 4 : -1));
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** The body of a JSON string literal for {@code s}, without the surrounding quotes. */
    public static String escape(String s) {
        String quoted = dumps(s, false);
        return quoted.substring(1, quoted.length() - 1);
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null || v == NULL) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            g.writeNumber(jsonFloat(d));
        } else if (v instanceof BigDecimal bd) {
            g.writeNumber(jsonFloat(bd.doubleValue()));
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            g.writeNumber(v.toString());
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : sortedEntries(m)) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) write(g, o);
            g.writeEndArray();
        } else if (v instanceof Object[] arr) {
            write(g, List.of(arr));
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else {
            g.writeString(String.valueOf(v));
        }
    }

    /** Entries with their keys as Python's json would write them, sorted by code point like Python. */
    static List<Map.Entry<String, Object>> sortedEntries(Map<?, ?> m) {
        List<Map.Entry<String, Object>> out = new ArrayList<>(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) out.add(Map.entry(keyString(e.getKey()), nullSafe(e.getValue())));
        out.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
        return out;
    }

    private static Object nullSafe(Object v) { return v == null ? NULL : v; }

    /** Map.entry rejects null values; this stands for null inside sorted entries. */
    private static final Object NULL = new Object() { @Override public String toString() { return "null"; } };

    private static String keyString(Object k) {
        if (k == null) return "null";
        if (k instanceof Boolean b) return b ? "true" : "false";
        if (k instanceof Double || k instanceof Float) return jsonFloat(((Number) k).doubleValue());
        return k.toString();
    }

    static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static String jsonFloat(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        return PythonRepr.floatRepr(d);
    }

    /** Python's json layout: compact ", "/": " or indented with "," line ends. */
    private static final class PythonPrinter implements PrettyPrinter {
        private final int indent;
        private int level;

        PythonPrinter(int indent) { this.indent = indent; }

        private void newline(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
            g.writeRaw(" ".repeat(indent * level));
        }

        @Override public void writeRootValueSeparator(JsonGenerator g) {}

        @Override public void writeStartObject(JsonGenerator g) throws IOException { g.writeRaw('{'); level++; }

        @Override public void beforeObjectEntries(JsonGenerator g) throws IOException { if (indent >= 0) newline(g); }

        @Override public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException { g.writeRaw(": "); }

        @Override public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            if (indent >= 0) { g.writeRaw(','); newline(g); } else g.writeRaw(", ");
        }

        @Override public void writeEndObject(JsonGenerator g, int n) throws IOException {
            level--;
            if (indent >= 0 && n > 0) newline(g);
            g.writeRaw('}');
        }

        @Override public void writeStartArray(JsonGenerator g) throws IOException { g.writeRaw('['); level++; }

        @Override public void beforeArrayValues(JsonGenerator g) throws IOException { if (indent >= 0) newline(g); }

        @Override public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            if (indent >= 0) { g.writeRaw(','); newline(g); } else g.writeRaw(", ");
        }

        @Override public void writeEndArray(JsonGenerator g, int n) throws IOException {
            level--;
            if (indent >= 0 && n > 0) newline(g);
            g.writeRaw(']');
        }
    }
}
