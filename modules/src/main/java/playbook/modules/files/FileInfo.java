package playbook.modules.files;

/**
 * What one portable stat said about a path. {@code type} is absent, file, directory, link,
 * chr, blk, fifo or socket; {@code owner}/{@code group} are names, or the numeric id when
 * the id has no name.
 */
public record FileInfo(String type, int mode, long uid, long gid, String owner, String group, long size,
                       long mtime, long atime, long ctime, long nlink, long inode, long dev) {

    public static FileInfo absent() {
        return new FileInfo("absent", 0, -1, -1, null, null, 0, 0, 0, 0, 0, 0, 0);
    }

    public boolean exists() { return !type.equals("absent"); }

    public boolean isDir() { return type.equals("directory"); }

    public boolean isLink() { return type.equals("link"); }

    public boolean isFile() { return type.equals("file"); }

    /** Ansible's get_state(): link, directory, hard (a file with several links), file, or absent. */
    public String ansibleState() {
        if (!exists()) return "absent";
        if (isLink()) return "link";
        if (isDir()) return "directory";
        if (nlink > 1) return "hard";
        return "file";
    }

    /**
     * Parses the words {@code rawmode-hex uid gid size mtime atime ctime nlink inode dev user group}
     * printed by {@link StatProbe}; empty text means absent.
     */
    public static FileInfo parse(String line) {
        String t = line == null ? "" : line.trim();
        if (t.isEmpty() || t.equals("absent")) return absent();
        String[] w = t.split("\\s+", 12);
        if (w.length < 12) throw new IllegalArgumentException("unexpected stat output: " + line);
        int raw = Integer.parseInt(w[0], 16);
        long uid = Long.parseLong(w[1]);
        long gid = Long.parseLong(w[2]);
        return new FileInfo(typeOf(raw), raw & 07777, uid, gid, name(w[10], uid), name(w[11], gid),
                Long.parseLong(w[3]), Long.parseLong(w[4]), Long.parseLong(w[5]), Long.parseLong(w[6]),
                Long.parseLong(w[7]), Long.parseLong(w[8]), Long.parseLong(w[9]));
    }

    private static String name(String n, long id) {
        return n.equals("UNKNOWN") || n.equals("?") ? String.valueOf(id) : n;
    }

    static String typeOf(int raw) {
        return switch (raw & 0170000) {
            case 0040000 -> "directory";
            case 0100000 -> "file";
            case 0120000 -> "link";
            case 0020000 -> "chr";
            case 0060000 -> "blk";
            case 0010000 -> "fifo";
            case 0140000 -> "socket";
            default -> "file";
        };
    }
}
