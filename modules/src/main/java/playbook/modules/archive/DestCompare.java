package playbook.modules.archive;

import playbook.modules.common.RemotePath;
import playbook.modules.files.FileAttributes;
import playbook.modules.files.FileInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares an archive's members with what dest holds, in one read-only probe: the member names
 * (with their sizes) go to the probe on stdin, so the command line stays small for any archive;
 * the host prints each path's stat, its link target, and its sha256 when the size matches.
 * A member differs when it is missing, of another type, a file with other content, a link to
 * elsewhere, or (when mode/owner/group are given) has other attributes.
 */
final class DestCompare {
    private DestCompare() {}

    /** The probe; {@code rc 3} when dest is not a directory we can enter. */
    static String script(String dest) {
        return HostScript.STAT + HostScript.HASH
                + "cd " + RemotePath.word(dest) + " 2>/dev/null || exit 3\n"
                + "tab=$(printf '\\t')\n"
                + "while IFS=\"$tab\" read -r sz n; do\n"
                + "  l=$(__st \"$n\")\n"
                + "  if [ -z \"$l\" ]; then printf 'e\\t-\\t\\t%s\\n' \"$n\"; continue; fi\n"
                + "  x=\n"
                + "  if [ -L \"$n\" ]; then x=$(readlink \"$n\")\n"
                + "  elif [ \"$sz\" != - ] && [ -f \"$n\" ] && [ -r \"$n\" ]; then\n"
                + "    set -- $l; [ \"$4\" = \"$sz\" ] && x=$(__h < \"$n\")\n"
                + "  fi\n"
                + "  printf 'e\\t%s\\t%s\\t%s\\n' \"$l\" \"$x\" \"$n\"\n"
                + "done\n";
    }

    /** The probe's stdin: one {@code size<TAB>name} line per member (size "-" when no content check). */
    static byte[] stdin(List<ArchiveListing.Entry> entries) {
        StringBuilder s = new StringBuilder();
        for (ArchiveListing.Entry e : entries)
            s.append(e.isFile() ? String.valueOf(e.size()) : "-").append('\t').append(e.name()).append('\n');
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Bytes the extraction of the {@code differ} members adds to dest's file system: their sizes
     * minus the regular files they replace (tar unlinks a file before writing its new content).
     */
    static long growth(String stdout, List<ArchiveListing.Entry> entries, List<String> differ) {
        Map<String, Long> existing = new HashMap<>();
        for (String line : stdout.split("\n")) {
            String[] w = line.split("\t", 4);
            if (w.length != 4 || !w[0].equals("e") || w[1].equals("-")) continue;
            FileInfo fi = FileInfo.parse(w[1]);
            if (fi.isFile()) existing.put(w[3], fi.size());
        }
        java.util.Set<String> changing = new java.util.HashSet<>(differ);
        long total = 0;
        for (ArchiveListing.Entry e : entries) {
            if (!e.isFile() || !changing.contains(e.name())) continue;
            total += e.size() - existing.getOrDefault(e.name(), 0L);
        }
        return Math.max(0, total);
    }

    /** Names of the members that differ from dest (empty when dest already matches). */
    static List<String> differences(String stdout, List<ArchiveListing.Entry> entries, FileAttributes attrs) {
        Map<String, String[]> found = new HashMap<>();
        for (String line : stdout.split("\n")) {
            String[] w = line.split("\t", 4);
            if (w.length == 4 && w[0].equals("e")) found.put(w[3], w);
        }
        List<String> out = new ArrayList<>();
        for (ArchiveListing.Entry e : entries) {
            String[] w = found.get(e.name());
            if (w == null || w[1].equals("-")) { out.add(e.name()); continue; }
            FileInfo fi = FileInfo.parse(w[1]);
            boolean same = switch (e.type()) {
                case "directory" -> fi.isDir();
                case "file" -> fi.isFile() && fi.size() == e.size() && w[2].equals(e.sha256());
                case "link" -> fi.isLink() && w[2].equals(e.linkTarget());
                case "hard" -> fi.isFile();
                default -> true;
            };
            if (same && !attrs.isEmpty() && !fi.isLink()) same = attrs.matches(fi);
            if (!same) out.add(e.name());
        }
        return out;
    }
}
