package playbook.parity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a run left under its {@code out} directory: for each relative path its type, permission
 * bits and (for regular files) content, with run-specific paths replaced by placeholders so that
 * two runs in different temp dirs compare equal.
 */
final class FileTree {

    /** One entry: {@code type} is file, dir, symlink or other; {@code content} is the normalised text. */
    record Entry(String type, String perms, String content) {
        String describe() {
            String s = type + " " + perms;
            if (content != null) {
                s += " content:\n" + indent(content);
            }
            return s;
        }
    }

    private FileTree() {
    }

    /**
     * Snapshot of {@code root}; every occurrence of a key of {@code placeholders} in file content
     * (and in symlink targets) is replaced by its value.
     */
    static Map<String, Entry> snapshot(Path root, Map<String, String> placeholders) {
        Map<String, Entry> entries = new TreeMap<>();
        if (!Files.exists(root)) {
            return entries;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> !p.equals(root)).toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                entries.put(rel, entry(p, placeholders));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("can't read " + root, e);
        }
        return entries;
    }

    private static Entry entry(Path p, Map<String, String> placeholders) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return new Entry("symlink", "", normalise(Files.readSymbolicLink(p).toString(), placeholders));
        }
        String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return new Entry("dir", perms, null);
        }
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            // Read even files without read permission for their owner when we can (root can).
            String text;
            try {
                text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "<unreadable: " + e.getMessage() + ">";
            }
            return new Entry("file", perms, normalise(text, placeholders));
        }
        return new Entry("other", perms, null);
    }

    static String normalise(String text, Map<String, String> placeholders) {
        String out = text;
        // Longest first, so that a path inside another one is not half-replaced.
        List<String> keys = new ArrayList<>(placeholders.keySet());
        keys.sort((a, b) -> Integer.compare(b.length(), a.length()));
        for (String k : keys) {
            if (!k.isEmpty()) {
                out = out.replace(k, placeholders.get(k));
            }
        }
        return out;
    }

    /** Human-readable differences between two snapshots; empty when they are equal. */
    static String diff(Map<String, Entry> expected, Map<String, Entry> actual) {
        StringBuilder sb = new StringBuilder();
        TreeSet<String> paths = new TreeSet<>(expected.keySet());
        paths.addAll(actual.keySet());
        for (String p : paths) {
            Entry e = expected.get(p);
            Entry a = actual.get(p);
            if (Objects.equals(e, a)) {
                continue;
            }
            if (a == null) {
                sb.append("missing  ").append(p).append(" (ansible: ").append(e.describe()).append(")\n");
            } else if (e == null) {
                sb.append("extra    ").append(p).append(" (ours: ").append(a.describe()).append(")\n");
            } else {
                sb.append("differs  ").append(p).append('\n')
                        .append("  ansible: ").append(e.describe()).append('\n')
                        .append("  ours:    ").append(a.describe()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String indent(String s) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            sb.append("    |").append(line).append('\n');
        }
        return sb.toString();
    }
}
