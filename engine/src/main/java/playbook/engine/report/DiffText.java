package playbook.engine.report;

import playbook.engine.api.Result;

import java.util.List;

/**
 * The text Ansible's callbacks show for {@code --diff} ({@code CallbackBase._get_diff}): per diff,
 * "--- before: header" / "+++ after: header" (or bare "before"/"after"), a unified diff with
 * {@value #CONTEXT} lines of context, "\ No newline at end of file" after a last line without one,
 * each line coloured by its first character, and an empty line after each non-empty diff.
 */
final class DiffText {
    static final int CONTEXT = 3;
    private static final String NO_NEWLINE = "\n\\ No newline at end of file\n";

    private DiffText() {}

    static String render(List<Result.Diff> diffs, boolean color) {
        StringBuilder ret = new StringBuilder();
        for (Result.Diff d : diffs) {
            String beforeHeader = d.beforeHeader() == null ? "before" : "before: " + d.beforeHeader();
            String afterHeader = d.afterHeader() == null ? "after" : "after: " + d.afterHeader();
            List<String> before = lines(d.before());
            List<String> after = lines(d.after());
            boolean hasDiff = false;
            for (String line : UnifiedDiff.diff(before, after, beforeHeader, afterHeader, CONTEXT)) {
                hasDiff = true;
                if (line.startsWith("+")) line = Color.DIFF_ADD.wrap(line, color);
                else if (line.startsWith("-")) line = Color.DIFF_REMOVE.wrap(line, color);
                else if (line.startsWith("@@")) line = Color.DIFF_LINES.wrap(line, color);
                ret.append(line);
            }
            if (hasDiff) ret.append('\n');
        }
        return ret.toString();
    }

    private static List<String> lines(String text) {
        List<String> lines = UnifiedDiff.splitLines(text == null ? "" : text);
        if (!lines.isEmpty()) {
            int last = lines.size() - 1;
            if (!lines.get(last).endsWith("\n")) lines.set(last, lines.get(last) + NO_NEWLINE);
        }
        return lines;
    }
}
