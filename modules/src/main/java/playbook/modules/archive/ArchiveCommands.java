package playbook.modules.archive;

import playbook.modules.common.RemotePath;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The shell text of the archive module: the stream that produces the archive content (tar of
 * the sources relative to arcroot or with absolute names, a zip, or one file), the read-only
 * comparison of that stream's sha256 with the decompressed content of the existing dest, and
 * the apply that writes a temp file beside dest, verifies it and renames it over dest.
 */
final class ArchiveCommands {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ArchiveFormat format;
    private final String root;
    private final List<String> targets;
    private final boolean absolute;
    private final boolean asArchive;

    /**
     * @param asArchive false for a single file compressed as is (gz, bz2, xz, zst of one file)
     */
    ArchiveCommands(ArchiveFormat format, String root, List<String> targets, boolean absolute, boolean asArchive) {
        this.format = format;
        this.root = root;
        this.targets = targets;
        this.absolute = absolute;
        this.asArchive = asArchive;
    }

    /** The member names as shell words: relative to arcroot, or the absolute paths. */
    private String names() {
        List<String> w = new ArrayList<>();
        for (String t : targets) {
            String n = absolute || root.isEmpty() || !t.startsWith(root) ? t : t.substring(root.length());
            w.add(n.isEmpty() ? "." : RemotePath.word(n));
        }
        return String.join(" ", w);
    }

    private String cd() {
        return absolute || root.isEmpty() ? "" : "cd " + RemotePath.word(root) + " && ";
    }

    /** The command that writes the archive content (before compression) to stdout. */
    String stream() {
        if (!asArchive) return "cat " + RemotePath.word(targets.get(0));
        if (format == ArchiveFormat.ZIP) return "(" + cd() + "zip -X -r -q - " + names() + " | cat)";
        return "(" + cd() + "tar " + (absolute ? "-P " : "") + "-cf - " + names() + ")";
    }

    /** {@code rc=$(...)}: runs {@link #stream} into {@code sink}, leaving the stream's exit status in rc. */
    private String piped(String sink) {
        return "rc=$( { { " + stream() + "; echo $? >&3; } | " + sink + "; } 3>&1 )";
    }

    /**
     * The read-only comparison: prints {@code new=} (sha256 of the content the archive would
     * hold), {@code newrc=} (exit status of producing it), {@code old=} (sha256 of the existing
     * dest's content, absent when dest is not a file) and {@code a<TAB>member} lines.
     */
    String compareScript(String dest) {
        String d = RemotePath.word(dest);
        StringBuilder s = new StringBuilder(HostScript.HASH).append("exec 4>&1\n");
        s.append(piped("{ printf 'new='; __h; } >&4")).append("\necho \"newrc=$rc\"\n");
        s.append("if [ -f ").append(d).append(" ]; then printf 'old='; ");
        if (format == ArchiveFormat.ZIP) s.append("__h < ").append(d);
        else s.append("{ ").append(format.decompress).append(" < ").append(d).append(" 2>/dev/null; } | __h");
        s.append("; fi\n");
        if (asArchive) s.append("(").append(cd()).append("find ").append(names()).append(") | sed 's/^/a\t/'\n");
        return s.toString();
    }

    /** The archived paths (Ansible's {@code archived}): every member, the top directories excepted. */
    List<String> archived(String stdout) {
        if (!asArchive) return List.of(targets.get(0));
        Set<String> tops = Set.copyOf(targets);
        List<String> out = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (!line.startsWith("a\t")) continue;
            String n = line.substring(2);
            String full = absolute || n.startsWith("/") ? n : root + n;
            if (!tops.contains(full)) out.add(full);
        }
        return out;
    }

    /**
     * The apply: when {@code write}, builds the archive in a temp file beside dest, verifies it
     * (decompresses and lists it), applies {@code attrCmds} to {@code "$tmp"} and renames it over
     * dest; when {@code remove}, then deletes the sources. Prints {@code final=} with dest's stat.
     */
    String applyScript(String dest, boolean write, boolean remove, List<String> attrCmds) {
        String d = RemotePath.word(dest);
        StringBuilder s = new StringBuilder(HostScript.STAT);
        if (write) {
            byte[] b = new byte[6];
            RANDOM.nextBytes(b);
            String tmp = RemotePath.dirname(dest) + "/." + RemotePath.basename(dest) + ".pbtmp" + HexFormat.of().formatHex(b);
            s.append("tmp=").append(RemotePath.word(tmp)).append("\n");
            s.append("fail() { rm -f \"$tmp\"; echo \"$1\" >&2; exit 1; }\n");
            String sink = (format == ArchiveFormat.ZIP ? "cat" : format.compress) + " > \"$tmp\"";
            s.append(piped(sink)).append(" || fail \"can't write $tmp\"\n");
            s.append("[ \"$rc\" = 0 ] || fail \"").append(asArchive ? "creating the archive" : "reading the source")
                    .append(" exited with status $rc\"\n");
            if (format == ArchiveFormat.ZIP) {
                s.append("unzip -tq \"$tmp\" >/dev/null || fail \"the new archive $tmp failed verification (unzip -t)\"\n");
            } else if (asArchive) {
                s.append("rc=$( { { ").append(format.decompress).append(" < \"$tmp\"; echo $? >&3; } | tar -tf - >/dev/null; } 3>&1 )")
                        .append(" && [ \"$rc\" = 0 ] || fail \"the new archive $tmp failed verification (list)\"\n");
            } else {
                s.append(format.decompress).append(" < \"$tmp\" >/dev/null || fail \"the new file $tmp failed verification\"\n");
            }
            for (String c : attrCmds) s.append(c).append(" || fail \"can't set mode/owner/group\"\n");
            s.append("dest=").append(d).append("\n");
            s.append("mv -f \"$tmp\" \"$dest\" || fail \"can't rename $tmp to $dest\"\n");
        }
        if (remove) {
            List<String> w = targets.stream().map(RemotePath::word).toList();
            s.append("rm -rf ").append(String.join(" ", w)).append(" || { echo 'Error deleting some source files' >&2; exit 1; }\n");
        }
        s.append("echo \"final=$(__st ").append(d).append(")\"\n");
        return s.toString();
    }
}
