package playbook.engine.parse;

import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * YAML 1.1 scalar resolution as PyYAML (and so Ansible) does it: yes/no/on/off booleans,
 * 0644 octal, 0x1F hex, 0b101, 1_000, sexagesimal 1:30, ~ null. snakeyaml-engine's defaults
 * (JSON or Core schema) read {@code mode: 0644} as a string or as decimal 644.
 */
final class Yaml11Schema implements Schema {
    static final Pattern BOOL = Pattern.compile("yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
    static final Pattern INT = Pattern.compile(
            "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
    static final Pattern FLOAT = Pattern.compile(
            "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9_]+(?:[eE][-+][0-9]+)?"
                    + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");
    static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");

    @Override
    public ScalarResolver getScalarResolver() {
        return (value, implicit) -> {
            if (!implicit) return Tag.STR;
            if (NULL.matcher(value).matches()) return Tag.NULL;
            if (BOOL.matcher(value).matches()) return Tag.BOOL;
            if (INT.matcher(value).matches()) return Tag.INT;
            if (FLOAT.matcher(value).matches()) return Tag.FLOAT;
            if (value.equals("<<")) return Tag.MERGE;
            return Tag.STR;
        };
    }

    @Override
    public Map<Tag, ConstructNode> getSchemaTagConstructors() {
        return Map.of();
    }

    static boolean bool(String v) {
        String s = v.toLowerCase();
        return s.equals("yes") || s.equals("true") || s.equals("on");
    }

    /** PyYAML's construct_yaml_int. */
    static Object integer(String raw) {
        String v = raw.replace("_", "");
        int sign = 1;
        if (v.startsWith("-")) { sign = -1; v = v.substring(1); }
        else if (v.startsWith("+")) v = v.substring(1);
        long r;
        if (v.equals("0")) r = 0;
        else if (v.startsWith("0b")) r = Long.parseLong(v.substring(2), 2);
        else if (v.startsWith("0x")) r = Long.parseLong(v.substring(2), 16);
        else if (v.startsWith("0")) r = Long.parseLong(v.substring(1), 8);
        else if (v.contains(":")) {
            r = 0;
            for (String part : v.split(":")) r = r * 60 + Long.parseLong(part);
        } else {
            try {
                r = Long.parseLong(v);
            } catch (NumberFormatException e) {
                return new java.math.BigInteger(v).multiply(java.math.BigInteger.valueOf(sign));
            }
        }
        return sign * r;
    }

    /** PyYAML's construct_yaml_float. */
    static double floating(String raw) {
        String v = raw.replace("_", "").toLowerCase();
        double sign = 1;
        if (v.startsWith("-")) { sign = -1; v = v.substring(1); }
        else if (v.startsWith("+")) v = v.substring(1);
        if (v.equals(".inf")) return sign * Double.POSITIVE_INFINITY;
        if (v.equals(".nan")) return Double.NaN;
        if (v.contains(":")) {
            double r = 0;
            for (String part : v.split(":")) r = r * 60 + Double.parseDouble(part);
            return sign * r;
        }
        return sign * Double.parseDouble(v);
    }
}
