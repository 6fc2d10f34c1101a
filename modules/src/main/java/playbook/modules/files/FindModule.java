package playbook.modules.files;

import playbook.engine.api.PythonRegex;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ansible.builtin.find: one probe lists every entry under the paths with its lstat
 * ({@link FindListing}); patterns, excludes, file_type, age, size and hidden are decided in Java
 * exactly as Ansible's find does; {@code contains} and {@code get_checksum} take a second probe
 * over the remaining candidates only. Never changes anything.
 */
public final class FindModule implements Module {
    private static final Pattern AGE = Pattern.compile("^(-?\\d+)(s|m|h|d|w)?$");
    private static final Pattern SIZE = Pattern.compile("^(-?\\d+)(b|k|m|g|t)?$");

    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("paths", ArgType.LIST).required().aliases("name", "path")
            .doc("Directories on the host to search (a list or comma-separated).")
            .arg("patterns", ArgType.LIST).defaultValue(List.of()).aliases("pattern")
            .doc("Shell globs (or Python regexes with use_regex) that the base name must match; empty matches all.")
            .arg("excludes", ArgType.LIST).aliases("exclude")
            .doc("Globs or regexes of base names to leave out.")
            .arg("contains", ArgType.STR)
            .doc("A regex the file's content must match (only regular files are read).")
            .arg("read_whole_file", ArgType.BOOL).defaultValue(false)
            .doc("Match contains against the whole file instead of line by line.")
            .arg("file_type", ArgType.STR).defaultValue("file").choices("any", "directory", "file", "link")
            .doc("Which kinds of entries to return.")
            .arg("age", ArgType.STR)
            .doc("Only entries older than this (5d, 2w, 3h) or younger with a minus sign (-1d).")
            .arg("age_stamp", ArgType.STR).defaultValue("mtime").choices("atime", "ctime", "mtime")
            .doc("Which time age compares.")
            .arg("size", ArgType.STR)
            .doc("Only files at least this big (10m, 1g), or at most with a minus sign.")
            .arg("recurse", ArgType.BOOL).defaultValue(false)
            .doc("Search below the given directories too.")
            .arg("hidden", ArgType.BOOL).defaultValue(false)
            .doc("Include names starting with a dot.")
            .arg("follow", ArgType.BOOL).defaultValue(false)
            .doc("Follow symlinks to directories while recursing.")
            .arg("get_checksum", ArgType.BOOL).defaultValue(false)
            .doc("Add the sha1 of each regular file found.")
            .arg("use_regex", ArgType.BOOL).defaultValue(false)
            .doc("patterns and excludes are Python regexes, not globs.")
            .arg("depth", ArgType.INT)
            .doc("With recurse, how many levels deep to go.")
            .summary("Find files on the host by name, age, size or content")
            .description("One read-only command lists every entry under the paths with its stat; patterns, excludes, file_type, age, size and hidden are then decided on the controller, as Ansible's find decides them. contains and get_checksum take a second probe over the remaining files only.")
            .notes("Never changed; runs in check mode too.",
                    "Works on GNU coreutils, BusyBox and BSD/macOS userlands: the probe detects stat -c or stat -f on the host.")
            .returns("files", "The entries found, each a dict like stat's (path, mode, size, mtime, ...).")
            .returns("matched", "How many were found.")
            .returns("examined", "How many entries were looked at.")
            .example("""
                - name: Archives older than 30 days on the backup disk
                  find:
                    paths: /mnt/hdd/backups
                    patterns: "pi-*.tar.gz"
                    age: 30d
                  register: old_archives

                - name: The newest of them
                  set_fact:
                    newest: "{{ (old_archives.files | sort(attribute='mtime') | last).path }}"
                """)
            .build();

