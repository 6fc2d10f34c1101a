package playbook.modules.files;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The remote side of find: one probe runs {@code find PATH -mindepth 1 [-maxdepth N] -exec stat}
 * for every path (GNU/BusyBox {@code stat -c}, BSD {@code stat -f}, chosen on the host), plus the
 * host's clock; {@link #content} greps and checksums the candidates in a second probe.
 */
record FindListing(List<Found> entries, int examined, long now, Map<String, String> skipped) {

    /** One entry: its normalized path, basename, depth below its root, and lstat. */
    record Found(String path, String name, int depth, FileInfo info) {}

    /** What the second probe found: candidates whose content matched, and sha1 checksums. */
    record Content(Set<String> matching, Map<String, String> checksums) {}

    private static final String STAT_SELECT = String.join("\n",
            "if stat -c %f / >/dev/null 2>&1; then SF=-c; FMT='%f %u %g %s %Y %X %Z %h %i %d %U %G %n'",
            "else SF=-f; FMT='%Xp %u %g %z %m %a %c %l %i %d %Su %Sg %N'; fi",
            "echo \"@now $(date +%s)\"", "");

    /** The probe command: {@code maxDepth} -1 means unlimited. */
    static String command(List<String> paths, boolean follow, int maxDepth) {
        StringBuilder s = new StringBuilder(STAT_SELECT);
        for (int i = 0; i < paths.size(); i++) {
            s.append("p=").append(RemotePath.word(paths.get(i))).append("; echo \"@root ").append(i).append(" $p\"; ")
                    .append("if [ -d \"$p\" ]; then find ").append(follow ? "-L " : "").append("\"$p\" -mindepth 1 ")
                    .append(maxDepth > 0 ? "-maxdepth " + maxDepth + " " : "")
                    .append("-exec stat $SF \"$FMT\" {} +; else echo \"@notdir ").append(i).append("\"; fi\n");
        }
        return s.toString();
    }

    static FindListing run(Target target, List<String> paths, boolean follow, int maxDepth) {
        return parse(target.probe(command(paths, follow, maxDepth)), paths);
    }

    /** Parses the probe's output (pure; tested on GNU and BSD recordings). */
    static FindListing parse(ExecResult er, List<String> paths) {
        List<Found> entries = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        long now = System.currentTimeMillis() / 1000;
        String root = null;
        int examined = 0;
        for (String line : er.stdout().split("\n")) {
            if (line.isEmpty()) continue;
            if (line.startsWith("@now ")) { now = Long.parseLong(line.substring(5).trim()); continue; }
            if (line.startsWith("@root ")) {
                String rest = line.substring(6);
                root = normpath(rest.substring(rest.indexOf(' ') + 1));
                continue;
            }
            if (line.startsWith("@notdir ")) {
                String given = paths.get(Integer.parseInt(line.substring(8).trim()));
                skipped.put(root == null ? given : root, "'" + (root == null ? given : root) + "' is not a directory");
                continue;
            }
            String[] w = line.split(" ", 13);
            if (w.length < 13 || root == null) continue;
            String path = normpath(w[12]);
            FileInfo fi = FileInfo.parse(line.substring(0, line.length() - w[12].length()));
            String rel = path.startsWith(root.equals("/") ? "/" : root + "/")
                    ? path.substring(root.equals("/") ? 1 : root.length() + 1) : path;
            int depth = rel.isEmpty() ? 0 : (int) rel.chars().filter(c -> c == '/').count() + 1;
            examined++;
            entries.add(new Found(path, RemotePath.basename(path), depth, fi));
        }
        return new FindListing(entries, examined, now, skipped);
    }

    /** Second probe: which candidates contain {@code contains} (Python re.match per line), and sha1s. */
    static Content content(Target target, List<Found> candidates, String contains, boolean wholeFile, boolean checksum) {
        if (candidates.isEmpty()) return new Content(Set.of(), Map.of());
        StringBuilder s = new StringBuilder(StatProbe.PRELUDE);
        String ere = contains == null ? null : toEre(contains, !wholeFile);
        for (int i = 0; i < candidates.size(); i++) {
            Found f = candidates.get(i);
            if (!f.info().isFile()) continue;
            String w = RemotePath.word(f.path());
            if (ere != null) s.append("grep -E -q -e ").append(Shell.quote(ere)).append(" ").append(w)
                    .append(" 2>/dev/null && echo \"m ").append(i).append("\"\n");
            if (checksum) s.append("echo \"s ").append(i).append(" $(__sum sha1 ").append(w).append(" 2>/dev/null)\"\n");
        }
        ExecResult er = target.probe(s.toString());
        Set<String> matching = new HashSet<>();
        Map<String, String> sums = new HashMap<>();
        for (String line : er.stdout().split("\n")) {
            String[] p = line.split(" ");
            if (p.length >= 2 && p[0].equals("m")) matching.add(candidates.get(Integer.parseInt(p[1])).path());
            if (p.length >= 3 && p[0].equals("s")) sums.put(candidates.get(Integer.parseInt(p[1])).path(), p[2]);
        }
        return new Content(matching, sums);
    }

    /** A Python pattern as a POSIX ERE for grep; anchored at line start for re.match semantics. */
    static String toEre(String python, boolean anchored) {
        String e = python.replace("\\d", "[0-9]").replace("\\D", "[^0-9]")
                .replace("\\s", "[[:space:]]").replace("\\S", "[^[:space:]]")
                .replace("\\w", "[[:alnum:]_]").replace("\\W", "[^[:alnum:]_]");
        return anchored ? "^(" + e + ")" : e;
    }

    /** os.path.normpath for absolute or relative POSIX paths. */
    static String normpath(String p) {
        if (p.isEmpty()) return ".";
        boolean abs = p.startsWith("/");
        List<String> parts = new ArrayList<>();
        for (String c : p.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..") && !parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) parts.remove(parts.size() - 1);
            else if (!(c.equals("..") && abs)) parts.add(c);
        }
        String joined = String.join("/", parts);
        return abs ? "/" + joined : joined.isEmpty() ? "." : joined;
    }
}
