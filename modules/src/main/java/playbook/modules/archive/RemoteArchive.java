package playbook.modules.archive;

import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;
import playbook.modules.files.FileAttributes;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * unarchive with {@code remote_src: true}: the archive is already on the host. One probe reads
 * its first bytes (format by magic number); a second decompresses and lists it completely, so a
 * corrupt or truncated archive fails before dest is touched. Idempotence: every member must
 * exist in dest with the right kind, and on GNU tar {@code tar -d} must find no difference.
 */
final class RemoteArchive {
    private final Args args;
    private final Target target;

    RemoteArchive(Args args, Target target) {
        this.args = args;
        this.target = target;
    }

    /**
     * The names in zip $z, one a line: Info-ZIP's {@code unzip -Z1}, or, where unzip has no zipinfo
     * mode (BusyBox), the name column of {@code unzip -l} between its two dashed rules.
     */
    static final String ZIP_NAMES = "if unzip -Z1 $z >/dev/null 2>&1; then unzip -Z1 $z; else unzip -l $z | "
            + "awk '/^ *-+( |$)/ { n++; next } n == 1 { sub(/^ *[0-9]+ +[^ ]+ +[^ ]+   /, \"\"); print }'; fi";

    Result run(String src, String dest) {
        String s = RemotePath.word(src);
        ExecResult head = target.probe("[ -f " + s + " ] && [ -r " + s + " ] || { echo missing; exit 0; }\n"
                + "echo \"magic=$(od -An -tx1 -N 512 -v " + s + " | tr -d ' \\n')\"\n");
        if (head.stdout().startsWith("missing"))
            return Result.failed("Source '" + src + "' does not exist or is not readable on " + target.host()).put("src", src);
        String hex = HostScript.value(head.stdout(), "magic");
        ArchiveFormat format = hex == null || hex.isEmpty() ? null : ArchiveFormat.sniff(HexFormat.of().parseHex(hex));
        if (format == null)
            return Result.failed("Failed to find handler for \"" + src + "\". Make sure the required command to extract"
                    + " the file is installed: it is not a tar (gz, bz2, xz, zst) or zip archive").put("src", src);
        String list = format == ArchiveFormat.ZIP
                ? "unzip -tq " + s + " >/dev/null || { echo '__pb_status 1 1' >&2; exit 0; }\n" + ZIP_NAMES.replace("$z", s)
                + "; echo \"__pb_status 0 $?\" >&2\n"
                : "exec 4>&1\nrc=$( { { " + format.decompress + " < " + s + "; echo $? >&3; } | tar -tf - >&4; } 3>&1 ); trc=$?\n"
                + "echo \"__pb_status $rc $trc\" >&2\n";
        ExecResult ls = target.probe(list);
        if (!ls.stderr().contains("__pb_status 0 0"))
            return Result.failed("can't unarchive " + src + " on " + target.host() + ": the archive is corrupt or truncated ("
                    + ls.stderr().replaceAll("__pb_status.*", "").trim() + "); dest was not touched").put("src", src);
        List<ArchiveListing.Entry> all = new ArrayList<>();
        List<String> files = new ArrayList<>();
        for (String n : ls.stdout().split("\n")) {
            if (n.isEmpty()) continue;
            files.add(n);
            String name = n.replaceFirst("^/+", "").replaceFirst("^(\\./)+", "");
            boolean dir = name.endsWith("/");
            if (dir) name = name.substring(0, name.length() - 1);
            if (name.isEmpty() || name.equals(".")) continue;
            all.add(new ArchiveListing.Entry(name, dir ? "directory" : "other", -1, 0, null, null));
        }
        List<ArchiveListing.Entry> entries = UnarchiveModule.selected(all, args.strList("include"), args.strList("exclude"));
        FileAttributes attrs = new FileAttributes(args.get("mode"), args.str("owner"), args.str("group"));
        Result pre = UnarchiveModule.precheck(target, args, dest);
        if (pre != null) return pre;
        ExecResult cmp = target.probe(DestCompare.script(dest), DestCompare.stdin(entries));
        if (cmp.rc() == 3) return Result.failed("dest '" + dest + "' must be an existing dir").put("dest", dest);
        boolean differs = !DestCompare.differences(cmp.stdout(), entries, attrs).isEmpty();
        if (!differs && format != ArchiveFormat.ZIP && args.strList("include").isEmpty() && args.strList("exclude").isEmpty()) {
            ExecResult d = target.probe("tar --version 2>/dev/null | grep -q GNU || { echo dcmp=0; exit 0; }\n"
                    + "cd " + RemotePath.word(dest) + " && " + format.decompress + " < " + s
                    + " | tar -d -f - >/dev/null 2>&1; echo dcmp=$?\n");
            differs = !"0".equals(HostScript.value(d.stdout(), "dcmp"));
        }
        Result r = Result.of(differs).put("dest", dest).put("src", src)
                .put("handler", format == ArchiveFormat.ZIP ? "ZipArchive" : "TgzArchive");
        if (args.bool("list_files")) r.put("files", files);
        if (!differs || target.checkMode()) return r;
        return UnarchiveModule.extract(target, args, format, src, false, dest, attrs, r,
                entries.stream().map(ArchiveListing.Entry::name).toList());
    }
}
