package playbook.modules.archive;

import playbook.engine.ModuleException;
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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ansible.builtin.unarchive. A controller-side {@code src} is read completely with
 * commons-compress first ({@link ArchiveListing}): a corrupt or truncated archive fails before
 * the host is touched. One probe checks {@code creates}, that dest is a directory, and compares
 * every member with dest ({@link DestCompare}); only when something differs is the archive
 * uploaded to a host temp file, verified again there, and extracted into dest with tar or unzip.
 * {@code remote_src: true} is {@link RemoteArchive}. Members with absolute names land under
 * dest (the leading "/" is dropped), so a restore drill can unpack into a scratch root.
 */
public final class UnarchiveModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("src", ArgType.PATH).required()
            .doc("The archive: on the controller (looked up in files/), or on the host with remote_src.")
            .arg("dest", ArgType.PATH).required()
            .doc("An existing directory on the host to unpack into.")
            .arg("remote_src", ArgType.BOOL).defaultValue(false)
            .doc("src is already on the host.")
            .arg("copy", ArgType.BOOL).defaultValue(true)
            .doc("false is the old spelling of remote_src: true.")
            .arg("creates", ArgType.PATH)
            .doc("A path on the host; when it exists nothing is done.")
            .arg("extra_opts", ArgType.LIST).defaultValue(List.of())
            .doc("Extra options for tar or unzip.")
            .arg("list_files", ArgType.BOOL).defaultValue(false)
            .doc("Return the member names as files.")
            .arg("exclude", ArgType.LIST).defaultValue(List.of())
            .doc("Members (globs) not to extract.")
            .arg("include", ArgType.LIST).defaultValue(List.of())
            .doc("Only these members (globs) are extracted.")
            .arg("keep_newer", ArgType.BOOL).defaultValue(false)
            .doc("Accepted for compatibility; not used.")
            .arg("mode", ArgType.RAW)
            .doc("Mode of the extracted files.")
            .arg("owner", ArgType.STR)
            .doc("Owner of the extracted files.")
            .arg("group", ArgType.STR)
            .doc("Group of the extracted files.")
            .arg("decrypt", ArgType.BOOL).defaultValue(true)
            .doc("Accepted for compatibility; vault-encrypted archives are not decrypted.")
            .arg("validate_certs", ArgType.BOOL).defaultValue(true)
            .doc("Accepted for compatibility; src URLs are not downloaded (use get_url).")
            .arg("io_buffer_size", ArgType.INT)
            .doc("Accepted for compatibility; not used.")
            .mutuallyExclusive("include", "exclude")
            .summary("Unpack a tar or zip archive on the host, only when its content differs")
            .description("A controller-side archive is read completely first, so a corrupt or truncated archive fails before the host is touched. One probe compares every member with what dest holds; only when something differs is the archive uploaded to a temp file, verified again on the host and extracted with tar or unzip. Members with absolute names land under dest (the leading / is dropped), so a restore drill can unpack into a scratch root.")
            .notes("Idempotent by content. Check mode reports whether anything would be extracted.",
                    "The host needs tar (GNU, BusyBox or bsdtar), the decompressor, and unzip for zip files.")
            .returns("dest", "The directory.")
            .returns("files", "The members (with list_files).")
            .returns("src", "The archive.")
            .example("""
                - name: Unpack the archive into the staging area, never straight over live data
                  unarchive:
                    src: "/mnt/hdd/backups/{{ restore_archive }}"
                    dest: /srv/.restore/staging
                    remote_src: true
                  become: true
                """)
            .build();

    @Override public String name() { return "unarchive"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String src = args.str("src");
        String dest = args.str("dest");
        if (args.bool("remote_src") || !args.bool("copy")) return new RemoteArchive(args, target).run(src, dest);
        Path local = target.findFile("files", src);
        if (local == null)
            return Result.failed("Could not find or access '" + src + "' on the Ansible Controller.\n"
                    + "If you are using a module and expect the file to exist on the remote, see the remote_src option");
        ArchiveListing listing;
        try {
            listing = ArchiveListing.read(local);
        } catch (ModuleException e) {
            return Result.failed(e.getMessage()).put("src", local.toString()).put("dest", dest);
        }
        List<ArchiveListing.Entry> entries = selected(listing.entries(), args.strList("include"), args.strList("exclude"));
        FileAttributes attrs = new FileAttributes(args.get("mode"), args.str("owner"), args.str("group"));

        Result pre = precheck(target, args, dest);
        if (pre != null) return pre;
        ExecResult cmp = target.probe(DestCompare.script(dest), DestCompare.stdin(entries));
        if (cmp.rc() == 3) return Result.failed("dest '" + dest + "' must be an existing dir").put("dest", dest);
        List<String> differ = DestCompare.differences(cmp.stdout(), entries, attrs);
        Result r = Result.of(!differ.isEmpty()).put("dest", dest).put("src", local.toString())
                .put("handler", listing.format() == ArchiveFormat.ZIP ? "ZipArchive" : "TgzArchive");
        if (args.bool("list_files")) r.put("files", listing.names());
        if (differ.isEmpty() || target.checkMode()) return r;
        target.log(2, differ.size() + " member(s) of " + local + " differ from " + dest + ", first: " + differ.get(0));

        Result full = NoSpace.before(target, dest, DestCompare.growth(cmp.stdout(), entries, differ), "unarchive " + local);
        if (full != null) return full.put("dest", dest).put("src", local.toString());
        // a private dir (0700): the upload takes the archive's own mode, and a backup archive holds secrets
        String dir = target.apply("umask 077 && mktemp -d \"${TMPDIR:-/tmp}/.playbook-unarchive-XXXXXXXX\"").stdout().trim();
        if (dir.isEmpty()) return Result.failed("can't create a temp directory on " + target.host() + " for " + src);
        String tmp = dir + "/archive";
        try {
            target.put(local, tmp);
        } catch (RuntimeException e) {
            target.apply("rm -f " + RemotePath.word(tmp) + "; rmdir " + RemotePath.word(dir));
            throw e;
        }
        return extract(target, args, listing.format(), tmp, true, dest, attrs, r,
                entries.stream().map(ArchiveListing.Entry::name).toList());
    }

    /** creates and dest checks shared by both sources; null when extraction may proceed. */
    static Result precheck(Target target, Args args, String dest) {
        if (!args.has("creates")) return null;
        ExecResult er = target.probe("test -e " + RemotePath.word(args.str("creates")));
        if (er.ok()) return Result.skipped("skipped, since " + args.str("creates") + " exists");
        return null;
    }

    /** Members that pass include (exact name or glob) and exclude (glob), as Ansible filters them. */
    static List<ArchiveListing.Entry> selected(List<ArchiveListing.Entry> all, List<String> include, List<String> exclude) {
        List<ArchiveListing.Entry> out = new ArrayList<>();
        for (ArchiveListing.Entry e : all) {
            if (!include.isEmpty() && include.stream().noneMatch(p -> matches(e.name(), p))) continue;
            if (exclude.stream().anyMatch(p -> matches(e.name(), p))) continue;
            out.add(e);
        }
        return out;
    }

    private static boolean matches(String name, String pattern) {
        String p = pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
        if (name.equals(p) || name.startsWith(p + "/")) return true;
        StringBuilder re = new StringBuilder();
        for (char c : p.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(name).matches();
    }

    /**
     * The extraction apply: verifies the archive at {@code srcPath} on the host, extracts it
     * into dest, applies mode/owner/group to the members, and (when {@code removeSrc}) deletes
     * the uploaded temp file whatever happened.
     */
    static Result extract(Target target, Args args, ArchiveFormat format, String srcPath, boolean removeSrc,
                          String dest, FileAttributes attrs, Result r, List<String> members) {
        String s = RemotePath.word(srcPath);
        String d = RemotePath.word(dest);
        List<String> include = args.strList("include");
        List<String> exclude = args.strList("exclude");
        List<String> extra = args.strList("extra_opts");
        StringBuilder cmd = new StringBuilder();
        StringBuilder sh = new StringBuilder("fail() { ");
        // removeSrc: srcPath is an upload alone in a private temp dir, which goes too (rmdir: only when empty)
        String rm = "rm -f " + s + "; rmdir " + RemotePath.word(RemotePath.dirname(srcPath)) + " 2>/dev/null";
        if (removeSrc) sh.append(rm).append("; ");
        sh.append("echo \"$1\" >&2; exit 1; }\n");
        if (format == ArchiveFormat.ZIP) {
            sh.append("unzip -tq ").append(s).append(" >/dev/null || fail 'the archive failed verification on the host (unzip -t)'\n");
            cmd.append("unzip -o -q ").append(s);
            for (String o : extra) cmd.append(' ').append(Shell.quote(o));
            cmd.append(" -d ").append(d);
            for (String i : include) cmd.append(' ').append(Shell.quote(i));
            if (!exclude.isEmpty()) {
                cmd.append(" -x");
                for (String x : exclude) cmd.append(' ').append(Shell.quote(x));
            }
        } else {
            sh.append("rc=$( { { ").append(format.decompress).append(" < ").append(s)
                    .append("; echo $? >&3; } | tar -tf - >/dev/null; } 3>&1 ) && [ \"$rc\" = 0 ]")
                    .append(" || fail 'the archive failed verification on the host (list)'\n");
            cmd.append("{ ").append(format.decompress).append(" < ").append(s).append(" | tar -x -f - -C ").append(d);
            if (args.bool("keep_newer")) cmd.append(" --keep-newer-files");
            for (String x : exclude) cmd.append(' ').append(Shell.quote("--exclude=" + x));
            for (String o : extra) cmd.append(' ').append(Shell.quote(o));
            for (String i : include) cmd.append(' ').append(Shell.quote(i));
            cmd.append("; }");
        }
        sh.append(cmd).append("; rc=$?\n");
        if (removeSrc) sh.append(rm).append("\n");
        sh.append("[ $rc = 0 ] || exit $rc\n");
        List<String> attrCmds = attrs.commandsForNew(List.of("\"$n\""), false);
        if (!attrCmds.isEmpty())
            sh.append("(cd ").append(d).append(" && while IFS= read -r n; do ").append(String.join(" && ", attrCmds))
                    .append(" || exit 1; done) || exit 1\n");
        sh.append(HostScript.STAT).append("echo \"final=$(__st ").append(d).append(")\"\n");
        byte[] names = attrCmds.isEmpty() ? null
                : (String.join("\n", members) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ExecResult er = target.apply(sh.toString(), names);
        Map<String, Object> ex = new LinkedHashMap<>();
        ex.put("cmd", cmd.toString());
        ex.put("rc", er.rc());
        ex.put("out", er.stdout().replaceAll("(?m)^final=.*\\n?", ""));
        ex.put("err", er.stderr());
        r.put("extract_results", ex);
        if (!er.ran()) return r;
        if (!er.ok() && NoSpace.reported(er.stderr()))
            return Result.failed("no space left on " + target.host() + ":" + dest + " while extracting " + r.values().get("src")
                    + "; the members extracted so far stay in place: " + er.stderr().trim()).put("dest", dest).put("extract_results", ex);
        if (!er.ok())
            return Result.failed("can't unarchive " + r.values().get("src") + " into " + dest + " on " + target.host()
                    + ": " + er.stderr().trim()).put("dest", dest).put("extract_results", ex);
        FileInfo fi = FileInfo.parse(HostScript.value(er.stdout(), "final"));
        if (fi.exists())
            r.put("uid", fi.uid()).put("gid", fi.gid()).put("owner", fi.owner()).put("group", fi.group())
                    .put("mode", FileMode.format(fi.mode())).put("state", fi.ansibleState()).put("size", fi.size());
        return r;
    }
}
