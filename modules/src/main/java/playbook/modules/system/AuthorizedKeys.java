package playbook.modules.system;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An authorized_keys file as ansible.posix.authorized_key parses and writes it: keys by their
 * base64 blob, each with type, options (ordered), comment and rank (line order); lines that are
 * not keys are kept verbatim. Pure; a port of parsekey/parseoptions/serialize.
 */
final class AuthorizedKeys {
    static final List<String> TYPES = List.of(
            "sk-ecdsa-sha2-nistp256@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "webauthn-sk-ecdsa-sha2-nistp256@openssh.com", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521",
            "ecdsa-sha2-nistp521-cert-v01@openssh.com", "sk-ssh-ed25519@openssh.com", "sk-ssh-ed25519-cert-v01@openssh.com",
            "ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com", "ssh-dss", "ssh-rsa", "ssh-xmss@openssh.com",
            "ssh-xmss-cert-v01@openssh.com", "rsa-sha2-256", "rsa-sha2-512", "ssh-rsa-cert-v01@openssh.com",
            "rsa-sha2-256-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com", "ssh-dss-cert-v01@openssh.com");
    private static final Pattern OPTION = Pattern.compile("((?:[^,\"']|\"[^\"]*\"|'[^']*')+)");

    /** One line: a key (type non-null) or a verbatim line ({@code type == "skipped"}, {@code key} is the line). */
    record Key(String key, String type, Map<String, String> options, String comment, int rank) {
        boolean sameAs(Key o) {
            return key.equals(o.key) && type.equals(o.type) && options.equals(o.options)
                    && java.util.Objects.equals(comment, o.comment);
        }
    }

    private AuthorizedKeys() {}

    /** parsekey: null when the line holds no known key type. */
    static Key parse(String raw, int rank) {
        String line = raw.replace("\\#", "#");
        String[] parts = line.trim().isEmpty() ? new String[0] : line.trim().split("\\s+");
        if (parts.length > 0 && parts[0].equals("#")) return new Key(line, "skipped", Map.of(), null, rank);
        int idx = -1;
        for (int i = 0; i < parts.length; i++) if (TYPES.contains(parts[i])) { idx = i; break; }
        if (idx < 0 || idx + 1 >= parts.length) return null;
        Map<String, String> options = options(idx > 0 ? String.join(" ", List.of(parts).subList(0, idx)) : null);
        String comment = String.join(" ", List.of(parts).subList(Math.min(idx + 2, parts.length), parts.length));
        return new Key(parts[idx + 1], parts[idx], options, comment, rank);
    }

    /** parseoptions: {@code a,b="x,y",c} to an ordered map (null values for flags). */
    static Map<String, String> options(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s == null || s.isEmpty()) return out;
        Matcher m = OPTION.matcher(s);
        while (m.find()) {
            String part = m.group(1);
            int eq = part.indexOf('=');
            if (eq >= 0) out.put(part.substring(0, eq), part.substring(eq + 1));
            else out.put(part, null);
        }
        return out;
    }

    /** parsekeys: every line of the file, keyed by blob (or by the line itself when it is no key). */
    static Map<String, Key> parseFile(String content) {
        Map<String, Key> keys = new LinkedHashMap<>();
        List<String> lines = AtomicFile.lines(content);
        for (int i = 0; i < lines.size(); i++) {
            Key k = parse(lines.get(i), i);
            if (k != null) keys.put(k.key(), k);
            else keys.put(lines.get(i), new Key(lines.get(i), "skipped", Map.of(), null, i));
        }
        return keys;
    }

    /** serialize: by rank; keys as {@code [options ]type blob comment}. */
    static String serialize(Map<String, Key> keys) {
        List<Key> sorted = new ArrayList<>(keys.values());
        sorted.sort(Comparator.comparingInt(Key::rank));
        StringBuilder sb = new StringBuilder();
        for (Key k : sorted) {
            if (k.type().equals("skipped")) { sb.append(k.key()); continue; }
            StringBuilder opts = new StringBuilder();
            if (!k.options().isEmpty()) {
                List<String> o = new ArrayList<>();
                k.options().forEach((n, v) -> o.add(v == null ? n : n + "=" + v));
                opts.append(String.join(",", o)).append(' ');
            }
            sb.append(opts).append(k.type()).append(' ').append(k.key()).append(' ').append(k.comment()).append('\n');
        }
        return sb.toString();
    }
}
