package playbook.modules.archive;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;
import playbook.modules.files.FileAttributes;
import playbook.modules.files.FileInfo;
import playbook.modules.files.FileMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * community.general.archive with POSIX tools on the host. Probe 1 expands the path and
 * exclude_path globs and stats dest; probe 2 (read-only) streams the would-be archive content
 * through sha256 and compares it with the decompressed content of the existing dest, so
 * changed is exact in check mode too. Only when they differ does one apply build the archive in
 * a temp file beside dest, verify it by listing it, and rename it over dest (then remove the
 * sources when asked). {@code absolute_names} keeps the leading {@code /} ({@code tar -P});
 * extracting such an archive with unarchive puts {@code /srv/x} under {@code dest/srv/x}.
 */
public final class ArchiveModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("path", ArgType.LIST).required()
            .doc("Files, directories or globs on the host to put in the archive.")
            .arg("format", ArgType.STR).defaultValue("gz").choices("bz2", "gz", "tar", "xz", "zip", "zst")
            .doc("tar, a compressed tar (gz, bz2, xz, zst) or zip. The host needs tar and the compressor (gzip, bzip2, xz, zstd) or zip/unzip.")
            .arg("dest", ArgType.PATH)
            .doc("The archive to write; needed when path names more than one file.")
            .arg("exclude_path", ArgType.LIST).defaultValue(List.of())
            .doc("Paths or globs to leave out.")
            .arg("force_archive", ArgType.BOOL).defaultValue(false)
            .doc("Make an archive even of a single file (otherwise that file is just compressed).")
            .arg("remove", ArgType.BOOL).defaultValue(false)
            .doc("Delete the sources after the archive was built and verified.")
            .arg("absolute_names", ArgType.BOOL).defaultValue(false)
            .doc("Keep the leading / of the members (tar -P), so unarchive puts /srv/x under dest/srv/x.")
            .arg("mode", ArgType.RAW)
            .doc("Mode of the archive file.")
            .arg("owner", ArgType.STR)
            .doc("Owner of the archive file.")
            .arg("group", ArgType.STR)
            .doc("Group of the archive file.")
            .summary("Build a tar, tar.gz/bz2/xz/zst or zip archive on the host")
            .description("Compares what the archive would contain with the existing dest first: one probe expands the globs, a second (read-only) streams the would-be content through sha256 and compares it with dest's decompressed content. Only when they differ is the archive built in a temp file beside dest, verified by listing it, and renamed over dest.")
            .notes("Idempotent by content, not by timestamps: an unchanged tree is ok; changed is exact in check mode too.",
                    "GNU tar, BusyBox tar and bsdtar (macOS) all work.",
                    "From community.general (also answers to community.general.archive).")
            .returns("dest", "The archive.")
            .returns("archived", "The files put in it.")
            .returns("expanded_paths", "What the path globs matched.")
            .returns("missing", "Paths that did not exist.")
            .returns("dest_state", "archive, compress (a single file compressed) or incomplete (some paths were missing).")
            .example("""
                - name: Cold backup of the service data (services are stopped first)
                  archive:
                    path:
                      - /srv/services/grafana/data
                      - /srv/services/postgres/data
                    dest: "/mnt/hdd/backups/pi-{{ ansible_date_time.date }}.tar.gz"
                    format: gz
                    mode: "0600"
                  become: true
                """)
            .build();

    @Override public String name() { return "archive"; }

    @Override public ArgSpec spec() { return SPEC; }

    /** What probe 1 found. */
    private record Expanded(List<String> expanded, List<String> excluded, Map<String, String> kinds,
                            boolean globby, FileInfo dest, String tools) {}

    @Override
    public Result run(Args args, Target target) {
        ArchiveFormat format = ArchiveFormat.of(args.str("format"));
        boolean absolute = args.bool("absolute_names");
        if (absolute && format == ArchiveFormat.ZIP)
            return Result.failed("absolute_names needs a tar format (tar, gz, bz2, xz, zst): zip stores relative names only");
        List<String> patterns = args.strList("path");
        String destArg = args.str("dest");
        Expanded ex = expand(target, patterns, args.strList("exclude_path"), destArg, format);

        TreeSet<String> sorted = new TreeSet<>(ex.expanded());
        sorted.removeAll(ex.excluded());
        List<String> paths = new ArrayList<>(sorted);
        Result base = Result.ok().put("expanded_paths", ex.expanded()).put("expanded_exclude_paths", ex.excluded());
        if (paths.isEmpty())
            return base.fail("Error, no source paths were found").put("path", String.join(", ", patterns));
        String root = commonPath(paths);
        boolean mustArchive = args.bool("force_archive") || ex.globby() || "d".equals(ex.kinds().get(paths.get(0)))
                || paths.size() > 1;
        String dest = destArg;
        if (dest == null && mustArchive)
            return base.fail("Error, must specify \"dest\" when archiving multiple files or trees")
                    .put("path", String.join(", ", patterns));
        if (dest == null) {
            dest = paths.get(0) + "." + format.ext;
            Expanded d = expand(target, List.of(), List.of(), dest, format);
            ex = new Expanded(ex.expanded(), ex.excluded(), ex.kinds(), ex.globby(), d.dest(), d.tools());
        }
        boolean asArchive = mustArchive || format == ArchiveFormat.TAR || format == ArchiveFormat.ZIP;
        if (!ex.tools().contains(" " + format.tool + " ") || (asArchive && format.isTar() && !ex.tools().contains(" tar ")))
            return base.fail("can't archive to " + dest + " on " + target.host() + ": '"
                    + (ex.tools().contains(" " + format.tool + " ") ? "tar" : format.tool) + "' was not found on the host's PATH"
                    + (format == ArchiveFormat.XZ ? " (BusyBox's xz only decompresses: install xz-utils or use format gz or bz2)" : ""));
        List<String> targets = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Map<String, String> kinds = ex.kinds();
        for (String p : paths) (kinds.getOrDefault(p, "-").equals("-") ? missing : targets).add(p);
        for (String t : targets)
            if ("d".equals(kinds.get(t)) && (dest + "/").startsWith(t.endsWith("/") ? t : t + "/"))
                return base.fail("dest " + dest + " lies inside the source directory " + t
                        + "; the archive would contain itself. Put dest outside the archived paths");
        base.put("arcroot", root).put("dest", dest).put("missing", missing);
        if (targets.isEmpty()) {
            base.put("archived", List.of()).put("dest_state", ex.dest().exists()
                    ? (isArchiveName(dest) ? "archive" : "compress") : "absent");
            return finishAttrs(args, target, dest, ex.dest(), base);
        }
        ArchiveCommands cmds = new ArchiveCommands(format, root, targets, absolute, asArchive);
        ExecResult cmp = target.probe(cmds.compareScript(dest));
        String status = HostScript.value(cmp.stdout(), "newrc");
        if (!"0".equals(status))
            return base.fail("can't read the sources of " + dest + " on " + target.host() + ": "
                    + (cmp.stderr().isBlank() ? "tar exited with " + status : cmp.stderr().trim()));
        String newSum = HostScript.value(cmp.stdout(), "new");
        String oldSum = HostScript.value(cmp.stdout(), "old");
        List<String> archived = cmds.archived(cmp.stdout());
        base.put("archived", archived)
                .put("dest_state", !asArchive ? "compress" : missing.isEmpty() ? "archive" : "incomplete");
        boolean differs = oldSum == null || !oldSum.equals(newSum);
        boolean remove = args.bool("remove");
        if (!differs && !remove) return finishAttrs(args, target, dest, ex.dest(), base);

        Result r = base.changed(true);
        FileAttributes attrs = new FileAttributes(args.get("mode"), args.str("owner"), args.str("group"));
        String script = cmds.applyScript(dest, differs, remove, attrs.commandsForNew(List.of("\"$tmp\""), false));
        ExecResult er = target.apply(script);
        if (!er.ran()) return r;
        if (!er.ok())
            return Result.failed("can't write archive " + dest + " on " + target.host() + ": " + er.stderr().trim())
                    .put("dest", dest).put("arcroot", root);
        FileInfo fin = FileInfo.parse(HostScript.value(er.stdout(), "final"));
        if (!differs) return finishAttrs(args, target, dest, fin, r);
        return pathInfo(r, fin);
    }

    /** Probe 1: expand globs (index by pattern), stat dest, find the tool. */
    private static Expanded expand(Target target, List<String> patterns, List<String> excludes, String dest,
                                   ArchiveFormat format) {
        StringBuilder s = new StringBuilder(HostScript.KIND).append(HostScript.STAT);
        for (int i = 0; i < patterns.size(); i++)
            s.append("for p in ").append(RemotePath.glob(patterns.get(i))).append("; do printf 'p").append(i)
                    .append("\\t%s\\t%s\\n' \"$(__k \"$p\")\" \"$p\"; done\n");
        for (int i = 0; i < excludes.size(); i++)
            s.append("for p in ").append(RemotePath.glob(excludes.get(i))).append("; do printf 'x").append(i)
                    .append("\\t%s\\t%s\\n' \"$(__k \"$p\")\" \"$p\"; done\n");
        if (dest != null) s.append("echo \"dest=$(__st ").append(RemotePath.word(dest)).append(")\"\n");
        // a compressor counts only if it compresses: BusyBox's xz is there but only decompresses
        s.append("t=; for c in tar ").append(format.tool)
                .append("; do command -v $c >/dev/null 2>&1 && { [ $c = tar ] || [ $c = zip ] || echo | $c -c >/dev/null 2>&1; }")
                .append(" && t=\"$t $c\"; done; echo \"tools=$t \"\n");
        ExecResult er = target.probe(s.toString());
        List<String> expanded = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        boolean globby = false;
        for (int i = 0; i < patterns.size(); i++) globby |= isGlob(patterns.get(i));
        for (String line : er.stdout().split("\n")) {
            String[] w = line.split("\t", 3);
            if (w.length < 3 || w[0].length() < 2) continue;
            int idx = Integer.parseInt(w[0].substring(1));
            boolean exclude = w[0].charAt(0) == 'x';
            String pattern = (exclude ? excludes : patterns).get(idx);
            if (w[1].equals("-") && isGlob(pattern) && w[2].equals(pattern)) continue; // a glob that matched nothing
            (exclude ? excluded : expanded).add(w[2]);
            kinds.put(w[2], w[1]);
        }
        String d = HostScript.value(er.stdout(), "dest");
        return new Expanded(expanded, excluded, kinds, globby, FileInfo.parse(d),
                " " + HostScript.value(er.stdout(), "tools") + " ");
    }

    private static boolean isGlob(String p) { return p.contains("*") || p.contains("?"); }

    private static boolean isArchiveName(String dest) {
        return RemotePath.basename(dest).toLowerCase(java.util.Locale.ROOT)
                .matches(".*\\.(tar|tar\\.(gz|bz2|xz|zst)|tgz|tbz2|zip)$");
    }

    /**
     * Ansible's common_path: the common prefix of the paths' parent directories, cut back to a
     * directory, with a trailing slash ("" when the paths share nothing).
     */
    static String commonPath(List<String> paths) {
        List<String> dirs = paths.stream().map(p -> withSlash(pyDirname(p))).toList();
        String prefix = dirs.get(0);
        for (String d : dirs) {
            int n = 0;
            while (n < prefix.length() && n < d.length() && prefix.charAt(n) == d.charAt(n)) n++;
            prefix = prefix.substring(0, n);
        }
        return withSlash(pyDirname(prefix));
    }

    private static String pyDirname(String p) {
        String head = p.substring(0, p.lastIndexOf('/') + 1);
        if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) head = head.replaceAll("/+$", "");
        return head;
    }

    private static String withSlash(String p) { return p.isEmpty() || p.endsWith("/") ? p : p + "/"; }

    /** Applies mode/owner/group to an unchanged dest (changed only when they differ). */
    private static Result finishAttrs(Args args, Target target, String dest, FileInfo cur, Result r) {
        FileAttributes attrs = new FileAttributes(args.get("mode"), args.str("owner"), args.str("group"));
        if (!cur.exists() || attrs.isEmpty() || attrs.matches(cur)) return pathInfo(r, cur);
        List<String> cmds = attrs.commands(RemotePath.word(dest), cur, false, new LinkedHashMap<>(), new LinkedHashMap<>());
        ExecResult er = target.apply(String.join(" && ", cmds));
        if (er.ran() && !er.ok())
            return Result.failed("can't set mode/owner/group of " + dest + " on " + target.host() + ": " + er.stderr().trim());
        return pathInfo(r.changed(true), attrs.predict(cur));
    }

    private static Result pathInfo(Result r, FileInfo fi) {
        if (!fi.exists()) return r.put("state", "absent");
        return r.put("uid", fi.uid()).put("gid", fi.gid()).put("owner", fi.owner()).put("group", fi.group())
                .put("mode", FileMode.format(fi.mode())).put("state", fi.ansibleState()).put("size", fi.size());
    }

    static String quote(String s) { return Shell.quote(s); }
}
