package playbook.matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every path under a directory with its type, owner, group, mode, mtime and content hash or link target. */
final class Snapshot {
    record Entry(String type, String owner, String group, String mode, long mtime, String content) {
        @Override public String toString() {
            return type + " " + owner + ":" + group + " " + mode + " mtime=" + mtime + " " + content;
        }
    }

    private Snapshot() {}

    static Map<String, Entry> of(Path root) throws IOException {
        Map<String, Entry> m = new TreeMap<>();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return m;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String type = a.isSymbolicLink() ? "link" : a.isDirectory() ? "dir" : a.isRegularFile() ? "file" : "other";
                String content = a.isSymbolicLink() ? "-> " + Files.readSymbolicLink(p)
                        : a.isRegularFile() ? sha256(Files.readAllBytes(p)) : "";
                m.put("/" + root.relativize(p), new Entry(type, a.owner().getName(), a.group().getName(),
                        PosixFilePermissions.toString(a.permissions()), a.lastModifiedTime().toMillis(), content));
            }
        }
        return m;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
