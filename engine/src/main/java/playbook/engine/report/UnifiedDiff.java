package playbook.engine.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unified diffs exactly as Python's {@code difflib.unified_diff} (which Ansible uses for
 * {@code --diff}): the same Ratcliff/Obershelp matching as {@code SequenceMatcher} (longest matching
 * block first, then recursively either side; "popular" lines of long inputs treated as junk), the
 * same hunk grouping with {@code n} lines of context, and the same {@code @@ -a,b +c,d @@} ranges.
 * Lines keep their own line ends, as with {@code splitlines(True)}.
 */
public final class UnifiedDiff {
    private UnifiedDiff() {}

    private record Op(char tag, int i1, int i2, int j1, int j2) {}

    /**
     * The diff lines: "--- from", "+++ to", then hunks; each header line ends in "\n", each body
     * line is the input line (with its own line end) behind ' ', '-' or '+'. Empty when equal.
     */
    public static List<String> diff(List<String> a, List<String> b, String fromFile, String toFile, int context) {
        List<String> out = new ArrayList<>();
        for (List<Op> group : groupedOpcodes(opcodes(a, b), context)) {
            if (out.isEmpty()) {
                out.add("--- " + fromFile + "\n");
                out.add("+++ " + toFile + "\n");
            }
            Op first = group.get(0), last = group.get(group.size() - 1);
            out.add("@@ -" + range(first.i1, last.i2) + " +" + range(first.j1, last.j2) + " @@\n");
            for (Op op : group) {
                if (op.tag == 'e') {
                    for (int i = op.i1; i < op.i2; i++) out.add(" " + a.get(i));
                    continue;
                }
                if (op.tag == 'r' || op.tag == 'd') for (int i = op.i1; i < op.i2; i++) out.add("-" + a.get(i));
                if (op.tag == 'r' || op.tag == 'i') for (int j = op.j1; j < op.j2; j++) out.add("+" + b.get(j));
            }
        }
        return out;
    }

