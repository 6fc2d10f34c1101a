package playbook.engine.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Ansible's argument conversions (module_utils' check_type_*), as pure functions. */
public final class Conversions {
    private Conversions() {}

    public static Object to(ArgType type, Object v) {
        if (v == null) return null;
        return switch (type) {
            case STR, PATH -> toStr(v);
            case INT -> toLong(v);
            case FLOAT -> toDouble(v);
            case BOOL -> toBool(v);
            case LIST -> toList(v);
            case DICT -> toDict(v);
            case RAW -> v;
        };
    }

    public static String toStr(Object v) {
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) return String.valueOf(d);
        return String.valueOf(v);
    }

    public static long toLong(Object v) {
        if (v instanceof Number n) {
            if (n instanceof Double d && d != Math.rint(d)) throw new IllegalArgumentException("'" + v + "' is not an integer");
            return n.longValue();
        }
        if (v instanceof Boolean) throw new IllegalArgumentException("'" + v + "' is not an integer");
        String s = String.valueOf(v).trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not an integer");
        }
    }

    public static double toDouble(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a number");
        }
    }

    /** Ansible's boolean(): yes/no, on/off, true/false, y/n, 1/0, case-insensitive. */
    public static boolean toBool(Object v) {
        if (v instanceof Boolean b) return b;
        if (v instanceof Number n) {
            if (n.doubleValue() == 1) return true;
            if (n.doubleValue() == 0) return false;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "yes", "on", "true", "1", "y", "t" -> true;
            case "no", "off", "false", "0", "n", "f", "" -> false;
            default -> throw new IllegalArgumentException("'" + v + "' is not a valid boolean");
        };
    }

    /** True when {@link #toBool} would accept the value. */
    public static boolean isBoolLike(Object v) {
        try { toBool(v); return true; } catch (IllegalArgumentException e) { return false; }
    }

    @SuppressWarnings("unchecked")
    public static List<Object> toList(Object v) {
        if (v instanceof List<?> l) return (List<Object>) l;
        if (v instanceof String s) {
            List<Object> out = new ArrayList<>();
            if (s.isEmpty()) return out;
            for (String p : s.split(",")) out.add(p.trim());
            return out;
        }
        if (v instanceof Number || v instanceof Boolean) return new ArrayList<>(List.of(toStr(v)));
        throw new IllegalArgumentException("'" + v + "' is not a list");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> toDict(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), val));
            return out;
        }
        if (v instanceof String s) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String p : s.trim().split("[\\s,]+")) {
                if (p.isEmpty()) continue;
                int eq = p.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("'" + s + "' is not a dictionary (expected k=v pairs)");
                out.put(p.substring(0, eq), p.substring(eq + 1));
            }
            return out;
        }
        throw new IllegalArgumentException("'" + v + "' is not a dictionary");
    }
}
