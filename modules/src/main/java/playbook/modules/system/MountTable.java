package playbook.modules.system;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fstab and the live mount table, as the mount module reads and rewrites them. The live
 * table is {@code /proc/mounts} (GNU and BusyBox) or the output of {@code mount} (BSD/macOS:
 * {@code src on /path (fstype, opts)}; BusyBox without /proc: {@code src on /path type fs (opts)}).
 * The fstab edit is a port of ansible.posix.mount's set_mount/unset_mount for Linux.
 */
final class MountTable {
    /** One live mount. */
    record Mounted(String src, String path, String fstype) {}

    /** A desired fstab entry; values are escaped as fstab needs (\040 for a space). */
    record Entry(String src, String name, String fstype, String opts, String dump, String passno) {
        String line() { return src + " " + name + " " + fstype + " " + opts + " " + dump + " " + passno + "\n"; }
    }

    /** The new fstab text and whether it differs. */
    record Edit(String text, boolean changed) {}

    private static final Pattern ON = Pattern.compile("^(\\S+) on (.+?)(?: type (\\S+))? \\(([^,)]*)");

    private MountTable() {}

    static List<Mounted> parseLive(String text) {
        List<Mounted> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) continue;
            Matcher m = ON.matcher(line);
            if (m.find()) {
                out.add(new Mounted(m.group(1), m.group(2), m.group(3) != null ? m.group(3) : m.group(4).trim()));
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3) out.add(new Mounted(unescape(f[0]), unescape(f[1]), f[2]));
        }
        return out;
    }

    /** The last live mount on {@code path} (trailing slashes ignored), or null. */
    static Mounted mountedAt(List<Mounted> live, String path) {
        String p = normalize(path);
        Mounted found = null;
        for (Mounted m : live) if (normalize(m.path()).equals(p)) found = m;
        return found;
    }

    /** set_mount: update the entry for e.name in place, or append it. */
    static Edit set(String fstab, Entry e) {
        StringBuilder out = new StringBuilder();
        boolean exists = false;
        boolean changed = false;
        for (String raw : AtomicFile.lines(fstab)) {
            String line = raw.endsWith("\n") ? raw : raw + "\n";
            String[] f = line.trim().split("\\s+");
            if (line.isBlank() || line.strip().startsWith("#") || f.length < 4 || f.length > 6
                    || !f[1].equals(e.name()) || swapOfOtherSrc(f, e.src())) {
                out.append(line);
                continue;
            }
            exists = true;
            String[] want = {e.src(), e.name(), e.fstype(), e.opts(), e.dump(), e.passno()};
            String[] cur = {f[0], f[1], f[2], f[3], f.length > 4 ? f[4] : "0", f.length > 5 ? f[5] : "0"};
            boolean differs = false;
            for (int i = 0; i < 6; i++) if (!cur[i].equals(want[i])) differs = true;
            if (differs) {
                changed = true;
                out.append(e.line());
            } else {
                out.append(line);
            }
        }
        if (!exists) {
            out.append(e.line());
            changed = true;
        }
        return new Edit(out.toString(), changed);
    }

    /** unset_mount: drop every 6-field entry for {@code name}. */
    static Edit unset(String fstab, String name, String src) {
        StringBuilder out = new StringBuilder();
        boolean changed = false;
        for (String line : AtomicFile.lines(fstab)) {
            String[] f = line.trim().split("\\s+");
            if (line.isBlank() || line.strip().startsWith("#") || f.length != 6 || !f[1].equals(name) || swapOfOtherSrc(f, src)) {
                out.append(line);
                continue;
            }
            changed = true;
        }
        return new Edit(out.toString(), changed);
    }

    private static boolean swapOfOtherSrc(String[] f, String src) {
        return src != null && f[1].equals("none") && f[2].equals("swap") && !f[0].equals(src);
    }

    /** Ansible's _escape_fstab: backslash, space and ampersand as octal escapes. */
    static String escape(String v) {
        return v.replace("\\", "\\134").replace(" ", "\\040").replace("&", "\\046");
    }

    static String unescape(String v) {
        Matcher m = Pattern.compile("\\\\([0-7]{3})").matcher(v);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 8))));
        return m.appendTail(sb).toString();
    }

    private static String normalize(String p) {
        String s = p;
        while (s.length() > 1 && s.endsWith("/")) s = s.substring(0, s.length() - 1);
        return s;
    }
}