    /** Python's {@code str.splitlines(True)}: lines with their line ends. */
    public static List<String> splitLines(String s) {
        List<String> out = new ArrayList<>();
        int start = 0, n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean br = c == '\n' || c == '\r' || c == '\u000b' || c == '\u000c' || c == '\u001c' || c == '\u001d'
                    || c == '\u001e' || c == '\u0085' || c == '\u2028' || c == '\u2029';
            if (!br) continue;
            if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') i++;
            out.add(s.substring(start, i + 1));
            start = i + 1;
        }
        if (start < n) out.add(s.substring(start));
        return out;
    }

    private static String range(int start, int stop) {
        int beginning = start + 1, length = stop - start;
        if (length == 1) return Integer.toString(beginning);
        if (length == 0) beginning--;
        return beginning + "," + length;
    }

    private static List<Op> opcodes(List<String> a, List<String> b) {
        List<int[]> blocks = matchingBlocks(a, b);
        List<Op> ops = new ArrayList<>();
        int i = 0, j = 0;
        for (int[] m : blocks) {
            int ai = m[0], bj = m[1], size = m[2];
            char tag = 0;
            if (i < ai && j < bj) tag = 'r';
            else if (i < ai) tag = 'd';
            else if (j < bj) tag = 'i';
            if (tag != 0) ops.add(new Op(tag, i, ai, j, bj));
            i = ai + size;
            j = bj + size;
            if (size > 0) ops.add(new Op('e', ai, i, bj, j));
        }
        return ops;
    }

    private static List<List<Op>> groupedOpcodes(List<Op> codes, int n) {
        codes = new ArrayList<>(codes);
        if (codes.isEmpty()) codes.add(new Op('e', 0, 1, 0, 1));
        Op c0 = codes.get(0);
        if (c0.tag == 'e') codes.set(0, new Op('e', Math.max(c0.i1, c0.i2 - n), c0.i2, Math.max(c0.j1, c0.j2 - n), c0.j2));
        Op cl = codes.get(codes.size() - 1);
        if (cl.tag == 'e') codes.set(codes.size() - 1, new Op('e', cl.i1, Math.min(cl.i2, cl.i1 + n), cl.j1, Math.min(cl.j2, cl.j1 + n)));
        int nn = n + n;
        List<List<Op>> groups = new ArrayList<>();
        List<Op> group = new ArrayList<>();
        for (Op op : codes) {
            int i1 = op.i1, j1 = op.j1;
            if (op.tag == 'e' && op.i2 - op.i1 > nn) {
                group.add(new Op('e', i1, Math.min(op.i2, i1 + n), j1, Math.min(op.j2, j1 + n)));
                groups.add(group);
                group = new ArrayList<>();
                i1 = Math.max(i1, op.i2 - n);
                j1 = Math.max(j1, op.j2 - n);
            }
            group.add(new Op(op.tag, i1, op.i2, j1, op.j2));
        }
        if (!group.isEmpty() && !(group.size() == 1 && group.get(0).tag == 'e')) groups.add(group);
        return groups;
    }

    private static List<int[]> matchingBlocks(List<String> a, List<String> b) {
        Map<String, List<Integer>> b2j = new HashMap<>();
        for (int j = 0; j < b.size(); j++) b2j.computeIfAbsent(b.get(j), k -> new ArrayList<>()).add(j);
        if (b.size() >= 200) {   // difflib's autojunk: drop "popular" lines from the index
            int ntest = b.size() / 100 + 1;
            Set<String> popular = new HashSet<>();
            b2j.forEach((k, v) -> { if (v.size() > ntest) popular.add(k); });
            popular.forEach(b2j::remove);
        }
        List<int[]> found = new ArrayList<>();
        Deque<int[]> queue = new ArrayDeque<>();
        queue.push(new int[] {0, a.size(), 0, b.size()});
        while (!queue.isEmpty()) {
            int[] q = queue.pop();
            int alo = q[0], ahi = q[1], blo = q[2], bhi = q[3];
            int[] m = longestMatch(a, b, b2j, alo, ahi, blo, bhi);
            int i = m[0], j = m[1], k = m[2];
            if (k > 0) {
                found.add(m);
                if (alo < i && blo < j) queue.push(new int[] {alo, i, blo, j});
                if (i + k < ahi && j + k < bhi) queue.push(new int[] {i + k, ahi, j + k, bhi});
            }
        }
        found.sort((x, y) -> x[0] != y[0] ? Integer.compare(x[0], y[0])
                : x[1] != y[1] ? Integer.compare(x[1], y[1]) : Integer.compare(x[2], y[2]));
        List<int[]> blocks = new ArrayList<>();
        int i1 = 0, j1 = 0, k1 = 0;
        for (int[] m : found) {
            if (i1 + k1 == m[0] && j1 + k1 == m[1]) {
                k1 += m[2];
            } else {
                if (k1 > 0) blocks.add(new int[] {i1, j1, k1});
                i1 = m[0]; j1 = m[1]; k1 = m[2];
            }
        }
        if (k1 > 0) blocks.add(new int[] {i1, j1, k1});
        blocks.add(new int[] {a.size(), b.size(), 0});
        return blocks;
    }

    private static int[] longestMatch(List<String> a, List<String> b, Map<String, List<Integer>> b2j,
                                      int alo, int ahi, int blo, int bhi) {
        int besti = alo, bestj = blo, bestsize = 0;
        Map<Integer, Integer> j2len = new HashMap<>();
        for (int i = alo; i < ahi; i++) {
            Map<Integer, Integer> newj2len = new HashMap<>();
            for (int j : b2j.getOrDefault(a.get(i), List.of())) {
                if (j < blo) continue;
                if (j >= bhi) break;
                int k = j2len.getOrDefault(j - 1, 0) + 1;
                newj2len.put(j, k);
                if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
            }
            j2len = newj2len;
        }
        // no isjunk function: popular lines are not "junk" here, so matches extend over them
        while (besti > alo && bestj > blo && a.get(besti - 1).equals(b.get(bestj - 1))) {
            besti--; bestj--; bestsize++;
        }
        while (besti + bestsize < ahi && bestj + bestsize < bhi && a.get(besti + bestsize).equals(b.get(bestj + bestsize))) {
            bestsize++;
        }
        return new int[] {besti, bestj, bestsize};
    }
}
