package playbook.modules.files;

import playbook.engine.ModuleException;

import java.util.regex.Pattern;

/**
 * A {@code mode} argument as Ansible reads it: an int is already the numeric mode (YAML 0644
 * arrives as 420), a string of octal digits is octal ("0644", "644", "4755"), anything else is
 * symbolic ({@code u+rwX,g-w,o=}) and is resolved against the current mode.
 */
public final class FileMode {
    private static final Pattern OCTAL = Pattern.compile("[0-7]{1,5}");
    private static final Pattern CLAUSE = Pattern.compile("([ugoa]*)([-+=])([rwxXstugo]*)");

    private final Integer numeric;
    private final String symbolic;

    private FileMode(Integer numeric, String symbolic) {
        this.numeric = numeric;
        this.symbolic = symbolic;
    }

    /** Parses a mode argument; null when none was given. */
    public static FileMode parse(Object v) {
        if (v == null) return null;
        if (v instanceof Number n) return new FileMode(n.intValue() & 07777, null);
        String s = String.valueOf(v).trim();
        if (OCTAL.matcher(s).matches()) return new FileMode(Integer.parseInt(s, 8) & 07777, null);
        for (String clause : s.split(",")) {
            if (!CLAUSE.matcher(clause).matches())
                throw new ModuleException("mode must be in octal or symbolic form: bad symbolic permission for mode: " + s);
        }
        return new FileMode(null, s);
    }

    /** The mode this argument asks for, given the current permission bits and file type. */
    public int resolve(int current, boolean isDir) {
        if (numeric != null) return numeric;
        int mode = current & 07777;
        for (String clause : symbolic.split(",")) {
            var m = CLAUSE.matcher(clause);
            if (!m.matches()) throw new IllegalStateException(clause);
            String who = m.group(1).isEmpty() ? "a" : m.group(1);
            char op = m.group(2).charAt(0);
            String perms = m.group(3);
            int whoMask = 0;
            for (char c : who.toCharArray()) {
                switch (c) {
                    case 'u' -> whoMask |= 04700;
                    case 'g' -> whoMask |= 02070;
                    case 'o' -> whoMask |= 00007;
                    case 'a' -> whoMask |= 06777;
                    default -> throw new IllegalStateException();
                }
            }
            int bits = permBits(perms, mode, isDir);
            // 't' (sticky) only applies through 'o' or 'a'; 's' through u/g.
            if (perms.indexOf('t') >= 0 && (who.contains("o") || who.contains("a"))) bits |= 01000;
            int mask = whoMask | (who.contains("o") || who.contains("a") ? 01000 : 0);
            switch (op) {
                case '+' -> mode |= bits & mask;
                case '-' -> mode &= ~(bits & mask);
                case '=' -> mode = (mode & ~mask) | (bits & mask);
                default -> throw new IllegalStateException();
            }
        }
        return mode;
    }

    private static int permBits(String perms, int current, boolean isDir) {
        int bits = 0;
        for (char c : perms.toCharArray()) {
            switch (c) {
                case 'r' -> bits |= 0444;
                case 'w' -> bits |= 0222;
                case 'x' -> bits |= 0111;
                case 'X' -> { if (isDir || (current & 0111) != 0) bits |= 0111; }
                case 's' -> bits |= 06000;
                case 't' -> { }
                case 'u' -> bits |= copy((current >> 6) & 7);
                case 'g' -> bits |= copy((current >> 3) & 7);
                case 'o' -> bits |= copy(current & 7);
                default -> throw new IllegalStateException();
            }
        }
        return bits;
    }

    private static int copy(int rwx) {
        return rwx << 6 | rwx << 3 | rwx;
    }

    /** Ansible's display form: "0644", "04755". */
    public static String format(int mode) {
        return String.format("%04o", mode & 07777);
    }

    @Override public String toString() { return numeric != null ? format(numeric) : symbolic; }
}
