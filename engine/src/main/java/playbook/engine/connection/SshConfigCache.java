package playbook.engine.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Remembers what {@code ssh -G} printed for one command line, between runs, in the keeper's
 * private directory: a run on 20 hosts otherwise starts 20 ssh processes (6.5 ms of CPU each
 * here) only to read the same config again. An answer is reused only while everything ssh read
 * is unchanged: the ssh binary, the config files and every file and directory their Include
 * lines name (path, size and modification time of each), and the user, home and host name.
 * Configs whose answer can change without any of those changing are never cached: {@code Match}
 * (exec, localnetwork, ...), {@code ${VAR}} expansion, tokens in Include, and host name
 * canonicalization (DNS). Entries older than {@link #MAX_AGE_MILLIS} are not used either.
 */
final class SshConfigCache {
    static final long MAX_AGE_MILLIS = 10 * 60_000L;
    private static final String MAGIC = "playbook-ssh-G 1";

    private SshConfigCache() {}

    /** The system-wide config ssh reads when no -F names a file. */
    static final Path SYSTEM_CONFIG = Path.of("/etc/ssh/ssh_config");

    /**
     * What ssh's answer depends on, as one string, or null when it can't be cached.
     * {@code named}: the -F file, or null when ssh reads ~/.ssh/config and {@link #SYSTEM_CONFIG}.
     */
    static String fingerprint(Path ssh, Path named, Path home) {
        StringBuilder sb = new StringBuilder();
        sb.append(System.getProperty("user.name")).append('\n').append(home).append('\n').append(hostName()).append('\n');
        if (!stamp(sb, ssh)) return null;
        List<Path> seen = new ArrayList<>();
        if (named != null) return scan(sb, named, false, home, seen, 0) ? sb.toString() : null;
        return scan(sb, home.resolve(".ssh/config"), false, home, seen, 0) && scan(sb, SYSTEM_CONFIG, true, home, seen, 0)
                ? sb.toString() : null;
    }

    /**
     * Appends the stamps of {@code file} and of what it includes; false when the file makes the
     * answer uncacheable. {@code system}: the file is (or is included by) the system config.
     */
    private static boolean scan(StringBuilder sb, Path file, boolean system, Path home, List<Path> seen, int depth) {
        if (depth > 16 || seen.contains(file)) return depth <= 16;
        seen.add(file);
        if (!Files.exists(file)) {
            sb.append("absent ").append(file).append('\n');
            return true;
        }
        if (!stamp(sb, file)) return false;
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.contains("${")) return false;
            List<String> words = SshArgs.split(line.replaceFirst("^(\\S+?)\\s*=\\s*", "$1 "));
            if (words.isEmpty()) continue;
            String key = words.get(0).toLowerCase(Locale.ROOT);
            if (key.equals("match")) return false;
            if (key.equals("canonicalizehostname") && words.size() > 1 && !words.get(1).equalsIgnoreCase("no")) return false;
            if (key.equals("include")) {
                for (String pat : words.subList(1, words.size())) {
                    if (pat.contains("%")) return false;
                    if (!include(sb, pat, system, home, seen, depth)) return false;
                }
            }
        }
        return true;
    }

    /** ssh's Include ({@link SshConfigParser#includePattern}): a glob in the last part of the path. */
    private static boolean include(StringBuilder sb, String pat, boolean system, Path home, List<Path> seen, int depth) {
        Path p = SshConfigParser.includePattern(pat, system, home);
        Path dir = p.getParent();
        if (dir == null) return false;
        String glob = p.getFileName().toString();
        if (dir.toString().contains("*") || dir.toString().contains("?")) return false; // globs above the last part
        if (!Files.isDirectory(dir)) {
            sb.append("absent ").append(dir).append('\n');
            return true;
        }
        if (!stamp(sb, dir)) return false; // a file added or removed changes the directory's time
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            ds.forEach(found::add);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        found.sort(null);
        for (Path f : found) if (!scan(sb, f, system, home, seen, depth + 1)) return false;
        return true;
    }

    private static boolean stamp(StringBuilder sb, Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            sb.append(p).append(' ').append(a.size()).append(' ').append(a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS))
                    .append(' ').append(a.fileKey()).append('\n');
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            String h = System.getenv("HOSTNAME");
            return h == null ? "" : h;
        }
    }

    /** The cached answer for {@code cmd}, or null. */
    static String get(Path dir, List<String> cmd, String fingerprint) {
        Path f = dir.resolve(name(cmd));
        try {
            if (System.currentTimeMillis() - Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toMillis() > MAX_AGE_MILLIS) return null;
            String text = Files.readString(f, StandardCharsets.UTF_8);
            String head = MAGIC + "\n" + String.join("\0", cmd) + "\n" + fingerprint + "\n";
            return text.startsWith(head) ? text.substring(head.length()) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Stores ssh's answer (0600, written to a temp file and renamed); answers too old to be used are removed. */
    static void put(Path dir, List<String> cmd, String fingerprint, String output) {
        long cutoff = System.currentTimeMillis() - MAX_AGE_MILLIS;
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(x -> x.getFileName().toString().startsWith("ssh-G-")).toList()) {
                if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException ignored) {
            // tidying is best effort
        }
        try {
            Path tmp = Files.createTempFile(dir, ".sshg", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, MAGIC + "\n" + String.join("\0", cmd) + "\n" + fingerprint + "\n" + output, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(name(cmd)), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // the next run asks ssh again
        }
    }

    private static String name(List<String> cmd) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] h = md.digest(String.join("\0", cmd).getBytes(StandardCharsets.UTF_8));
            return "ssh-G-" + HexFormat.of().formatHex(h, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
