package playbook.modules.files;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible.builtin.copy with {@code content:} (src= is not supported yet). One probe stats the
 * destination with its sha1 (and reads it for --diff when it is small text); when the checksum
 * differs, one apply writes a temp file beside dest from stdin, validates it, gives it the old
 * file's mode and owner, and renames it over dest, then fixes mode/owner/group.
 */
public final class CopyModule implements Module {
    static final int MAX_DIFF_BYTES = 104448;
    private static final String CONTENT_MARK = "__pb_content_follows__";
    private static final String VALIDATE_MARK = "__pb_validate_failed__";

    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("content", ArgType.STR)
            .arg("src", ArgType.PATH)
            .arg("dest", ArgType.PATH).required()
            .arg("mode", ArgType.RAW)
            .arg("owner", ArgType.STR)
            .arg("group", ArgType.STR)
            .arg("backup", ArgType.BOOL).defaultValue(false)
            .arg("force", ArgType.BOOL).defaultValue(true).aliases("thirsty")
            .arg("validate", ArgType.STR)
            .arg("directory_mode", ArgType.RAW)
            .arg("remote_src", ArgType.BOOL).defaultValue(false)
            .arg("follow", ArgType.BOOL).defaultValue(false)
            .arg("local_follow", ArgType.BOOL).defaultValue(true)
            .arg("decrypt", ArgType.BOOL).defaultValue(true)
            .arg("checksum", ArgType.STR)
            .arg("unsafe_writes", ArgType.BOOL).defaultValue(false)
            .arg("attributes", ArgType.STR).aliases("attr")
            .arg("seuser", ArgType.STR).arg("serole", ArgType.STR).arg("setype", ArgType.STR).arg("selevel", ArgType.STR)
            .mutuallyExclusive("content", "src")
            .requiredOneOf("content", "src")
            .build();

    @Override public String name() { return "copy"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        if (args.has("src")) throw new ModuleException("copy src= is not supported yet; use content=");
        String dest = args.str("dest");
        if (dest.endsWith("/")) return Result.failed("can not use content with a dir as dest");
        String validate = args.str("validate");
        if (validate != null && !validate.contains("%s"))
            return Result.failed("validate must contain %s: " + validate);
        byte[] content = args.str("content").getBytes(StandardCharsets.UTF_8);
        String checksum = sha1(content);
        FileAttributes attrs = new FileAttributes(args.get("mode"), args.str("owner"), args.str("group"));

        String dir = RemotePath.dirname(dest);
        StatProbe probe = new StatProbe().add("d", dest, "sha1").add("p", dir, null);
        String cmd = probe.command();
        if (target.diffMode())
            cmd += "if [ -f " + RemotePath.word(dest) + " ] && [ \"$(wc -c < " + RemotePath.word(dest) + ")\" -le "
                    + MAX_DIFF_BYTES + " ]; then echo " + CONTENT_MARK + "; cat " + RemotePath.word(dest) + "; fi\n";
        String out = target.probe(cmd).stdout();
        int mark = out.indexOf(CONTENT_MARK + "\n");
        String oldText = mark < 0 ? null : out.substring(mark + CONTENT_MARK.length() + 1);
        Map<String, StatProbe.Entry> found = StatProbe.parse(new ExecResult(0, mark < 0 ? out : out.substring(0, mark), ""));
        StatProbe.Entry d = found.get("d");
        FileInfo cur = d.resolved();
        if (cur.isDir()) return Result.failed("can not use content with a dir as dest");
        if (!found.get("p").resolved().isDir()) {
            // Ansible's copy action decides "would change" in check mode before the module checks the directory
            if (target.checkMode()) return Result.changed().put("dest", dest).put("checksum", checksum);
            return Result.failed("Destination directory " + dir + " does not exist").put("checksum", checksum);
        }
        if (cur.exists() && !args.bool("force")) return Result.ok().put("dest", dest);

        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        String w = RemotePath.word(dest);
        boolean contentChanged = !cur.exists() || !checksum.equals(d.checksum());
        List<String> cmds = new ArrayList<>();
        Result r = Result.changed();
        if (contentChanged) {
            String tmp = RemotePath.word(dir + "/." + RemotePath.basename(dest) + ".pbtmp");
            String tmpName = tmp + "$$";
            cmds.add("cat > " + tmpName);
            if (validate != null) {
                cmds.add("{ " + validate.replace("%s", tmpName) + " || { rc=$?; rm -f " + tmpName + "; echo "
                        + VALIDATE_MARK + " >&2; exit $rc; }; }");
            }
            if (args.bool("backup") && cur.exists()) {
                cmds.add("b=" + w + ".$$.$(date +%Y-%m-%d@%H:%M:%S~) && cp -p " + w + " \"$b\" && echo \"backup=$b\"");
            }
            if (cur.exists()) {
                cmds.add("chmod " + FileMode.format(cur.mode()) + " " + tmpName);
                cmds.add("{ chown " + cur.uid() + ":" + cur.gid() + " " + tmpName + " 2>/dev/null || true; }");
            }
            cmds.add("mv -f " + tmpName + " " + w);
            FileInfo fresh = cur.exists() ? cur : FileInfo.absent();
            cmds.addAll(cur.exists() ? attrs.commands(w, fresh, false, before, after)
                    : attrs.commandsForNew(List.of(w), false));
            if (target.diffMode()) r.diff(dest, oldText == null ? "" : oldText, "dynamically generated",
                    new String(content, StandardCharsets.UTF_8));
        } else {
            cmds.addAll(attrs.commands(w, cur, false, before, after));
        }
        if (cmds.isEmpty()) {
            Result ok = Result.ok().put("dest", dest).put("checksum", checksum).put("path", dest);
            FileStates.pathInfo(ok, cur);
            return ok;
        }
        String script = StatProbe.PRELUDE + "{ " + String.join(" && ", cmds) + "; }; rc=$?; __q a " + w + " ''; exit $rc\n";
        ExecResult er = target.apply(script, contentChanged ? content : null);
        r.put("dest", dest).put("checksum", checksum);
        if (!er.ran()) {
            if (cur.exists()) FileStates.pathInfo(r, attrs.predict(cur));
            return r;
        }
        if (!er.ok()) {
            if (er.stderr().contains(VALIDATE_MARK)) {
                String err = er.stderr().replace(VALIDATE_MARK + "\n", "").replace(VALIDATE_MARK, "");
                return Result.failed("failed to validate").put("exit_status", er.rc()).put("stdout", er.stdout())
                        .put("stderr", err).put("checksum", checksum);
            }
            return Result.failed("copy to " + dest + " failed: " + er.stderr().trim()).put("dest", dest);
        }
        for (String line : er.stdout().split("\n")) if (line.startsWith("backup=")) r.put("backup_file", line.substring(7));
        StatProbe.Entry a = StatProbe.parse(er).get("a");
        if (a != null) FileStates.pathInfo(r, a.info());
        return r;
    }

    static String sha1(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