    @Override public String name() { return "find"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        boolean useRegex = args.bool("use_regex");
        List<String> patterns = args.strList("patterns");
        if (patterns.isEmpty()) patterns = List.of(useRegex ? ".*" : "*");
        List<String> excludes = args.strList("excludes");
        Long age = null;
        if (args.has("age")) {
            Matcher m = AGE.matcher(args.str("age").toLowerCase(java.util.Locale.ROOT));
            if (!m.matches()) return Result.failed("failed to process age").put("age", args.str("age"));
            age = Long.parseLong(m.group(1)) * unit(m.group(2), "smhdw", new long[] {1, 60, 3600, 86400, 604800});
        }
        Long size = null;
        if (args.has("size")) {
            Matcher m = SIZE.matcher(args.str("size").toLowerCase(java.util.Locale.ROOT));
            if (!m.matches()) return Result.failed("failed to process size").put("size", args.str("size"));
            size = Long.parseLong(m.group(1)) * unit(m.group(2), "bkmgt",
                    new long[] {1, 1024, 1024L * 1024, 1024L * 1024 * 1024, 1024L * 1024 * 1024 * 1024});
        }
        Long depth = args.integer("depth");
        boolean recurse = args.bool("recurse");
        int maxDepth = !recurse ? 1 : depth != null && depth > 0 ? (int) (depth + 1) : -1;
        List<String> paths = args.strList("paths");
        FindListing listing = FindListing.run(target, paths, args.bool("follow"), maxDepth);

        Result r = Result.ok();
        Map<String, Object> skipped = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : listing.skipped().entrySet()) {
            skipped.put(e.getKey(), e.getValue());
            r.warn("Skipped '" + e.getKey() + "' path due to this access issue: " + e.getValue());
        }
        String fileType = args.str("file_type");
        String stampName = args.str("age_stamp");
        List<FindListing.Found> candidates = new ArrayList<>();
        for (FindListing.Found f : listing.entries()) {
            if (recurse && depth != null && depth > 0 && f.depth() > depth) continue;
            String base = f.name();
            if (base.startsWith(".") && !args.bool("hidden")) continue;
            FileInfo fi = f.info();
            if (!fileType.equals("any") && !fileType.equals(fi.type())) continue;
            if (!pfilter(base, patterns, excludes, useRegex)) continue;
            long stamp = stampName.equals("atime") ? fi.atime() : stampName.equals("ctime") ? fi.ctime() : fi.mtime();
            if (age != null && !(age >= 0 ? listing.now() - stamp >= Math.abs(age) : listing.now() - stamp <= Math.abs(age)))
                continue;
            if (size != null && fi.isFile() && !(size >= 0 ? fi.size() >= size : fi.size() <= -size)) continue;
            candidates.add(f);
        }
        String contains = args.str("contains");
        boolean checksum = args.bool("get_checksum");
        Map<String, String> sums = Map.of();
        if (contains != null && fileType.equals("file") || checksum) {
            FindListing.Content content = FindListing.content(target, candidates,
                    fileType.equals("file") ? contains : null, args.bool("read_whole_file"), checksum);
            if (contains != null && fileType.equals("file"))
                candidates.removeIf(f -> !content.matching().contains(f.path()));
            sums = content.checksums();
        }
        List<Map<String, Object>> files = new ArrayList<>();
        for (FindListing.Found f : candidates) {
            Map<String, Object> st = f.info().statinfo(f.path());
            if (checksum && f.info().isFile() && sums.containsKey(f.path())) st.put("checksum", sums.get(f.path()));
            files.add(st);
        }
        return r.msg(skipped.isEmpty() ? "All paths examined" : "Not all paths examined, check warnings for details")
                .put("files", files).put("matched", files.size()).put("examined", listing.examined())
                .put("skipped_paths", skipped).changed(false);
    }

    /** Ansible's pfilter: a pattern must match the basename, and no exclude may. */
    static boolean pfilter(String name, List<String> patterns, List<String> excludes, boolean regex) {
        for (String p : patterns) {
            if (!(regex ? PythonRegex.compile(p).matchStart(name) : Glob.fnmatch(name, p))) continue;
            for (String e : excludes) if (regex ? PythonRegex.compile(e).matchStart(name) : Glob.fnmatch(name, e)) return false;
            return true;
        }
        return false;
    }

    private static long unit(String u, String units, long[] factors) {
        return u == null ? 1 : factors[units.indexOf(u)];
    }
}
