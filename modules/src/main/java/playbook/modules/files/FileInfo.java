package playbook.modules.files;

import java.util.LinkedHashMap;
import java.util.Map;

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

    /** Ansible's statinfo() dict (find's files, stat's stat); times are floats as Python gives them, so they sort as numbers. */
    Map<String, Object> statinfo(String path) {
        FileInfo fi = this;
        Map<String, Object> st = new LinkedHashMap<>();
        int m = fi.mode();
        st.put("path", path);
        st.put("mode", FileMode.format(m));
        st.put("isdir", fi.isDir());
        st.put("ischr", fi.type().equals("chr"));
        st.put("isblk", fi.type().equals("blk"));
        st.put("isreg", fi.isFile());
        st.put("isfifo", fi.type().equals("fifo"));
        st.put("islnk", fi.isLink());
        st.put("issock", fi.type().equals("socket"));
        st.put("uid", fi.uid());
        st.put("gid", fi.gid());
        st.put("size", fi.size());
        st.put("inode", fi.inode());
        st.put("dev", fi.dev());
        st.put("nlink", fi.nlink());
        st.put("atime", (double) fi.atime());
        st.put("mtime", (double) fi.mtime());
        st.put("ctime", (double) fi.ctime());
        st.put("gr_name", fi.group() == null || fi.group().equals(String.valueOf(fi.gid())) ? "" : fi.group());
        st.put("pw_name", fi.owner() == null || fi.owner().equals(String.valueOf(fi.uid())) ? "" : fi.owner());
        st.put("wusr", (m & 0200) != 0);
        st.put("rusr", (m & 0400) != 0);
        st.put("xusr", (m & 0100) != 0);
        st.put("wgrp", (m & 020) != 0);
        st.put("rgrp", (m & 040) != 0);
        st.put("xgrp", (m & 010) != 0);
        st.put("woth", (m & 02) != 0);
        st.put("roth", (m & 04) != 0);
        st.put("xoth", (m & 01) != 0);
        st.put("isuid", (m & 04000) != 0);
        st.put("isgid", (m & 02000) != 0);
        return st;
    }

}
