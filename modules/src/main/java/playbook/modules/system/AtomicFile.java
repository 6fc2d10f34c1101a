package playbook.modules.system;

import playbook.engine.api.ExecResult;
import playbook.modules.common.RemotePath;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A small remote text file (fstab, a cron file, authorized_keys, known_hosts, sysctl.conf) read
 * in a probe and rewritten atomically: the new text goes on stdin into a temp file beside the
 * file, which keeps the old file's mode and owner (or gets {@code newMode} when the file is new),
 * and is renamed over it. An optional backup is made first, as Ansible's backup_local names it.
 */
final class AtomicFile {
    /** The marker a probe prints before the file's content; the content runs to the end of output. */
    static final String MARK = "__pb_file_follows__";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFile() {}

    /** Probe snippet: prints {@link #MARK} and the content when the file exists. Must come last. */
    static String cat(String path) {
        String w = RemotePath.word(path);
        return "if [ -f " + w + " ]; then echo " + MARK + "; cat " + w + "; fi\n";
    }

    /** The file's content from a probe's output (null when absent), and the output before it. */
    record Split(String before, String content) {}

    static Split split(ExecResult er) {
        String out = er.stdout();
        int i = out.startsWith(MARK + "\n") ? 0 : out.indexOf("\n" + MARK + "\n");
        if (i < 0) return new Split(out, null);
        int start = i == 0 ? MARK.length() + 1 : i + MARK.length() + 2;
        return new Split(out.substring(0, i == 0 ? 0 : i + 1), out.substring(start));
    }

    /**
     * Shell commands that install stdin as {@code path}. {@code newMode} (octal text such as
     * "0600") applies only when the file is created; {@code owner} (may be null) is chowned to
     * when created; {@code mkdirs} creates the parent. Prints {@code backup=PATH} when backing up.
     */
    static String write(String path, String newMode, String owner, boolean backup, boolean mkdirs) {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        String f = RemotePath.word(path);
        String t = RemotePath.word(RemotePath.dirname(path) + "/." + RemotePath.basename(path) + ".pbtmp"
                + HexFormat.of().formatHex(b));
        StringBuilder s = new StringBuilder();
        if (mkdirs) s.append("mkdir -p ").append(RemotePath.word(RemotePath.dirname(path))).append(" && ");
        if (backup) {
            s.append("{ [ ! -e ").append(f).append(" ] || { b=").append(f)
                    .append(".$$.$(date +%Y-%m-%d@%H:%M:%S~) && cp -p ").append(f).append(" \"$b\" && echo \"backup=$b\"; }; } && ");
        }
        s.append("{ if [ -e ").append(f).append(" ]; then cp -p ").append(f).append(' ').append(t)
                .append("; else (umask 077 && : > ").append(t).append(") && chmod ").append(newMode).append(' ').append(t);
        if (owner != null) s.append(" && chown ").append(owner).append(' ').append(t);
        s.append("; fi; } && cat > ").append(t).append(" && mv -f ").append(t).append(' ').append(f)
                .append(" || { rc=$?; rm -f ").append(t).append("; exit $rc; }");
        return s.toString();
    }

    /** Python's readlines(): split after each newline, endings kept; null reads as empty. */
    static java.util.List<String> lines(String text) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (text == null) return out;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') { out.add(text.substring(start, i + 1)); start = i + 1; }
        }
        if (start < text.length()) out.add(text.substring(start));
        return out;
    }

    /** The backup path printed by {@link #write}, or "". */
    static String backupFile(ExecResult er) {
        for (String line : er.stdout().split("\n")) if (line.startsWith("backup=")) return line.substring(7);
        return "";
    }
}
