package playbook.modules.files;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.modules.common.Json;
import playbook.modules.common.RemotePath;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The six states of the file module, each a port of Ansible's ensure_* function: decide from
 * the probed state, collect commands, run them in one apply, and shape the result.
 */
final class FileStates {
    private final FileModule.FileRequest req;
    private final Map<String, Object> before = new LinkedHashMap<>();
    private final Map<String, Object> after = new LinkedHashMap<>();

    FileStates(FileModule.FileRequest req) { this.req = req; }

    Result run() {
        before.put("path", req.path());
        after.put("path", req.path());
        return switch (req.state()) {
            case "absent" -> absent();
            case "touch" -> touch();
            case "file" -> file();
            case "directory" -> directory();
            case "link" -> link();
            case "hard" -> hard();
            default -> throw new IllegalStateException(req.state());
        };
    }

    private StatProbe.Entry entry(String label) {
        StatProbe.Entry e = req.found().get(label);
        return e != null ? e : new StatProbe.Entry(FileInfo.absent(), null, null, null, null, "");
    }

    private FileInfo cur() { return entry("p").info(); }

    private void stateDiff(String prev, String state) {
        if (!prev.equals(state)) { before.put("state", prev); after.put("state", state); }
    }

    private Result absent() {
        FileInfo fi = cur();
        if (!fi.exists()) return Result.ok().put("path", req.path()).put("state", "absent");
        stateDiff(fi.ansibleState(), "absent");
        String w = RemotePath.word(req.path());
        ExecResult er = req.target().apply(fi.isDir() ? "rm -rf " + w : "rm -f " + w);
        if (er.ran() && !er.ok()) return Result.failed("rmtree failed: " + er.stderr().trim()).put("path", req.path());
        return withDiff(Result.changed().put("path", req.path()).put("state", "absent"));
    }

    private Result touch() {
        FileInfo fi = cur();
        String w = RemotePath.word(req.path());
        List<String> cmds = new ArrayList<>();
        boolean created = !fi.exists();
        if (created) {
            if (req.target().checkMode()) return Result.changed().put("dest", req.path());
            cmds.add("touch " + w);
            cmds.addAll(req.attrs().commandsForNew(List.of(w), false));
            // a new file gets its given times too (Ansible sets them after creating), or the next run would change it
            if (req.times().explicit()) cmds.addAll(req.times().commands(w, fi, req.utcOffset(), new java.util.HashMap<>(), new java.util.HashMap<>()));
        } else {
            cmds.addAll(req.attrs().commands(w, fi, false, before, after));
            cmds.addAll(req.times().commands(w, fi, req.utcOffset(), before, after));
        }
        stateDiff(fi.ansibleState(), "touch");
        return finish("dest", req.path(), cmds, fi);
    }

    private Result file() {
        String path = req.path();
        StatProbe.Entry e = entry("p");
        FileInfo fi = e.info();
        if (req.follow() && fi.isLink() && e.realPath() != null && !e.realPath().isEmpty()) {
            path = e.realPath();
            fi = e.resolved();
        }
        String prev = fi.ansibleState();
        if (!prev.equals("file") && !prev.equals("hard"))
            return Result.failed("file (" + path + ") is " + prev + ", cannot continue").put("path", path).put("state", prev);
        return attributesOnly(path, fi, prev, "file");
    }

