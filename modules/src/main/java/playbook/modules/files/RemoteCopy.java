package playbook.modules.files;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * copy with {@code remote_src: true}: source and destination are both on the host. A file is
 * compared by sha1 in one probe and, when different, copied with {@code cp -p} to a temp file
 * beside dest and renamed over it. A directory (trailing slash: its contents) is compared file
 * by file with {@code cmp -s} in one probe; missing directories and differing files are copied
 * in one apply.
 */
final class RemoteCopy {
    private final Target target;
    private final CopyOptions opt;

    RemoteCopy(Target target, CopyOptions opt) {
        this.target = target;
        this.opt = opt;
    }

    Result run(String src) {
        String dest = opt.dest();
        String base = RemotePath.basename(src.endsWith("/") ? src.substring(0, src.length() - 1) : src);
        boolean slash = dest.endsWith("/");
        String direct = slash ? dest + base : dest;
        String under = (slash ? dest : dest + "/") + base;
        StatProbe probe = new StatProbe().add("s", src, "sha1").add("d", direct, "sha1").add("b", under, "sha1")
                .add("p", RemotePath.dirname(direct), null);
        Map<String, StatProbe.Entry> found = StatProbe.parse(target.probe(probe.command()));
        FileInfo s = found.get("s").resolved();
        if (!s.exists()) return Result.failed("Source " + src + " not found");
        if (s.isDir()) return directory(src, found);
        String sum = found.get("s").checksum();
        String remote = direct;
        StatProbe.Entry e = found.get("d");
        if (e.resolved().isDir()) { remote = under; e = found.get("b"); }
        else if (!found.get("p").resolved().isDir())
            return Result.failed("Destination directory " + RemotePath.dirname(direct) + " does not exist");
        FileInfo cur = e.info();
        if (cur.exists() && !opt.force()) return Result.ok().put("dest", remote).put("src", src);
        String w = RemotePath.word(remote);
        FileAttributes attrs = opt.fileAttrs(s.mode());
        boolean contentChanged = !cur.exists() || cur.isLink() && !opt.follow() || !sum.equals(e.checksum());
        List<String> cmds = new ArrayList<>();
        List<String> temps = new ArrayList<>();
        if (contentChanged) {
            String tmp = RemotePath.word(DestWriter.tempPath(remote));
            temps.add(tmp);
            cmds.add("cp -p " + RemotePath.word(src) + " " + tmp);
            cmds.addAll(DestWriter.install(tmp, w, cur, opt.validate(), opt.backup(), true));
            cmds.addAll(cur.exists() ? attrs.commands(w, cur, false, new LinkedHashMap<>(), new LinkedHashMap<>())
                    : attrs.commandsForNew(List.of(w), false));
        } else {
            cmds.addAll(attrs.commands(w, e.resolved(), false, new LinkedHashMap<>(), new LinkedHashMap<>()));
        }
        Result r = Result.of(!cmds.isEmpty()).put("dest", remote).put("src", src).put("checksum", sum);
        if (cmds.isEmpty()) {
            FileStates.pathInfo(r, e.resolved());
            return r;
        }
        ExecResult er = target.apply(DestWriter.script(cmds, temps, w));
        if (!er.ran()) return r;
        if (DestWriter.validateFailed(er))
            return Result.failed("failed to validate").put("exit_status", er.rc()).put("stdout", er.stdout())
                    .put("stderr", DestWriter.validateStderr(er));
        if (!er.ok()) return Result.failed("copy of " + src + " to " + remote + " failed: " + er.stderr().trim());
        DestWriter.finish(er, r, "backup_file");
        return r;
    }

    /** Recursive remote copy: one probe lists what is missing or different, one apply copies it. */
    private Result directory(String src, Map<String, StatProbe.Entry> found) {
        String from = src.endsWith("/") ? src.substring(0, src.length() - 1) : src;
        String dest = opt.dest().endsWith("/") ? opt.dest().substring(0, opt.dest().length() - 1) : opt.dest();
        String root = src.endsWith("/") ? dest : dest + "/" + RemotePath.basename(from);
        String sw = RemotePath.word(from);
        String rw = RemotePath.word(root);
        String list = "s=" + sw + "; d=" + rw + "\n"
                + "[ -d \"$d\" ] || echo 'pbroot=missing'\n"
                + "find \"$s\" -mindepth 1 -type d | while IFS= read -r x; do r=${x#\"$s\"/}; "
                + "[ -d \"$d/$r\" ] || echo \"pbd=$r\"; done\n"
                + "find \"$s\" -mindepth 1 -type f | while IFS= read -r x; do r=${x#\"$s\"/}; "
                + "if [ ! -e \"$d/$r\" ]; then echo \"pbn=$r\"; elif ! cmp -s \"$x\" \"$d/$r\"; then echo \"pbf=$r\"; fi; done\n";
        ExecResult pr = target.probe(list);
        List<String> dirs = new ArrayList<>();
        List<String> newFiles = new ArrayList<>();
        List<String> changedFiles = new ArrayList<>();
        boolean rootMissing = false;
        for (String line : pr.stdout().split("\n")) {
            if (line.equals("pbroot=missing")) rootMissing = true;
            else if (line.startsWith("pbd=")) dirs.add(root + "/" + line.substring(4));
            else if (line.startsWith("pbn=")) newFiles.add(line.substring(4));
            else if (line.startsWith("pbf=") && opt.force()) changedFiles.add(line.substring(4));
        }
        if (rootMissing) dirs.add(0, root);
        boolean changed = !dirs.isEmpty() || !newFiles.isEmpty() || !changedFiles.isEmpty();
        Result r = Result.of(changed).put("dest", root + "/").put("src", src);
        if (!changed) return r;
        List<String> cmds = new ArrayList<>();
        List<String> temps = new ArrayList<>();
        if (!dirs.isEmpty()) {
            List<String> words = dirs.stream().map(RemotePath::word).toList();
            cmds.add("mkdir -p " + String.join(" ", words));
            cmds.addAll(opt.dirAttrs().commandsForNew(words, true));
        }
        List<String> all = new ArrayList<>(newFiles);
        all.addAll(changedFiles);
        for (String rel : all) {
            String target = root + "/" + rel;
            String w = RemotePath.word(target);
            String tmp = RemotePath.word(DestWriter.tempPath(target));
            temps.add(tmp);
            cmds.add("cp -p " + RemotePath.word(from + "/" + rel) + " " + tmp);
            // existing files keep their mode and owner, as atomic_move does
            cmds.add("{ [ ! -e " + w + " ] || { chmod \"$(__mode " + w + ")\" " + tmp + "; }; }");
            cmds.add("mv -f " + tmp + " " + w);
            if (newFiles.contains(rel)) cmds.addAll(opt.fileAttrs(null).commandsForNew(List.of(w), false));
        }
        String script = "__mode() { if stat -c %a / >/dev/null 2>&1; then stat -c %a \"$1\"; else stat -f %Lp \"$1\"; fi; }\n"
                + DestWriter.script(cmds, temps, null);
        ExecResult er = target.apply(script);
        if (er.ran() && !er.ok()) return Result.failed("copy of " + src + " to " + root + " failed: " + er.stderr().trim());
        return r;
    }
}
