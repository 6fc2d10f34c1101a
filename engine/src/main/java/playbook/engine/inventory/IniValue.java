package playbook.engine.inventory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts an INI inventory value the way Ansible does, with Python's {@code ast.literal_eval}:
 * {@code 2222} is an integer, {@code 1.5} a float, {@code True}/{@code False}/{@code None} are
 * booleans and null, {@code 'a b'} a string, {@code [1, 2]} a list and {@code {'a': 1}} a map.
 * Anything else ({@code yes}, {@code false}, {@code 010}, {@code 10.0.0.2}) stays the text as written.
 */
final class IniValue {
    /** Python's parser refuses brackets nested deeper ("too many nested parentheses"); the value then stays text. */
    static final int MAX_NESTING = 200;

    private final String s;
    private int pos;
    private int depth;

    private IniValue(String s) {
        this.s = s;
    }

    /** The value of {@code text}: Long, BigInteger, Double, Boolean, null, String, List or Map. */
    static Object parse(String text) {
        int start = 0;
        while (start < text.length() && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) start++;
        IniValue p = new IniValue(text.substring(start));
        try {
            Object v = p.sequence();
            p.skipSpace();
            if (p.pos < p.s.length() && p.s.charAt(p.pos) == '#') p.pos = p.s.length();
            p.skipSpace();
            if (p.pos != p.s.length()) return text;
            return v;
        } catch (NotLiteral e) {
            return text;
        }
    }

    private static final class NotLiteral extends RuntimeException {
        NotLiteral() { super(null, null, false, false); }
    }

    private Object sequence() {
        skipSpace();
        Object first = expr();
        skipSpace();
        if (!peek(',')) return first;
        List<Object> tuple = new ArrayList<>();
        tuple.add(first);
        while (peek(',')) {
            pos++;
            skipSpace();
            if (atEnd() || s.charAt(pos) == '#') break;
            tuple.add(expr());
            skipSpace();
        }
        return tuple;
    }

