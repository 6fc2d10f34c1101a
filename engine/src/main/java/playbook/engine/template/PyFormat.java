package playbook.engine.template;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import playbook.engine.TemplateException;

/** Python string formatting: {@code 'fmt' % args} and {@code 'fmt'.format(*args, **kwargs)}. */
final class PyFormat {
    private static final Pattern PERCENT = Pattern.compile("%(?:\\((\\w+)\\))?([-+ #0]*)(\\*|\\d+)?(?:\\.(\\d+))?([sdirfFeEgGxXoc%])");
    private static final Pattern BRACE_SPEC = Pattern.compile("(?:(.)?([<>^=]))?([-+ ])?(#)?(0)?(\\d+)?(,)?(?:\\.(\\d+))?([bcdeEfFgGnosxX%])?");

    private PyFormat() {}

    /** {@code fmt % args}: args is a tuple/list (positional), a mapping (named) or one value. */
    static String percent(String fmt, Object args) {
        args = Values.unwrap(args);
        List<?> positional = args instanceof List<?> l ? l : java.util.Collections.singletonList(args);
        Map<?, ?> named = args instanceof Map<?, ?> m ? m : null;
        Matcher m = PERCENT.matcher(fmt);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        int next = 0;
        while (m.find()) {
            sb.append(fmt, last, m.start());
            last = m.end();
            char conv = m.group(5).charAt(0);
            if (conv == '%') {
                sb.append('%');
                continue;
            }
            Object value;
            if (m.group(1) != null) {
                if (named == null) throw new TemplateException("format requires a mapping");
                value = named.get(m.group(1));
            } else if (named != null && positional.size() == 1) {
                value = named;
                next++;
            } else {
                if (next >= positional.size()) throw new TemplateException("not enough arguments for format string");
                value = positional.get(next++);
            }
            String flags = m.group(2);
            String width = m.group(3) == null ? "" : m.group(3);
            String precision = m.group(4);
            sb.append(convert(value, flags, width, precision, conv));
        }
        if (named == null && next < positional.size()) {
            throw new TemplateException("not all arguments converted during string formatting");
        }
        return sb.append(fmt.substring(last)).toString();
    }

    private static String convert(Object v, String flags, String width, String precision, char conv) {
        String body;
        switch (conv) {
            case 's' -> body = cut(Values.str(v), precision);
            case 'r' -> body = cut(PyRepr.repr(v), precision);
            case 'c' -> body = v instanceof Number n ? String.valueOf((char) n.intValue()) : Values.str(v);
            case 'd', 'i' -> body = String.valueOf(Values.toLong(v));
            case 'x' -> body = Long.toHexString(Values.toLong(v));
            case 'X' -> body = Long.toHexString(Values.toLong(v)).toUpperCase();
            case 'o' -> body = Long.toOctalString(Values.toLong(v));
            case 'f', 'F' -> body = String.format("%." + (precision == null ? "6" : precision) + "f", Values.toDouble(v));
            case 'e', 'E' -> body = pyExp(String.format("%." + (precision == null ? "6" : precision) + (conv == 'e' ? "e" : "E"), Values.toDouble(v)));
            default -> body = pyG(Values.toDouble(v), precision == null ? 6 : Integer.parseInt(precision));
        }
        if ("sr".indexOf(conv) < 0 && Values.toDouble(v) >= 0) {
            if (flags.contains("+")) body = "+" + body;
            else if (flags.contains(" ")) body = " " + body;
        }
        int w = width.isEmpty() ? 0 : Integer.parseInt(width);
        if (body.length() >= w) return body;
        if (flags.contains("-")) return body + " ".repeat(w - body.length());
        if (flags.contains("0") && "sr".indexOf(conv) < 0) {
            int sign = body.startsWith("-") || body.startsWith("+") || body.startsWith(" ") ? 1 : 0;
            return body.substring(0, sign) + "0".repeat(w - body.length()) + body.substring(sign);
        }
        return " ".repeat(w - body.length()) + body;
    }

    private static String cut(String s, String precision) {
        return precision == null || s.length() <= Integer.parseInt(precision) ? s : s.substring(0, Integer.parseInt(precision));
    }

    private static String pyExp(String javaExp) {
        // Java prints 1.5e+00 like Python already; keep at least two exponent digits
        return javaExp;
    }

