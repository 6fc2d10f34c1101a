package playbook.engine.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import playbook.engine.TemplateException;

/** The sequence lookup: "start=1 end=5 stride=1 format=%d", "count=3", or "[start-]end[/stride][:format]". */
final class SequenceLookup {
    private static final String NUM = "(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)";
    private static final Pattern SHORTCUT = Pattern.compile("^(?:" + NUM + "-)?" + NUM + "(?:/" + NUM + ")?(?::(.+))?$");

    private SequenceLookup() {}

    static List<Object> generate(String term, Map<String, Object> kw) {
        long start = 1;
        Long end = null;
        Long count = null;
        long stride = 1;
        String format = "%d";
        term = term.trim();
        Matcher m = SHORTCUT.matcher(term);
        if (!term.isEmpty() && !term.contains("=") && m.matches()) {
            if (m.group(1) != null) start = num(m.group(1));
            end = num(m.group(2));
            if (m.group(3) != null) stride = num(m.group(3));
            if (m.group(4) != null) format = m.group(4);
        } else {
            java.util.Map<String, Object> params = new java.util.LinkedHashMap<>(kw);
            for (String part : term.isEmpty() ? new String[0] : term.split("\\s+")) {
                int eq = part.indexOf('=');
                if (eq < 0) throw new TemplateException("can't parse arg " + part + " in sequence lookup");
                params.put(part.substring(0, eq), part.substring(eq + 1));
            }
            for (Map.Entry<String, Object> e : params.entrySet()) {
                String v = Values.str(e.getValue());
                switch (e.getKey()) {
                    case "start" -> start = num(v);
                    case "end" -> end = num(v);
                    case "count" -> count = num(v);
                    case "stride" -> stride = num(v);
                    case "format" -> format = v;
                    default -> throw new TemplateException("unrecognized arguments to with_sequence: " + e.getKey());
                }
            }
        }
        if (count != null && end != null) throw new TemplateException("can't specify both count and end in with_sequence");
        if (count == null && end == null) throw new TemplateException("must specify count or end in with_sequence");
        if (count != null) {
            if (count == 0) return new ArrayList<>();
            end = start + count * stride - 1;
            if (stride < 0) end = start + count * stride + 1;
        }
        if (stride > 0 && end < start) throw new TemplateException("to count backwards make stride negative");
        if (stride < 0 && end > start) throw new TemplateException("to count forward don't make stride negative");
        List<Object> out = new ArrayList<>();
        if (stride == 0) return out;
        for (long i = start; stride > 0 ? i <= end : i >= end; i += stride) out.add(PyFormat.percent(format, i));
        return out;
    }

    private static long num(String s) {
        String t = s.trim().toLowerCase();
        try {
            if (t.startsWith("0x")) return Long.parseLong(t.substring(2), 16);
            if (t.startsWith("0o")) return Long.parseLong(t.substring(2), 8);
            if (t.length() > 1 && t.startsWith("0")) return Long.parseLong(t.substring(1), 8);
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new TemplateException("can't parse " + s + " as an integer in sequence lookup");
        }
    }
}