    private Object expr() {
        skipSpace();
        if (atEnd()) throw new NotLiteral();
        char c = s.charAt(pos);
        if (c == '+' || c == '-') {
            pos++;
            skipSpace();
            if (atEnd() || !(Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) throw new NotLiteral();
            Object n = number();
            if (c == '+') return n;
            if (n instanceof Long l) return l == Long.MIN_VALUE ? BigInteger.valueOf(l).negate() : -l;
            if (n instanceof BigInteger b) return normalize(b.negate());
            return -(Double) n;
        }
        Object v = atom();
        skipSpace();
        if (!atEnd() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) throw new NotLiteral(); // 1+2, complex
        return v;
    }

    private Object atom() {
        char c = s.charAt(pos);
        if (Character.isDigit(c) || (c == '.' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1)))) return number();
        if (c == '[' || c == '(' || c == '{') {
            if (++depth > MAX_NESTING) throw new NotLiteral();  // and no StackOverflowError on [[[[...
            try {
                return c == '[' ? list(']') : c == '(' ? paren() : brace();
            } finally {
                depth--;
            }
        }
        if (c == '"' || c == '\'' || isStringPrefix()) return strings();
        String word = identifier();
        switch (word) {
            case "True": return Boolean.TRUE;
            case "False": return Boolean.FALSE;
            case "None": return null;
            default: throw new NotLiteral();
        }
    }

    private Object paren() {
        pos++;
        skipAll();
        if (peek(')')) {
            pos++;
            return new ArrayList<>();
        }
        Object first = expr();
        skipAll();
        if (peek(')')) {
            pos++;
            return first;
        }
        expect(',');
        List<Object> out = new ArrayList<>();
        out.add(first);
        return items(out, ')');
    }

    private List<Object> list(char close) {
        pos++;
        return items(new ArrayList<>(), close);
    }

    /** Items after an opening bracket (or after the first item and its comma). */
    private List<Object> items(List<Object> out, char close) {
        while (true) {
            skipAll();
            if (peek(close)) {
                pos++;
                return out;
            }
            out.add(expr());
            skipAll();
            if (peek(',')) {
                pos++;
            } else if (!peek(close)) {
                throw new NotLiteral();
            }
        }
    }

    private Object brace() {
        pos++;
        skipAll();
        if (peek('}')) {
            pos++;
            return new LinkedHashMap<String, Object>();
        }
        Object first = expr();
        skipAll();
        if (!peek(':')) {
            List<Object> set = new ArrayList<>();
            set.add(first);
            if (peek(',')) pos++;
            else if (!peek('}')) throw new NotLiteral();
            return items(set, '}');
        }
        Map<String, Object> map = new LinkedHashMap<>();
        Object key = first;
        while (true) {
            skipAll();
            expect(':');
            String k = keyText(key);
            map.remove(k);
            map.put(k, expr());
            skipAll();
            if (peek('}')) {
                pos++;
                return map;
            }
            expect(',');
            skipAll();
            if (peek('}')) {
                pos++;
                return map;
            }
            key = expr();
        }
    }

    private static String keyText(Object key) {
        if (key instanceof Boolean b) return b ? "True" : "False";
        if (key == null) return "None";
        if (key instanceof List || key instanceof Map) throw new NotLiteral(); // unhashable in Python
        return String.valueOf(key);
    }

    private boolean isStringPrefix() {
        int i = pos;
        while (i < s.length() && i - pos < 2 && "rRbBuU".indexOf(s.charAt(i)) >= 0) i++;
        return i > pos && i < s.length() && (s.charAt(i) == '"' || s.charAt(i) == '\'');
    }

    /** One or more adjacent string literals, concatenated. */
    private String strings() {
        StringBuilder out = new StringBuilder();
        do {
            out.append(string());
            skipSpace();
        } while (!atEnd() && (s.charAt(pos) == '"' || s.charAt(pos) == '\'' || isStringPrefix()));
        return out.toString();
    }

    private String string() {
        boolean raw = false;
        while ("rRbBuU".indexOf(s.charAt(pos)) >= 0) {
            if (Character.toLowerCase(s.charAt(pos)) == 'r') raw = true;
            pos++;
        }
        char q = s.charAt(pos);
        boolean triple = s.startsWith(String.valueOf(q).repeat(3), pos);
        String end = triple ? String.valueOf(q).repeat(3) : String.valueOf(q);
        pos += end.length();
        StringBuilder out = new StringBuilder();
        while (true) {
            if (atEnd()) throw new NotLiteral();
            if (s.startsWith(end, pos)) {
                pos += end.length();
                return out.toString();
            }
            char c = s.charAt(pos);
            if (c == '\\' && pos + 1 < s.length()) {
                if (raw) {
                    out.append(c).append(s.charAt(pos + 1));
                    pos += 2;
                } else {
                    escape(out);
                }
            } else {
                if ((c == '\n') && !triple) throw new NotLiteral();
                out.append(c);
                pos++;
            }
        }
    }

    private void escape(StringBuilder out) {
        char e = s.charAt(pos + 1);
        pos += 2;
        switch (e) {
            case '\n' -> { }
            case '\\' -> out.append('\\');
            case '\'' -> out.append('\'');
            case '"' -> out.append('"');
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case 'x' -> out.appendCodePoint(hex(2));
            case 'u' -> out.appendCodePoint(hex(4));
            case 'U' -> out.appendCodePoint(hex(8));
            default -> {
                if (e >= '0' && e <= '7') {
                    int v = e - '0';
                    for (int k = 0; k < 2 && !atEnd() && s.charAt(pos) >= '0' && s.charAt(pos) <= '7'; k++) {
                        v = v * 8 + (s.charAt(pos++) - '0');
                    }
                    out.append((char) v);
                } else {
                    out.append('\\').append(e);
                }
            }
        }
    }

    private int hex(int digits) {
        if (pos + digits > s.length()) throw new NotLiteral();
        try {
            int v = Integer.parseInt(s.substring(pos, pos + digits), 16);
            pos += digits;
            if (!Character.isValidCodePoint(v)) throw new NotLiteral();
            return v;
        } catch (NumberFormatException e) {
            throw new NotLiteral();
        }
    }

    private Object number() {
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == '.'
                || ((s.charAt(pos) == '+' || s.charAt(pos) == '-') && pos > start
                    && (s.charAt(pos - 1) == 'e' || s.charAt(pos - 1) == 'E') && !isHex(s, start)))) {
            pos++;
        }
        return PyNumber.parse(s.substring(start, pos));
    }

    private static boolean isHex(String s, int start) {
        return s.length() > start + 1 && s.charAt(start) == '0' && "xX".indexOf(s.charAt(start + 1)) >= 0;
    }

    static Object normalize(BigInteger b) {
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    private String identifier() {
        int start = pos;
        while (!atEnd() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) pos++;
        if (pos == start) throw new NotLiteral();
        return s.substring(start, pos);
    }

    private void expect(char c) {
        if (!peek(c)) throw new NotLiteral();
        pos++;
    }

    private boolean peek(char c) { return pos < s.length() && s.charAt(pos) == c; }

    private boolean atEnd() { return pos >= s.length(); }

    private void skipSpace() {
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == '\f')) pos++;
    }

    private void skipAll() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    /** Python number literal syntax. */
    static final class PyNumber {
        private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("[0-9]+");
        private static final java.util.regex.Pattern FLOAT = java.util.regex.Pattern.compile(
                "([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?|[0-9]+[eE][+-]?[0-9]+");

        private PyNumber() {}

        static Object parse(String t) {
            if (t.contains("__") || t.endsWith("_") || t.contains("_.") || t.contains("._")) throw new NotLiteral();
            String lower = t.toLowerCase();
            try {
                if (lower.startsWith("0x")) return radix(t.substring(2), 16);
                if (lower.startsWith("0o")) return radix(t.substring(2), 8);
                if (lower.startsWith("0b")) return radix(t.substring(2), 2);
                String plain = t.replace("_", "");
                if (DIGITS.matcher(plain).matches()) {
                    if (plain.length() > 1 && plain.charAt(0) == '0' && plain.chars().anyMatch(c -> c != '0')) throw new NotLiteral();
                    return normalize(new BigInteger(plain));
                }
                if (FLOAT.matcher(plain).matches()) {
                    return Double.parseDouble(plain);
                }
            } catch (NumberFormatException e) {
                throw new NotLiteral();
            }
            throw new NotLiteral();
        }

        private static Object radix(String digits, int radix) {
            String d = digits.startsWith("_") ? digits.substring(1) : digits;
            if (d.isEmpty() || d.startsWith("_")) throw new NotLiteral();
            return normalize(new BigInteger(d.replace("_", ""), radix));
        }
    }
}
