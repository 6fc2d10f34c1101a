package playbook.modules.files;

import playbook.engine.api.Shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The common file arguments {@code mode}, {@code owner} and {@code group}: compares them with
 * what a stat found, records before/after for the diff, and returns the chmod/chown/chgrp
 * commands needed (none when the file already matches). Owners and groups given by name are
 * compared by name, numeric ones by id, so no user lookup is needed on the host.
 */
public final class FileAttributes {
    private final FileMode mode;
    private final String owner;
    private final String group;

    public FileAttributes(Object mode, String owner, String group) {
        this.mode = FileMode.parse(mode);
        this.owner = blankToNull(owner);
        this.group = blankToNull(group);
    }

    public boolean isEmpty() { return mode == null && owner == null && group == null; }

    public FileMode mode() { return mode; }

    /**
     * Commands that make {@code fi} (the current state of {@code word}) match; fills the diff
     * maps. {@code noDeref} is for a link itself: chown -h, and no chmod (Linux cannot lchmod).
     */
    public List<String> commands(String word, FileInfo fi, boolean noDeref,
                                 Map<String, Object> before, Map<String, Object> after) {
        List<String> cmds = new ArrayList<>();
        String h = noDeref ? "-h " : "";
        if (owner != null && !ownerMatches(owner, fi.uid(), fi.owner())) {
            cmds.add("chown " + h + Shell.quote(owner) + " " + word);
            before.put("owner", fi.uid());
            after.put("owner", numericOrName(owner));
        }
        if (group != null && !ownerMatches(group, fi.gid(), fi.group())) {
            cmds.add("chgrp " + h + Shell.quote(group) + " " + word);
            before.put("group", fi.gid());
            after.put("group", numericOrName(group));
        }
        if (mode != null && !noDeref) {
            int want = mode.resolve(fi.mode(), fi.isDir());
            if (want != (fi.mode() & 07777)) {
                cmds.add("chmod " + FileMode.format(want) + " " + word);
                before.put("mode", FileMode.format(fi.mode()));
                after.put("mode", FileMode.format(want));
            }
        }
        return cmds;
    }

    /** Commands for paths that do not exist yet (created by the same apply): unconditional. */
    public List<String> commandsForNew(List<String> words, boolean isDir) {
        List<String> cmds = new ArrayList<>();
        if (words.isEmpty()) return cmds;
        String all = String.join(" ", words);
        if (owner != null) cmds.add("chown " + Shell.quote(owner) + " " + all);
        if (group != null) cmds.add("chgrp " + Shell.quote(group) + " " + all);
        if (mode != null) cmds.add("chmod " + Shell.quote(mode.toString()) + " " + all);
        return cmds;
    }

    /** What {@code fi} will look like after {@link #commands} ran (for check mode). */
    public FileInfo predict(FileInfo fi) {
        long uid = fi.uid();
        String ownerName = fi.owner();
        if (owner != null && !ownerMatches(owner, fi.uid(), fi.owner())) {
            if (isNumeric(owner)) { uid = Long.parseLong(owner); ownerName = owner; } else ownerName = owner;
        }
        long gid = fi.gid();
        String groupName = fi.group();
        if (group != null && !ownerMatches(group, fi.gid(), fi.group())) {
            if (isNumeric(group)) { gid = Long.parseLong(group); groupName = group; } else groupName = group;
        }
        int m = mode == null ? fi.mode() : mode.resolve(fi.mode(), fi.isDir());
        return new FileInfo(fi.type(), m, uid, gid, ownerName, groupName, fi.size(), fi.mtime(), fi.atime(),
                fi.ctime(), fi.nlink(), fi.inode(), fi.dev());
    }

    /** True when every entry already has the requested mode, owner and group (for recurse). */
    public boolean matches(FileInfo fi) {
        return (owner == null || ownerMatches(owner, fi.uid(), fi.owner()))
                && (group == null || ownerMatches(group, fi.gid(), fi.group()))
                && (mode == null || mode.resolve(fi.mode(), fi.isDir()) == (fi.mode() & 07777));
    }

    /** Recursive commands for everything below (and including) a directory. */
    public List<String> recursiveCommands(String word) {
        List<String> cmds = new ArrayList<>();
        if (owner != null) cmds.add("chown -R " + Shell.quote(owner) + " " + word);
        if (group != null) cmds.add("chgrp -R " + Shell.quote(group) + " " + word);
        if (mode != null) cmds.add("chmod -R " + Shell.quote(mode.toString()) + " " + word);
        return cmds;
    }

    static boolean ownerMatches(String wanted, long id, String name) {
        if (isNumeric(wanted)) return Long.parseLong(wanted) == id;
        return wanted.equals(name);
    }

    private static Object numericOrName(String s) {
        return isNumeric(s) ? (Object) Long.parseLong(s) : s;
    }

    static boolean isNumeric(String s) {
        return s != null && !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