    private static String pyG(double d, int precision) {
        if (precision == 0) precision = 1;
        String s = String.format("%." + precision + "g", d);
        if (s.contains("e")) {
            String[] parts = s.split("e");
            String mant = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
            return mant + "e" + parts[1];
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** str.format with {}, {0}, {name}, {0[key]}, {x.attr} and simple format specs. */
    static String format(String fmt, List<Object> args, Map<String, Object> kwargs) {
        StringBuilder sb = new StringBuilder();
        int auto = 0;
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i);
            if (c == '{' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '{') {
                sb.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < fmt.length() && fmt.charAt(i + 1) == '}') {
                sb.append('}');
                i += 2;
            } else if (c == '{') {
                int end = fmt.indexOf('}', i);
                if (end < 0) throw new TemplateException("Single '{' encountered in format string");
                String field = fmt.substring(i + 1, end);
                String spec = "";
                int colon = field.indexOf(':');
                if (colon >= 0) {
                    spec = field.substring(colon + 1);
                    field = field.substring(0, colon);
                }
                boolean repr = field.endsWith("!r");
                if (repr || field.endsWith("!s")) field = field.substring(0, field.length() - 2);
                String head = field.split("[.\\[]", 2)[0];
                Object value;
                if (head.isEmpty()) value = args.get(auto++);
                else if (head.chars().allMatch(Character::isDigit)) value = args.get(Integer.parseInt(head));
                else if (kwargs.containsKey(head)) value = kwargs.get(head);
                else throw new TemplateException("KeyError: '" + head + "'");
                String rest = field.substring(head.length());
                Matcher acc = Pattern.compile("\\.(\\w+)|\\[([^\\]]+)]").matcher(rest);
                while (acc.find()) {
                    String key = acc.group(1) != null ? acc.group(1) : acc.group(2);
                    value = Values.attribute(value, key);
                }
                sb.append(applySpec(repr ? PyRepr.repr(value) : value, spec));
                i = end + 1;
            } else {
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    private static String applySpec(Object v, String spec) {
        if (spec.isEmpty()) return Values.str(v);
        Matcher m = BRACE_SPEC.matcher(spec);
        if (!m.matches()) throw new TemplateException("Invalid format specifier '" + spec + "'");
        String fill = m.group(1) == null ? " " : m.group(1);
        String align = m.group(2);
        String sign = m.group(3) == null ? "" : m.group(3);
        boolean zero = m.group(5) != null;
        int width = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
        String precision = m.group(8);
        String type = m.group(9);
        String body;
        if (type == null) {
            body = precision != null && v instanceof Double d ? String.format("%." + precision + "f", d) : Values.str(v);
            if (precision != null && v instanceof String s) body = cut(s, precision);
        } else {
            char t = type.charAt(0);
            body = switch (t) {
                case 'd', 'n' -> String.valueOf(Values.toLong(v));
                case 'x' -> Long.toHexString(Values.toLong(v));
                case 'X' -> Long.toHexString(Values.toLong(v)).toUpperCase();
                case 'o' -> Long.toOctalString(Values.toLong(v));
                case 'b' -> Long.toBinaryString(Values.toLong(v));
                case 'f', 'F' -> String.format("%." + (precision == null ? "6" : precision) + "f", Values.toDouble(v));
                case 'e', 'E' -> String.format("%." + (precision == null ? "6" : precision) + t, Values.toDouble(v));
                case '%' -> String.format("%." + (precision == null ? "6" : precision) + "f", Values.toDouble(v) * 100) + "%";
                case 's' -> cut(Values.str(v), precision);
                default -> pyG(Values.toDouble(v), precision == null ? 6 : Integer.parseInt(precision));
            };
            if (m.group(7) != null && t != 's') body = body.replaceAll("(\\d)(?=(\\d{3})+(?!\\d))", "$1,");
        }
        if (!sign.isEmpty() && v instanceof Number n && n.doubleValue() >= 0 && !"-".equals(sign)) body = sign + body;
        if (zero && align == null) {
            fill = "0";
            align = "=";
        }
        if (align == null) align = v instanceof Number ? ">" : "<";
        int pad = width - body.length();
        if (pad <= 0) return body;
        return switch (align) {
            case "<" -> body + fill.repeat(pad);
            case "^" -> fill.repeat(pad / 2) + body + fill.repeat(pad - pad / 2);
            case "=" -> {
                int s = body.startsWith("-") || body.startsWith("+") ? 1 : 0;
                yield body.substring(0, s) + fill.repeat(pad) + body.substring(s);
            }
            default -> fill.repeat(pad) + body;
        };
    }
}
