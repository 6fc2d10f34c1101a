package playbook.engine.connection;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The fallback for hosts without an {@code ssh} binary: a small ssh_config reader covering Host
 * patterns (with {@code !} negation, {@code *} and {@code ?}), Include (globs, relative to
 * {@code ~/.ssh}) and the keys of {@link SshArgs#KEYS}. As in ssh, the first value of a key wins,
 * except IdentityFile and UserKnownHostsFile, which accumulate. Match blocks are skipped and
 * reported through {@link #unsupported()}.
 */
final class SshConfigParser {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> unsupported = new ArrayList<>();
    private final Path home;
    private int depth;

    private SshConfigParser(Path home) {
        this.home = home;
    }

    /** The effective values (lower-case keys) for {@code host}; missing keys are absent. */
    static SshConfigParser resolve(Path configFile, String host, Path home) {
        SshConfigParser p = new SshConfigParser(home);
        if (configFile != null && Files.isReadable(configFile)) p.read(configFile, host, true);
        return p;
    }

    Map<String, List<String>> values() { return values; }

    List<String> unsupported() { return unsupported; }

    String first(String key) {
        List<String> v = values.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private void read(Path file, String host, boolean active) {
        if (++depth > 16) throw new IllegalStateException("ssh config Include nests too deeply at " + file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            unsupported.add("can't read " + file + ": " + e.getMessage());
            depth--;
            return;
        }
        boolean on = active;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            List<String> words = SshArgs.split(line.replaceFirst("^(\\S+?)\\s*=\\s*", "$1 "));
            if (words.isEmpty()) continue;
            String key = words.get(0).toLowerCase(Locale.ROOT);
            List<String> args = words.subList(1, words.size());
            switch (key) {
                case "host" -> on = active && matches(host, args);
                case "match" -> {
                    on = false;
                    unsupported.add("Match " + String.join(" ", args) + " (in " + file + ")");
                }
                case "include" -> { if (on) include(file, args, host); }
                default -> {
                    if (!on || args.isEmpty()) continue;
                    if (key.equals("identityfile") || key.equals("userknownhostsfile")) {
                        values.computeIfAbsent(key, k -> new ArrayList<>()).addAll(args);
                    } else if (SshArgs.KEYS.contains(key)) {
                        values.putIfAbsent(key, new ArrayList<>(List.of(String.join(" ", args))));
                    }
                }
            }
        }
        depth--;
    }

    /**
     * An Include pattern as ssh reads it: {@code ~/} is the home directory; a relative pattern is
     * relative to ~/.ssh in a user config (the -F file included) and to /etc/ssh in the system one.
     */
    static Path includePattern(String pattern, boolean systemConfig, Path home) {
        String expanded = pattern.startsWith("~/") ? home.resolve(pattern.substring(2)).toString() : pattern;
        Path p = Path.of(expanded);
        return p.isAbsolute() ? p : (systemConfig ? Path.of("/etc/ssh") : home.resolve(".ssh")).resolve(expanded);
    }

    private void include(Path from, List<String> patterns, String host) {
        for (String pat : patterns) {
            Path p = includePattern(pat, false, home);
            Path dir = p.getParent();
            String glob = p.getFileName().toString();
            if (dir == null || !Files.isDirectory(dir)) continue;
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
                ds.forEach(found::add);
            } catch (IOException e) {
                unsupported.add("Include " + pat + " (" + e.getMessage() + ")");
            }
            found.sort(null);
            for (Path f : found) read(f, host, true);
        }
    }

    /** ssh's Host matching: any positive pattern matches and no negated one does. */
    static boolean matches(String host, List<String> patterns) {
        boolean any = false;
        for (String p : patterns) {
            for (String one : p.split(",")) {
                boolean neg = one.startsWith("!");
                String pat = neg ? one.substring(1) : one;
                if (glob(pat).matcher(host).matches()) {
                    if (neg) return false;
                    any = true;
                }
            }
        }
        return any;
    }

    private static Pattern glob(String pat) {
        StringBuilder re = new StringBuilder();
        for (char c : pat.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }
}