    private Result directory() {
        String path = req.path();
        StatProbe.Entry e = entry("p");
        FileInfo fi = e.info();
        if (req.follow() && fi.isLink() && e.realPath() != null && !e.realPath().isEmpty()) {
            path = e.realPath();
            fi = e.resolved();
        }
        String prev = fi.ansibleState();
        if (prev.equals("absent")) {
            stateDiff(prev, "directory");
            if (req.target().checkMode()) return withDiff(Result.changed().put("path", path));
            List<String> created = new ArrayList<>();
            List<String> missing = req.missing();
            for (int i = missing.size() - 1; i >= 0; i--) created.add(RemotePath.word(missing.get(i)));
            if (created.isEmpty()) created.add(RemotePath.word(path));
            List<String> cmds = new ArrayList<>();
            cmds.add("mkdir -p " + RemotePath.word(path));
            cmds.addAll(req.attrs().commandsForNew(created, true));
            return finish("path", path, cmds, fi);
        }
        if (!prev.equals("directory"))
            return Result.failed(path + " already exists as a " + prev).put("path", path);
        String w = RemotePath.word(path);
        List<String> cmds = new ArrayList<>(req.attrs().commands(w, fi, false, before, after));
        cmds.addAll(req.times().commands(w, fi, req.utcOffset(), before, after));
        if (req.recurse() && !req.tree().stream().allMatch(req.attrs()::matches)) {
            cmds.addAll(req.attrs().recursiveCommands(w));
        }
        return finish("path", path, cmds, fi);
    }

    private Result attributesOnly(String path, FileInfo fi, String prev, String state) {
        stateDiff(prev, state);
        String w = RemotePath.word(path);
        List<String> cmds = new ArrayList<>(req.attrs().commands(w, fi, false, before, after));
        cmds.addAll(req.times().commands(w, fi, req.utcOffset(), before, after));
        return finish("path", path, cmds, fi);
    }

    private Result link() {
        String path = req.path();
        StatProbe.Entry e = entry("p");
        FileInfo fi = e.info();
        String src = req.src();
        if (src == null && req.follow() && fi.isLink() && e.resolved().exists()) src = e.linkTarget();
        boolean relToPath = !fi.isLink() && fi.isDir();
        StatProbe.Entry srcEntry = src == null ? null : src.startsWith("/") ? entry("s") : relToPath ? entry("pb") : entry("sr");
        String absrc = src == null ? null : src.startsWith("/") ? src : (relToPath ? path : RemotePath.dirname(path)) + "/" + src;
        if (!req.force() && src != null && (srcEntry == null || !srcEntry.resolved().exists()))
            return Result.failed("src file does not exist, use \"force=yes\" if you really want to create the link: " + absrc)
                    .put("path", path).put("src", src);
        String prev = fi.ansibleState();
        if (prev.equals("directory")) {
            if (!req.force()) return Result.failed("refusing to convert from directory to symlink for " + path).put("path", path);
        } else if ((prev.equals("file") || prev.equals("hard")) && !req.force()) {
            return Result.failed("refusing to convert from " + prev + " to symlink for " + path).put("path", path);
        }
        stateDiff(prev, "link");
        String w = RemotePath.word(path);
        List<String> cmds = new ArrayList<>();
        boolean changed = false;
        if (!prev.equals("link")) {
            if (src == null) return Result.failed("src is required for creating new symlinks");
            changed = true;
        } else if (src != null && !src.equals(e.linkTarget())) {
            before.put("src", e.linkTarget());
            after.put("src", src);
            changed = true;
        }
        if (changed) {
            String q = playbook.engine.api.Shell.quote(src);
            if (prev.equals("directory")) cmds.add("rmdir " + w + " && ln -s " + q + " " + w);
            else if (prev.equals("absent")) cmds.add("ln -s " + q + " " + w);
            else cmds.add("ln -sfn " + q + " " + w);
        }
        FileInfo targetInfo = changed ? (srcEntry == null ? FileInfo.absent() : srcEntry.resolved()) : e.resolved();
        if (req.follow() && !targetInfo.exists()) {
            if (!req.attrs().isEmpty())
                req.target().warn("Cannot set fs attributes on a non-existent symlink target. follow should be set to False to avoid this.");
        } else if (req.follow()) {
            cmds.addAll(req.attrs().commands(w, targetInfo, false, before, after));
        } else if (!changed) {
            cmds.addAll(req.attrs().commands(w, fi, true, before, after));
        } else {
            cmds.addAll(req.attrs().commands(w, FileInfo.absent(), true, new LinkedHashMap<>(), new LinkedHashMap<>()));
        }
        Result r = finish("dest", path, cmds, changed ? FileInfo.absent() : fi);
        return r.put("src", src).changed(r.isChanged() || changed);
    }

