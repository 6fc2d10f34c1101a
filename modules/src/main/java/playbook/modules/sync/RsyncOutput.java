package playbook.modules.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * rsync's itemized output as synchronize asks for it ({@code --out-format='<<CHANGED>>%i %n%L'}):
 * one marked line per item rsync created, updated or deleted, nothing for items already in sync.
 * A pure parser, tested on recorded output.
 *
 * @param text  the output with the markers removed (Ansible's {@code msg})
 * @param lines its non-empty lines (Ansible's {@code stdout_lines})
 * @param items the marked lines: what rsync changed or, with {@code --dry-run}, would change
 */
record RsyncOutput(String text, List<String> lines, List<Item> items) {
    static final String MARKER = "<<CHANGED>>";

    /** One itemized change: {@code >f+++++++++ a.txt}, {@code cd+++++++++ dir/}, {@code *deleting   old}. */
    record Item(String code, String path) {
        boolean deleted() { return code.equals("*deleting"); }

        boolean created() { return code.length() > 2 && code.substring(2).chars().allMatch(c -> c == '+'); }
    }

    static RsyncOutput parse(String stdout) {
        String out = stdout == null ? "" : stdout;
        List<Item> items = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String raw : out.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            int at = line.indexOf(MARKER);
            if (at >= 0) {
                String rest = line.substring(at + MARKER.length());
                int sp = rest.indexOf(' ');
                String code = sp < 0 ? rest : rest.substring(0, sp);
                String path = sp < 0 ? "" : rest.substring(sp + 1).stripLeading();
                items.add(new Item(code, path));
                line = line.substring(0, at) + rest;
            }
            if (!line.isEmpty()) lines.add(line);
        }
        return new RsyncOutput(out.replace(MARKER, ""), List.copyOf(lines), List.copyOf(items));
    }

    boolean changed() { return !items.isEmpty(); }

    /** The itemized changes as text, one per line, for --diff. */
    String itemized() {
        StringBuilder sb = new StringBuilder();
        for (Item i : items) sb.append(i.code()).append(' ').append(i.path()).append('\n');
        return sb.toString();
    }

    /** "3 items changed (1 created, 1 deleted)" or "nothing to change". */
    String summary(boolean dryRun) {
        if (items.isEmpty()) return "nothing to change";
        long created = items.stream().filter(Item::created).count();
        long deleted = items.stream().filter(Item::deleted).count();
        return items.size() + (items.size() == 1 ? " item " : " items ") + (dryRun ? "would change" : "changed")
                + " (" + created + " created, " + deleted + " deleted)";
    }

    /** rsync's version from {@code rsync --version}: {major, minor, patch}, or null (openrsync, not rsync). */
    static int[] version(String versionOutput) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^rsync\\s+version\\s+v?(\\d+)\\.(\\d+)\\.(\\d+)",
                java.util.regex.Pattern.MULTILINE).matcher(versionOutput == null ? "" : versionOutput);
        if (!m.find()) return null;
        return new int[]{Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
    }
}
