package playbook.engine.report;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Python's {@code str()} and {@code repr()} of result values, which is how Ansible prints loop item
 * labels ({@code (item={'a': 1})}) and how it writes floats in JSON.
 */
public final class PythonRepr {
    private PythonRepr() {}

    /** Python {@code str(v)}: a string as is, anything else as {@link #repr}. */
    public static String str(Object v) {
        return v instanceof String s ? s : repr(v);
    }

    /** Python {@code repr(v)} for the value types results hold. */
    public static String repr(Object v) {
        StringBuilder sb = new StringBuilder();
        repr(v, sb);
        return sb.toString();
    }

    private static void repr(Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("None");
        } else if (v instanceof String s) {
            quote(s, sb);
        } else if (v instanceof Boolean b) {
            sb.append(b ? "True" : "False");
        } else if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) sb.append("nan");
            else if (Double.isInfinite(d)) sb.append(d > 0 ? "inf" : "-inf");
            else sb.append(floatRepr(d));
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                repr(e.getKey(), sb);
                sb.append(": ");
                repr(e.getValue(), sb);
                if (it.hasNext()) sb.append(", ");
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            Iterator<?> it = c.iterator();
            while (it.hasNext()) {
                repr(it.next(), sb);
                if (it.hasNext()) sb.append(", ");
            }
            sb.append(']');
        } else {
            sb.append(v);
        }
    }

    /** Python's string repr: single quotes unless the text has ' and no "; non-printables escaped. */
    public static void quote(String s, StringBuilder sb) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        sb.append(q);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == q || cp == '\\') sb.append('\\').appendCodePoint(cp);
            else if (cp == '\t') sb.append("\\t");
            else if (cp == '\n') sb.append("\\n");
            else if (cp == '\r') sb.append("\\r");
            else if (cp < 0x20 || cp == 0x7f) sb.append(String.format("\\x%02x", cp));
            else if (cp < 0x7f || isPrintable(cp)) sb.appendCodePoint(cp);
            else if (cp <= 0xff) sb.append(String.format("\\x%02x", cp));
            else if (cp <= 0xffff) sb.append(String.format("\\u%04x", cp));
            else sb.append(String.format("\\U%08x", cp));
        }
        sb.append(q);
    }

    private static boolean isPrintable(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR -> { return cp == ' '; }
            default -> { return true; }
        }
    }

    /**
     * Python's {@code repr(float)} for a finite double: the shortest digits that round-trip, fixed
     * notation when the decimal exponent is in (-4, 16], else {@code d.ddde+XX}.
     */
    public static String floatRepr(double d) {
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int decpt = digits.length() - bd.scale();
        StringBuilder sb = new StringBuilder();
        if (d < 0) sb.append('-');
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                sb.append("0.").append("0".repeat(-decpt)).append(digits);
            } else if (decpt >= digits.length()) {
                sb.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
            } else {
                sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
            }
        } else {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
            int exp = decpt - 1;
            sb.append('e').append(exp < 0 ? '-' : '+');
            if (Math.abs(exp) < 10) sb.append('0');
            sb.append(Math.abs(exp));
        }
        return sb.toString();
    }
}
