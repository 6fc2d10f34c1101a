package playbook.engine.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two bits of terminal layout Ansible's {@code Display} does: banners of stars up to the
 * screen width (79 columns when not on a terminal, so a banner line is 80 wide) measured in
 * display cells, and Python's {@code textwrap.wrap} with its default options for warnings.
 */
final class TextLayout {
    /** Ansible's {@code Display.columns} when stdout is not a tty: {@code max(79, 0 - 1)}. */
    static final int COLUMNS = 79;

    private static final String WS = "[\\t\\n\\u000b\\u000c\\r ]";
    private static final String NWS = "[^\\t\\n\\u000b\\u000c\\r ]";
    private static final String WP = "[\\w!\"'&.,?]";
    private static final String LT = "[^\\d\\W]";
    /** textwrap.TextWrapper.wordsep_re, verbatim. */
    private static final Pattern WORDSEP = Pattern.compile(
            "(" + WS + "+"
                    + "|(?<=" + WP + ")-{2,}(?=\\w)"
                    + "|" + NWS + "+?(?:"
                    + "-(?:(?<=" + LT + "{2}-)|(?<=" + LT + "-" + LT + "-))(?=" + LT + "-?" + LT + ")"
                    + "|(?=" + WS + "|\\z)"
                    + "|(?<=" + WP + ")(?=-{2,}\\w)"
                    + "))", Pattern.UNICODE_CHARACTER_CLASS);

    private TextLayout() {}

    /** Ansible's {@code Display.banner} line (without the leading newline): "msg ****". */
    static String banner(String msg, int columns) {
        String m = msg.strip();
        int stars = Math.max(columns - width(m), 3);
        if (stars <= 3) stars = 3;
        return m + " " + "*".repeat(stars);
    }

    /** Display cells, like wcswidth: East Asian wide characters count 2, combining marks 0. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                    || type == Character.CONTROL) continue;
            w += isWide(cp) ? 2 : 1;
        }
        return w;
    }

    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
    }

    /** Python's {@code textwrap.wrap(text, width, drop_whitespace=drop)}, other options default. */
    static List<String> wrap(String text, int width, boolean drop) {
        String munged = expandTabs(text).replaceAll(WS, " ");
        List<String> chunks = new ArrayList<>();
        Matcher m = WORDSEP.matcher(munged);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) chunks.add(munged.substring(last, m.start()));
            if (!m.group().isEmpty()) chunks.add(m.group());
            last = m.end();
        }
        if (last < munged.length()) chunks.add(munged.substring(last));
        return wrapChunks(chunks, width, drop);
    }

    private static List<String> wrapChunks(List<String> chunks, int width, boolean drop) {
        List<String> lines = new ArrayList<>();
        List<String> rev = new ArrayList<>(chunks);
        java.util.Collections.reverse(rev);
        while (!rev.isEmpty()) {
            List<String> cur = new ArrayList<>();
            int curLen = 0;
            if (drop && rev.get(rev.size() - 1).strip().isEmpty() && !lines.isEmpty()) rev.remove(rev.size() - 1);
            while (!rev.isEmpty()) {
                int l = rev.get(rev.size() - 1).length();
                if (curLen + l <= width) {
                    cur.add(rev.remove(rev.size() - 1));
                    curLen += l;
                } else {
                    break;
                }
            }
            if (!rev.isEmpty() && rev.get(rev.size() - 1).length() > width) {
                int spaceLeft = width < 1 ? 1 : width - curLen;
                String chunk = rev.get(rev.size() - 1);
                int end = spaceLeft;
                if (chunk.length() > spaceLeft) {
                    int hyphen = chunk.lastIndexOf('-', spaceLeft - 1);
                    if (hyphen > 0 && !chunk.substring(0, hyphen).chars().allMatch(c -> c == '-')) end = hyphen + 1;
                }
                cur.add(chunk.substring(0, end));
                rev.set(rev.size() - 1, chunk.substring(end));
                curLen = cur.stream().mapToInt(String::length).sum();
            }
            if (drop && !cur.isEmpty() && cur.get(cur.size() - 1).strip().isEmpty()) cur.remove(cur.size() - 1);
            if (!cur.isEmpty()) lines.add(String.join("", cur));
        }
        return lines;
    }

    private static String expandTabs(String s) {
        if (s.indexOf('\t') < 0) return s;
        StringBuilder sb = new StringBuilder();
        int col = 0;
        for (char c : s.toCharArray()) {
            if (c == '\t') {
                int n = 8 - (col % 8);
                sb.append(" ".repeat(n));
                col += n;
            } else {
                sb.append(c);
                col = (c == '\n' || c == '\r') ? 0 : col + 1;
            }
        }
        return sb.toString();
    }
}
