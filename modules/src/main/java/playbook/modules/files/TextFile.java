package playbook.modules.files;

import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A remote text file edited in Java (lineinfile, blockinfile, replace): {@link #read} stats it and
 * reads its content in one probe; {@link #save} writes the new content (when it changed) through
 * a temp file renamed over the real path, creates missing parents, makes a backup, and fixes
 * mode/owner/group, all in one apply. Check mode runs no apply and predicts.
 */
final class TextFile {
    private static final String MARK = "__pb_text_follows__";

    final String path;
    final FileInfo info;
    final String realPath;
    final boolean parentExists;
    final String content;

    private TextFile(String path, FileInfo info, String realPath, boolean parentExists, String content) {
        this.path = path;
        this.info = info;
        this.realPath = realPath;
        this.parentExists = parentExists;
        this.content = content;
    }

    /** One probe: stat of the path (following links), of its parent, and its content when a file. */
    static TextFile read(Target target, String path) {
        String w = RemotePath.word(path);
        String cmd = new StatProbe().add("p", path, null).add("d", RemotePath.dirname(path), null).command()
                + "if [ -f " + w + " ]; then echo " + MARK + "; cat " + w + "; fi\n";
        String out = target.probe(cmd).stdout();
        int mark = out.indexOf(MARK + "\n");
        String text = mark < 0 ? null : out.substring(mark + MARK.length() + 1);
        Map<String, StatProbe.Entry> found = StatProbe.parse(new ExecResult(0, mark < 0 ? out : out.substring(0, mark), ""));
        StatProbe.Entry e = found.get("p");
        String real = e.info().isLink() && e.realPath() != null && !e.realPath().isBlank() ? e.realPath() : path;
        return new TextFile(path, e.resolved(), real, found.get("d").resolved().isDir(), text);
    }

    boolean exists() { return info.exists(); }

    boolean isDir() { return info.isDir(); }

    /** Python's readlines(): lines split after each {@code \n}, endings kept. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') { out.add(text.substring(start, i + 1)); start = i + 1; }
        }
        if (start < text.length()) out.add(text.substring(start));
        return out;
    }

    /** What to say about a validate failure, in the module's words. */
    interface ValidateMessage { String of(int rc, String stderr); }

    /**
     * Writes {@code newContent} when {@code changed}, then applies mode/owner/group. Returns the
     * result with changed and msg updated ("ownership, perms or SE linux context changed" joins
     * the message as Ansible's check_file_attrs does); {@code backupKey} names the backup return.
     */
    Result save(Target target, Args args, String newContent, boolean changed, String msg, Result r,
                String backupKey, ValidateMessage validateMsg) {
        FileAttributes attrs = new FileAttributes(args.get("mode"), args.str("owner"), args.str("group"));
        String w = RemotePath.word(realPath);
        List<String> cmds = new ArrayList<>();
        List<String> temps = new ArrayList<>();
        byte[] stdin = null;
        if (changed) {
            if (!exists() && !parentExists) cmds.add("mkdir -p " + RemotePath.word(RemotePath.dirname(realPath)));
            String tmp = RemotePath.word(DestWriter.tempPath(realPath));
            temps.add(tmp);
            cmds.add(DestWriter.privateWrite(tmp));
            cmds.addAll(DestWriter.install(tmp, w, info, args.str("validate"), args.bool("backup"), true));
            stdin = newContent.getBytes(StandardCharsets.UTF_8);
        }
        if (target.checkMode() && !exists()) return r.changed(changed).msg(msg);
        List<String> attrCmds = exists() ? attrs.commands(w, info, false, new LinkedHashMap<>(), new LinkedHashMap<>())
                : attrs.commandsForNew(List.of(w), false);
        if (!attrCmds.isEmpty()) {
            msg = (changed ? msg + " and " : "") + "ownership, perms or SE linux context changed";
            changed = true;
        }
        cmds.addAll(attrCmds);
        r.changed(changed).msg(msg);
        if (cmds.isEmpty()) return r;
        ExecResult er = target.apply(DestWriter.script(cmds, temps, null), stdin);
        if (!er.ran()) return r;
        if (DestWriter.validateFailed(er)) return Result.failed(validateMsg.of(er.rc(), DestWriter.validateStderr(er)));
        if (!er.ok()) return Result.failed("can't write " + path + ": " + er.stderr().trim());
        DestWriter.finish(er, r, backupKey);
        return r;
    }
}
