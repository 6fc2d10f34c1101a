package playbook.engine.template;

import playbook.engine.TemplateException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites Ansible/Jinja2 template text into text Jinjava parses the same way:
 * <ul>
 * <li>backslashes in string literals inside {{ }} are literal (Ansible doubles them before
 * Jinja sees them, so '\d+' and '\1' reach the filter unchanged); inside {% %} Python's escapes
 * apply (\n, \t, \\, \', \"; unknown ones are kept);</li>
 * <li>{@code 'fmt' % args} becomes a call of the %-formatting function;</li>
 * <li>a "}}" that closes nested braces inside an expression is split so Jinjava does not end
 * the expression there;</li>
 * <li>{% raw %} sections and {# comments #} are left alone.</li>
 * </ul>
 * It also tells whether the text is exactly one {{ expression }} (whitespace around allowed).
 */
final class TemplateSource {
    static final String FORMAT_FUNCTION = "__pb_format";
    private static final Pattern RAW = Pattern.compile("\\{%[-+]?\\s*raw\\s*[-+]?%\\}");
    private static final Pattern END_RAW = Pattern.compile("\\{%[-+]?\\s*endraw\\s*[-+]?%\\}");

    /** The rewritten text, and the rewritten expression when the text is a single {{ }}. */
    record Prepared(String text, String singleExpression) {}

    private final String src;
    private final StringBuilder out = new StringBuilder();
    private int blocks;
    private boolean onlyOneExpression = true;
    private String expression;

    private TemplateSource(String src) {
        this.src = src;
    }

    /**
     * Deepest ( [ { nesting inside one block. Jinjava's parser recurses per level and looks ahead
     * in a linked list, so 50,000 levels took minutes and more overflowed the stack; Jinja2 itself
     * stops near a hundred (Python's recursion limit).
     */
    static final int MAX_NESTING = 100;

    static Prepared prepare(String src) {
        TemplateSource t = new TemplateSource(src);
        t.scan();
        String single = t.onlyOneExpression && t.blocks == 1 ? t.expression : null;
        return new Prepared(t.out.toString(), single);
    }

    private void scan() {
        int i = 0;
        int n = src.length();
        while (i < n) {
            int open = src.indexOf('{', i);
            if (open < 0 || open + 1 >= n) {
                text(i, n);
                return;
            }
            char c = src.charAt(open + 1);
            if (c != '{' && c != '%' && c != '#') {
                text(i, open + 1);
                i = open + 1;
                continue;
            }
            text(i, open);
            if (c == '#') {
                int end = src.indexOf("#}", open + 2);
                end = end < 0 ? n : end + 2;
                out.append(src, open, end);
                onlyOneExpression = false;
                i = end;
            } else if (c == '%') {
                onlyOneExpression = false;
                Matcher raw = RAW.matcher(src).region(open, n);
                if (raw.lookingAt()) {
                    Matcher endRaw = END_RAW.matcher(src);
                    int end = endRaw.find(raw.end()) ? endRaw.end() : n;
                    out.append(src, open, end);
                    i = end;
                } else {
                    i = block(open, "%}", false);
                }
            } else {
                blocks++;
                i = block(open, "}}", true);
            }
        }
    }

    private void text(int from, int to) {
        if (from >= to) return;
        out.append(src, from, to);
        if (!src.substring(from, to).isBlank()) onlyOneExpression = false;
    }

    /** Copies one block starting at its opening delimiter; returns the index after it. */
    private int block(int open, String close, boolean expr) {
        int start = open + 2;
        out.append(src, open, start);
        int bodyStart = out.length();
        int depth = 0;
        int i = start;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '\'' || c == '"') {
                i = literal(i, expr);
                continue;
            }
            if (depth == 0 && src.startsWith(close, i)) {
                if (expr) expression = trimControl(out.substring(bodyStart));
                out.append(close);
                return i + 2;
            }
            if ((c == '(' || c == '[' || c == '{') && ++depth > MAX_NESTING) {
                throw new TemplateException("template error while templating string: brackets nested more than " + MAX_NESTING
                        + " levels deep. String: " + (src.length() > 200 ? src.substring(0, 200) + "..." : src));
            }
            if ((c == ')' || c == ']' || c == '}') && depth > 0) depth--;
            out.append(c);
            if (c == '}' && depth > 0 && i + 1 < n && src.charAt(i + 1) == '}') out.append(' ');
            i++;
        }
        if (expr) expression = null;
        onlyOneExpression = false;
        return n;
    }

    private static String trimControl(String body) {
        String b = body;
        if (b.startsWith("-") || b.startsWith("+")) b = b.substring(1);
        if (b.endsWith("-") || b.endsWith("+")) b = b.substring(0, b.length() - 1);
        return b.trim();
    }

    /** Copies a string literal (and a following {@code % operand}); returns the index after. */
    private int literal(int i, boolean expr) {
        int literalOut = out.length();
        int end = emitLiteral(i, expr);
        int j = skipSpaces(end);
        if (j < src.length() && src.charAt(j) == '%' && (j + 1 >= src.length() || src.charAt(j + 1) != '}')) {
            int opStart = skipSpaces(j + 1);
            int opEnd = operandEnd(opStart);
            if (opEnd > opStart) {
                out.insert(literalOut, FORMAT_FUNCTION + "(");
                out.append(", ");
                int k = opStart;
                while (k < opEnd) {
                    char c = src.charAt(k);
                    if (c == '\'' || c == '"') {
                        k = emitLiteral(k, expr);
                    } else {
                        out.append(c);
                        k++;
                    }
                }
                out.append(')');
                return opEnd;
            }
        }
        return end;
    }

    /** Emits the literal at i re-encoded for Jinjava; returns the index after its closing quote. */
    private int emitLiteral(int i, boolean expr) {
        char q = src.charAt(i);
        StringBuilder value = new StringBuilder();
        int k = i + 1;
        int n = src.length();
        while (k < n && src.charAt(k) != q) {
            char c = src.charAt(k);
            if (c == '\\' && k + 1 < n) {
                char e = src.charAt(k + 1);
                if (e == q) {
                    value.append(q);
                    k += 2;
                    continue;
                }
                if (expr) {
                    value.append(c).append(e);
                    k += 2;
                    continue;
                } else {
                    k += 2;
                    switch (e) {
                        case '\\' -> value.append('\\');
                        case '\'', '"' -> value.append(e);
                        case 'n' -> value.append('\n');
                        case 't' -> value.append('\t');
                        case 'r' -> value.append('\r');
                        default -> value.append('\\').append(e);
                    }
                    continue;
                }
            }
            value.append(c);
            k++;
        }
        out.append(q).append(value.toString().replace("\\", "\\\\").replace(String.valueOf(q), "\\" + q)).append(q);
        return Math.min(k + 1, n);
    }

    private int skipSpaces(int i) {
        while (i < src.length() && Character.isWhitespace(src.charAt(i))) i++;
        return i;
    }

    /** The end of the operand of %: a bracketed group, a literal, a number or a name with trailers. */
    private int operandEnd(int i) {
        int n = src.length();
        if (i >= n) return i;
        char c = src.charAt(i);
        int j;
        if (c == '(' || c == '[' || c == '{') {
            j = matching(i);
        } else if (c == '\'' || c == '"') {
            j = skipLiteral(i);
        } else if (Character.isDigit(c) || (c == '-' && i + 1 < n && Character.isDigit(src.charAt(i + 1)))) {
            j = i + 1;
            while (j < n && (Character.isDigit(src.charAt(j)) || src.charAt(j) == '.')) j++;
            return j;
        } else if (Character.isLetter(c) || c == '_') {
            j = identEnd(i);
        } else {
            return i;
        }
        while (j < n) {
            char t = src.charAt(j);
            if (t == '.' && j + 1 < n && (Character.isLetter(src.charAt(j + 1)) || src.charAt(j + 1) == '_')) {
                j = identEnd(j + 1);
            } else if (t == '[' || t == '(') {
                j = matching(j);
            } else {
                break;
            }
        }
        return j;
    }

    private int identEnd(int i) {
        while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) i++;
        return i;
    }

    private int skipLiteral(int i) {
        char q = src.charAt(i);
        int k = i + 1;
        while (k < src.length() && src.charAt(k) != q) k += src.charAt(k) == '\\' ? 2 : 1;
        return Math.min(k + 1, src.length());
    }

    private int matching(int i) {
        int depth = 0;
        int k = i;
        while (k < src.length()) {
            char c = src.charAt(k);
            if (c == '\'' || c == '"') {
                k = skipLiteral(k);
                continue;
            }
            if ((c == '(' || c == '[' || c == '{') && ++depth > MAX_NESTING) {
                throw new TemplateException("template error while templating string: brackets nested more than " + MAX_NESTING
                        + " levels deep. String: " + (src.length() > 200 ? src.substring(0, 200) + "..." : src));
            }
            if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0) return k + 1;
            }
            k++;
        }
        return k;
    }
}