    private Result hard() {
        String path = req.path();
        FileInfo fi = cur();
        String src = req.src();
        String prev = fi.ansibleState();
        if (!prev.equals("hard") && src == null) return Result.failed("src is required for creating new hardlinks");
        FileInfo srcInfo = src == null ? null : entry("s").resolved();
        if (src != null && !srcInfo.exists()) return Result.failed("src does not exist").put("dest", path).put("src", src);
        stateDiff(prev, "hard");
        boolean changed = false;
        switch (prev) {
            case "absent" -> changed = true;
            case "link" -> {
                before.put("src", entry("p").linkTarget());
                after.put("src", src);
                changed = true;
            }
            case "hard" -> {
                if (src != null && fi.inode() != srcInfo.inode()) {
                    if (!req.force()) return Result.failed("Cannot link, different hard link exists at destination").put("dest", path).put("src", src);
                    changed = true;
                }
            }
            case "file" -> {
                if (fi.inode() != srcInfo.inode()) {
                    if (!req.force()) return Result.failed("Cannot link, file exists at destination").put("dest", path).put("src", src);
                    changed = true;
                }
            }
            default -> {
                if (fi.inode() == srcInfo.inode()) return Result.ok().put("path", path);
                if (!req.force()) return Result.failed("Cannot link: different hard link exists at destination").put("dest", path).put("src", src);
                changed = true;
            }
        }
        String w = RemotePath.word(path);
        List<String> cmds = new ArrayList<>();
        if (changed) cmds.add((prev.equals("absent") ? "ln " : prev.equals("directory") ? "rmdir " + w + " && ln " : "ln -f ")
                + RemotePath.word(src) + " " + w);
        FileInfo basis = changed ? srcInfo : fi;
        cmds.addAll(req.attrs().commands(w, basis, false, before, after));
        cmds.addAll(req.times().commands(w, basis, req.utcOffset(), before, after));
        Result r = finish("dest", path, cmds, basis);
        return r.put("src", src);
    }

    /**
     * Runs the commands in one apply that also prints the new stat; returns the result with
     * Ansible's path info (uid, gid, owner, group, mode, state, size) under {@code key}.
     */
    private Result finish(String key, String path, List<String> cmds, FileInfo current) {
        Result r = Result.of(!cmds.isEmpty()).put(key, path);
        FileInfo now = current;
        if (!cmds.isEmpty()) {
            String w = RemotePath.word(path);
            String script = StatProbe.PRELUDE + "{ " + String.join(" && ", cmds) + "; }; rc=$?; __q a " + w + " ''; exit $rc\n";
            ExecResult er = req.target().apply(script);
            if (er.ran()) {
                if (!er.ok()) return Result.failed("Error while changing " + path + ": " + er.stderr().trim()).put("path", path);
                StatProbe.Entry a = StatProbe.parse(er).get("a");
                if (a != null) now = a.info();
            } else if (current.exists()) {
                now = req.attrs().predict(current);
            }
        }
        if (now.exists()) pathInfo(r, now);
        return withDiff(r);
    }

    static void pathInfo(Result r, FileInfo fi) {
        r.put("uid", fi.uid()).put("gid", fi.gid()).put("owner", fi.owner()).put("group", fi.group())
                .put("mode", FileMode.format(fi.mode())).put("state", fi.ansibleState()).put("size", fi.size());
    }

    private Result withDiff(Result r) {
        if (req.target().diffMode()) r.diff(null, Json.pretty(before), null, Json.pretty(after));
        return r;
    }
}
