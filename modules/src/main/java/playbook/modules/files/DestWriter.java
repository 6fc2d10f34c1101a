package playbook.modules.files;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Puts a new version of a file in place the way Ansible's {@code atomic_move} does: the new
 * bytes sit in a temp file beside dest; it is validated, dest is backed up, the temp file takes
 * dest's old mode and owner (or the umask's default mode when dest is new), and is renamed over
 * dest. Shared by copy, template, lineinfile, blockinfile and replace.
 */
public final class DestWriter {
    static final String VALIDATE_MARK = "__pb_validate_failed__";
    private static final SecureRandom RANDOM = new SecureRandom();

    private DestWriter() {}

    /** A fresh temp path beside {@code dest}: {@code dir/.name.pbtmpXXXXXXXX} (raw, unquoted). */
    public static String tempPath(String dest) {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return RemotePath.dirname(dest) + "/." + RemotePath.basename(dest) + ".pbtmp" + HexFormat.of().formatHex(b);
    }

    /**
     * Writes stdin to {@code tmp} (a shell word) as mode 0600 whatever the umask: the content may
     * be a secret that its final mode protects; {@link #install} with {@code fixNewMode} then
     * gives a new file {@code 0666 & ~umask} (the umask outside the subshell), as before.
     */
    public static String privateWrite(String tmp) {
        return "(umask 077 && cat > " + tmp + ")";
    }

    /**
     * Commands (to be joined by {@code &&}) that validate {@code tmp}, back up dest, give tmp
     * dest's old permissions (or {@code 0666 & ~umask} when {@code fixNewMode} and dest is new),
     * and rename it over dest. Both words are already shell words.
     */
    public static List<String> install(String tmp, String dest, FileInfo cur, String validate, boolean backup,
                                boolean fixNewMode) {
        List<String> cmds = new ArrayList<>();
        if (validate != null) {
            cmds.add("{ " + validate.replace("%s", tmp) + " || { rc=$?; echo " + VALIDATE_MARK
                    + " >&2; (exit $rc); }; }");
        }
        if (backup && cur.exists()) {
            cmds.add("b=" + dest + ".$$.$(date +%Y-%m-%d@%H:%M:%S~) && cp -p " + dest + " \"$b\" && echo \"backup=$b\"");
        }
        if (cur.exists()) {
            cmds.add("chmod " + FileMode.format(cur.mode()) + " " + tmp);
            cmds.add("{ chown " + cur.uid() + ":" + cur.gid() + " " + tmp + " 2>/dev/null || true; }");
        } else if (fixNewMode) {
            cmds.add("chmod \"$(printf %o $((0666 & ~0$(umask))))\" " + tmp);
        }
        cmds.add("mv -f " + tmp + " " + dest);
        return cmds;
    }

    /**
     * One apply script: runs {@code cmds} joined by {@code &&}, removes the temp files whatever
     * happened, and prints the final stat of {@code statWord} as label {@code a}.
     */
    public static String script(List<String> cmds, List<String> tempWords, String statWord) {
        StringBuilder s = new StringBuilder(StatProbe.PRELUDE);
        s.append("{ ").append(String.join(" && ", cmds)).append("; }; rc=$?\n");
        if (!tempWords.isEmpty()) s.append("rm -f ").append(String.join(" ", tempWords)).append(" 2>/dev/null\n");
        if (statWord != null) s.append("__q a ").append(statWord).append(" ''\n");
        return s.append("exit $rc\n").toString();
    }

    /** True when the apply failed in the validate command. */
    static boolean validateFailed(ExecResult er) {
        return !er.ok() && er.stderr().contains(VALIDATE_MARK);
    }

    /** stderr without the validate marker. */
    static String validateStderr(ExecResult er) {
        return er.stderr().replace(VALIDATE_MARK + "\n", "").replace(VALIDATE_MARK, "");
    }

    /** Adds {@code backup_file} (under {@code key}) and the final stat from a successful apply. */
    public static void finish(ExecResult er, Result r, String backupKey) {
        for (String line : er.stdout().split("\n"))
            if (line.startsWith("backup=")) r.put(backupKey, line.substring(7));
        StatProbe.Entry a = StatProbe.parse(er).get("a");
        if (a != null && a.info().exists()) FileStates.pathInfo(r, a.info());
    }

    /**
     * The current text of a remote file for --diff, or null when it is absent, larger than
     * {@link CopyModule#MAX_DIFF_BYTES} or binary. One extra probe, only in diff mode.
     */
    static String readForDiff(Target target, String path, FileInfo cur) {
        if (!cur.exists()) return "";
        if (!cur.isFile() || cur.size() > CopyModule.MAX_DIFF_BYTES) return null;
        ExecResult er = target.probe("cat " + RemotePath.word(path));
        if (!er.ok() || er.stdout().indexOf('\0') >= 0) return null;
        return er.stdout();
    }

    /** True when bytes look like text (no NUL), as Ansible's diff decides. */
    static boolean isText(byte[] data) {
        int n = Math.min(data.length, 8192);
        for (int i = 0; i < n; i++) if (data[i] == 0) return false;
        return true;
    }

    static String text(byte[] data) { return new String(data, StandardCharsets.UTF_8); }
}
