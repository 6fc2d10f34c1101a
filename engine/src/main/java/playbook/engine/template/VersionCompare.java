package playbook.engine.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import playbook.engine.TemplateException;

/** Ansible's version test: LooseVersion ordering (numbers and letter runs) with its operators. */
final class VersionCompare {
    private static final Pattern COMPONENT = Pattern.compile("\\d+|[a-z]+|\\.", Pattern.CASE_INSENSITIVE);

    private VersionCompare() {}

    static boolean test(Object value, Object version, String operator) {
        int c = compare(Values.str(value), Values.str(version));
        return switch (operator) {
            case "==", "=", "eq" -> c == 0;
            case "!=", "<>", "ne" -> c != 0;
            case "<", "lt" -> c < 0;
            case "<=", "le" -> c <= 0;
            case ">", "gt" -> c > 0;
            case ">=", "ge" -> c >= 0;
            default -> throw new TemplateException("Invalid operator type (" + operator + ")");
        };
    }

    static int compare(String a, String b) {
        List<Object> x = parse(a);
        List<Object> y = parse(b);
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            Object p = x.get(i);
            Object q = y.get(i);
            int c;
            if (p instanceof Long l && q instanceof Long m) c = Long.compare(l, m);
            else if (p instanceof String s && q instanceof String t) c = s.compareTo(t);
            else throw new TemplateException("Version comparison failed: '<' not supported between instances of '"
                        + PyRepr.typeName(p) + "' and '" + PyRepr.typeName(q) + "'");
            if (c != 0) return c;
        }
        return Integer.compare(x.size(), y.size());
    }

    private static List<Object> parse(String v) {
        List<Object> out = new ArrayList<>();
        Matcher m = COMPONENT.matcher(v);
        while (m.find()) {
            String c = m.group();
            if (c.equals(".")) continue;
            out.add(Character.isDigit(c.charAt(0)) ? (Object) Long.parseLong(c) : c);
        }
        return out;
    }
}
