package playbook.modules.system;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * ansible.builtin.known_hosts: one probe reads the file; host lookup (plain names, comma lists
 * and hashed {@code |1|salt|hash} entries, as {@code ssh-keygen -F} finds them) and the
 * replace-or-add decision are Ansible's, done in Java, so the target needs no ssh-keygen; one
 * apply replaces the file atomically (a new file gets 0644 as with Ansible; a missing parent
 * directory is created 0700).
 */
public final class KnownHostsModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("name", ArgType.STR).required().aliases("host")
            .doc("The host name (or [host]:port) the entry is for.")
            .arg("key", ArgType.STR)
            .doc("The key line, as ssh-keyscan prints it, starting with the host name. Needed for present.")
            .arg("path", ArgType.PATH).defaultValue("~/.ssh/known_hosts")
            .doc("The known_hosts file to edit.")
            .arg("hash_host", ArgType.BOOL).defaultValue(false)
            .doc("Write the host name hashed (|1|salt|hash), as HashKnownHosts does.")
            .arg("state", ArgType.STR).defaultValue("present").choices("absent", "present")
            .doc("present: the key is in the file (an entry with another key of the same type is replaced); absent: every entry for the host is removed.")
            .summary("Add or remove a host key in a known_hosts file")
            .description("Reads the file in one probe; the host lookup (plain names, comma lists and hashed entries) and the replace-or-add decision are done on the controller, so the host needs no ssh-keygen. The file is replaced atomically (a new file gets 0644, a missing directory 0700).")
            .notes("Idempotent. Check mode reports the change; --diff shows it.")
            .returns("hash_host", "Whether the name was hashed.")
            .returns("name", "The host name.")
            .example("""
                - name: The Mac trusts the Pi's host key before pulling archives over SSH
                  known_hosts:
                    name: pi
                    key: "pi ssh-ed25519 {{ pi_host_key }}"
                  delegate_to: mac
                """)
            .build();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override public String name() { return "known_hosts"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String host = args.str("name").toLowerCase(java.util.Locale.ROOT);
        String key = args.str("key");
        String path = args.str("path");
        String state = args.str("state");
        boolean present = state.equals("present");
        if ((key == null || key.isEmpty()) && present) return Result.failed("No key specified when adding a host");
        if (key != null && key.isEmpty()) key = null;
        if (key != null && args.bool("hash_host")) key = hashKey(host, key);
        if (key != null && !key.endsWith("\n")) key += "\n";
        if (key != null) {
            if (host.matches("(?s).*\\S+(\\s+)?,(\\s+)?.*"))
                return Result.failed("Comma separated list of names is not supported. Please pass a single name to lookup in the known_hosts file.");
            if (!hostMatches(normalize(key)[1], host))
                return Result.failed("Host parameter does not match hashed host field in supplied key");
        }
        AtomicFile.Split split = AtomicFile.split(target.probe(AtomicFile.cat(path)));
        String before = split.content();
        List<String> lines = AtomicFile.lines(before);
        boolean found = false;
        boolean replace = false;
        Integer foundLine = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            String[] f = normalize(l);
            if (f == null || !hostMatches(f[1], host)) continue;
            found = true;
            if (key == null) break;
            String[] want = normalize(key);
            if (want[1].startsWith("|1|") && f[1].startsWith("|1|")) want[1] = f[1];
            if (java.util.Arrays.equals(want, f)) { replace = false; foundLine = i + 1; break; }
            if (want[2].equals(f[2])) { replace = true; foundLine = i + 1; break; }
            replace = true;
        }
        Result r = Result.ok().put("name", args.str("name")).put("key", args.str("key")).put("path", path)
                .put("hash_host", args.bool("hash_host")).put("state", state);
        StringBuilder after = new StringBuilder();
        if (key == null && !present) {
            for (String l : lines) {
                String[] f = normalize(l.strip());
                if (f == null || l.strip().startsWith("#") || !hostMatches(f[1], host)) after.append(l);
            }
        } else {
            for (int i = 0; i < lines.size(); i++) {
                if (foundLine != null && foundLine == i + 1 && (replace || !present)) continue;
                after.append(lines.get(i));
            }
            if (present && (replace || foundLine == null)) after.append(key);
        }
        if (!present && foundLine == null && key != null) return r;
        boolean changed = key == null && !present ? found : replace || present != found;
        if (target.diffMode()) r.diff(before == null ? "/dev/null" : path, before == null ? "" : before, path, after.toString());
        r.changed(changed);
        if (!changed) return r;
        String dir = RemotePath.word(RemotePath.dirname(path));
        ExecResult a = target.apply("{ [ -d " + dir + " ] || mkdir -p -m 0700 " + dir + "; } && "
                + AtomicFile.write(path, "0644", null, false, false), after.toString().getBytes(StandardCharsets.UTF_8));
        if (a.ran() && !a.ok()) return Result.failed("Failed to write to file " + path + " on " + target.host() + ": " + a.stderr().trim());
        return r;
    }

    /** [options, host, type, key] of a known_hosts line or supplied key; null when it has too few fields. */
    static String[] normalize(String line) {
        String[] k = line.strip().split("\\s+");
        if (k.length == 0 || k[0].isEmpty()) return null;
        if (k[0].startsWith("@")) return k.length < 4 ? null : new String[] {k[0], k[1], k[2], k[3]};
        return k.length < 3 ? null : new String[] {"", k[0], k[1], k[2]};
    }

    /** True when a host field (comma list, or |1|salt|hash) names {@code host}. */
    static boolean hostMatches(String field, String host) {
        if (field.startsWith("|1|")) {
            String[] p = field.split("\\|");
            if (p.length != 4) return false;
            try {
                byte[] salt = Base64.getDecoder().decode(p[2]);
                return Base64.getEncoder().encodeToString(hmac(salt, host)).equals(p[3]);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        for (String name : field.split(",")) if (name.equalsIgnoreCase(host)) return true;
        return false;
    }

    /** Ansible's hash_host_key: the host field replaced by {@code |1|base64(salt)|base64(hmac-sha1)}. */
    static String hashKey(String host, String key) {
        byte[] salt = new byte[20];
        RANDOM.nextBytes(salt);
        String[] parts = key.strip().split("\\s+");
        int i = parts[0].startsWith("@") ? 1 : 0;
        parts[i] = "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + Base64.getEncoder().encodeToString(hmac(salt, host));
        return String.join(" ", parts);
    }

    private static byte[] hmac(byte[] salt, String host) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
