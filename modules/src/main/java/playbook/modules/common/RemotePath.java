package playbook.modules.common;

import playbook.engine.api.Shell;

/**
 * Turns a remote path or glob into one shell word. Everything literal is quoted by
 * {@link Shell#quote}; only a leading {@code ~} / {@code ~user} (so the remote shell expands the
 * home directory, as Ansible's {@code type='path'} does) and, for globs, the wildcard characters
 * are left unquoted.
 */
public final class RemotePath {
    private RemotePath() {}

    /** A path as one shell word; {@code ~/x} keeps its tilde expansion, {@code -x} becomes {@code ./-x}. */
    public static String word(String path) {
        return build(path, false);
    }

    /** A glob pattern ({@code *}, {@code ?}, simple {@code [...]}) as a shell word that expands remotely. */
    public static String glob(String pattern) {
        return build(pattern, true);
    }

    private static String build(String path, boolean glob) {
        if (path == null || path.isEmpty()) return "''";
        StringBuilder out = new StringBuilder();
        String rest = path;
        if (rest.startsWith("~")) {
            int slash = rest.indexOf('/');
            String prefix = slash < 0 ? rest : rest.substring(0, slash);
            if (prefix.substring(1).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
                out.append(prefix);
                rest = slash < 0 ? "" : rest.substring(slash);
            }
        } else if (rest.startsWith("-")) {
            rest = "./" + rest;
        }
        if (!glob) return out.append(rest.isEmpty() ? "" : Shell.quote(rest)).toString();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            if (c == '*' || c == '?') {
                flush(out, literal);
                out.append(c);
                i++;
            } else if (c == '[' && bracketEnd(rest, i) > 0) {
                int end = bracketEnd(rest, i);
                flush(out, literal);
                out.append(rest, i, end + 1);
                i = end + 1;
            } else {
                literal.append(c);
                i++;
            }
        }
        flush(out, literal);
        return out.toString();
    }

    /** Index of the ']' closing a simple bracket expression at i, or -1 when it is not one. */
    private static int bracketEnd(String s, int i) {
        int j = i + 1;
        if (j < s.length() && (s.charAt(j) == '!' || s.charAt(j) == '^')) j++;
        int start = j;
        while (j < s.length() && s.charAt(j) != ']') {
            char c = s.charAt(j);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) return -1;
            j++;
        }
        return j < s.length() && j > start ? j : -1;
    }

    private static void flush(StringBuilder out, StringBuilder literal) {
        if (literal.length() > 0) {
            out.append(Shell.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    /** The directory part of a path ("." when there is none), like os.path.dirname. */
    public static String dirname(String path) {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        int i = p.lastIndexOf('/');
        if (i < 0) return ".";
        if (i == 0) return "/";
        return p.substring(0, i);
    }

    /** The last component of a path, like os.path.basename. */
    public static String basename(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? path : path.substring(i + 1);
    }
}
