package playbook.engine.inventory;

import playbook.engine.InventoryException;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands host ranges as Ansible's expand_hostname_range does: {@code web[01:03]} (zero padded),
 * {@code db-[a:c]}, {@code web[01:10:2]}, {@code [:5]} (start 0), several ranges in one name.
 */
final class HostRange {
    private static final String ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /** Guards against a typo such as {@code [1:99999999]} eating all memory. */
    static final int MAX_HOSTS = 1_000_000;

    private HostRange() {}

    static boolean hasRange(String name) {
        return name.indexOf('[') >= 0;
    }

    /**
     * The names a host pattern stands for.
     * @param where file:line for error messages
     */
    static List<String> expand(String pattern, String where) {
        List<String> out = new ArrayList<>();
        expandInto(pattern, where, out);
        return out;
    }

    private static void expandInto(String line, String where, List<String> out) {
        int open = line.indexOf('[');
        if (open < 0) {
            out.add(line);
            return;
        }
        int close = line.indexOf(']', open);
        if (close < 0 || line.indexOf('[', open + 1) >= 0 && line.indexOf('[', open + 1) < close) {
            throw error(where, line, "a '[' range has no matching ']'");
        }
        String head = line.substring(0, open);
        String range = line.substring(open + 1, close);
        String tail = line.substring(close + 1);
        String[] bounds = range.split(":", -1);
        if (bounds.length != 2 && bounds.length != 3) {
            throw error(where, line, "host range must be begin:end or begin:end:step");
        }
        String beg = bounds[0].isEmpty() ? "0" : bounds[0];
        String end = bounds[1];
        if (end.isEmpty()) throw error(where, line, "host range must specify end value");
        int step = 1;
        if (bounds.length == 3) {
            step = parseInt(bounds[2], where, line, "step");
            if (step <= 0) throw error(where, line, "host range step must be a positive number");
        }
        int width = 0;
        if (beg.charAt(0) == '0' && beg.length() > 1) {
            width = beg.length();
            if (width != end.length()) {
                throw error(where, line, "host range must specify equal-length begin and end formats");
            }
        }
        int iBeg = ASCII_LETTERS.indexOf(beg);
        int iEnd = ASCII_LETTERS.indexOf(end);
        List<String> seq = new ArrayList<>();
        if (iBeg >= 0 && iEnd >= 0) {
            if (iBeg > iEnd) throw error(where, line, "host range must have begin <= end");
            for (int i = iBeg; i <= iEnd; i += step) seq.add(String.valueOf(ASCII_LETTERS.charAt(i)));
        } else {
            long from = parseInt(beg, where, line, "begin");
            long to = parseInt(end, where, line, "end");
            if ((to - from) / step + 1 > MAX_HOSTS) {
                throw error(where, line, "host range expands to more than " + MAX_HOSTS + " hosts");
            }
            for (long i = from; i <= to; i += step) {
                String s = Long.toString(i);
                if (width > 0 && s.length() < width) s = "0".repeat(width - s.length()) + s;
                seq.add(s);
            }
        }
        for (String s : seq) {
            expandInto(head + s + tail, where, out);
            if (out.size() > MAX_HOSTS) throw error(where, line, "host range expands to more than " + MAX_HOSTS + " hosts");
        }
    }

    private static int parseInt(String s, String where, String line, String what) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw error(where, line, "host range " + what + " '" + s + "' is not a number or a single letter");
        }
    }

    private static InventoryException error(String where, String line, String what) {
        return new InventoryException(where + ": invalid host range in '" + line + "': " + what
                + "; write it as name[01:10], name[a:f] or name[01:10:2]");
    }
}
