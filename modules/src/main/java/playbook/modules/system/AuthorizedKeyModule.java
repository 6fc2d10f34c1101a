package playbook.modules.system;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ansible.posix.authorized_key (also answers to {@code authorized_key}): one probe reads the
 * user's passwd entry and the key file; {@link AuthorizedKeys} decides, as Ansible does; one apply
 * creates the .ssh dir (0700, owned by the user, when manage_dir), gives the file 0600 and the
 * user's ownership, and replaces it atomically. Keys given as URLs are not fetched here.
 */
public final class AuthorizedKeyModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("user", ArgType.STR).required()
            .doc("Whose authorized_keys to edit (the home directory comes from the passwd entry).")
            .arg("key", ArgType.STR).required()
            .doc("One or more public keys (lines); URLs are not fetched, use get_url first.")
            .arg("path", ArgType.PATH)
            .doc("Another authorized_keys file instead of ~user/.ssh/authorized_keys.")
            .arg("manage_dir", ArgType.BOOL).defaultValue(true)
            .doc("Create ~/.ssh (0700, owned by the user) when missing.")
            .arg("state", ArgType.STR).defaultValue("present").choices("absent", "present")
            .doc("present: the keys are in the file; absent: they are removed.")
            .arg("key_options", ArgType.STR)
            .doc("Options put in front of each key (from=\"10.0.0.0/8\",no-pty).")
            .arg("exclusive", ArgType.BOOL).defaultValue(false)
            .doc("Remove every other key from the file.")
            .arg("comment", ArgType.STR)
            .doc("Replace the keys' comments with this.")
            .arg("validate_certs", ArgType.BOOL).defaultValue(true)
            .doc("Accepted for compatibility; keys are never fetched from URLs.")
            .arg("follow", ArgType.BOOL).defaultValue(false)
            .doc("Accepted for compatibility; not used.")
            .summary("Add or remove SSH public keys in a user's authorized_keys")
            .description("Reads the user's passwd entry and key file in one probe, decides as Ansible does (keys matched by type and key material), and writes the file atomically with mode 0600 and the user's ownership.")
            .notes("Idempotent: nothing is written when the keys are already there. Check mode reports the change; --diff shows it.",
                    "Also answers to ansible.posix.authorized_key.")
            .returns("keyfile", "The file edited.")
            .returns("user", "The user.")
            .example("""
                - name: The Mac may pull the archives from the Pi
                  authorized_key:
                    user: pibackup
                    key: "{{ lookup('file', 'keys/mac-offsite.pub') }}"
                    key_options: 'from="192.168.1.20",no-pty,no-port-forwarding'
                  become: true
                """)
            .build();

    @Override public String name() { return "authorized_key"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String user = args.str("user");
        String key = args.str("key");
        if (key.startsWith("http")) return Result.failed("Error getting key from: " + key + " (fetching keys from URLs is not supported; use the uri or get_url module)");
        String state = args.str("state");
        String n = Shell.quote(user);
        String probe = "pw=$(getent passwd " + n + " 2>/dev/null || awk -F: -v n=" + n + " '$1==n' /etc/passwd 2>/dev/null)\n"
                + "[ -n \"$pw\" ] || { id -u " + n + " >/dev/null 2>&1 && pw=" + n + ":x:$(id -u " + n + "):$(id -g " + n
                + ")::$(eval echo ~" + (user.matches("[A-Za-z0-9._-]+") ? user : "nobody-invalid") + "):; }\necho \"$pw\"\n";
        String path = args.str("path");
        String cat = path != null ? AtomicFile.cat(path)
                : "f=\"$(echo \"$pw\" | cut -d: -f6)/.ssh/authorized_keys\"; if [ -n \"$pw\" ] && [ -f \"$f\" ]; then echo "
                + AtomicFile.MARK + "; cat \"$f\"; fi\n";
        ExecResult er = target.probe(probe + cat);
        AtomicFile.Split split = AtomicFile.split(er);
        AccountDb.Passwd pw = AccountDb.passwd(split.before().split("\n", -1)[0]);
        if (pw == null && !(target.checkMode() && path != null)) {
            return Result.failed(target.checkMode() ? "Either user must exist or you must provide full path to key file in check mode"
                    : "Failed to lookup user " + user + ": getpwnam(): name not found: '" + user + "'");
        }
        String file = path != null ? path : pw.home() + "/.ssh/authorized_keys";
        String existing = split.content() == null ? "" : split.content();

        Map<String, AuthorizedKeys.Key> keys = AuthorizedKeys.parseFile(existing);
        int maxRank = keys.size();
        boolean write = false;
        Set<String> toExist = new HashSet<>();
        List<String> newKeys = new ArrayList<>();
        for (String l : CronTab.splitLines(key)) if (!l.isEmpty() && !l.startsWith("#")) newKeys.add(l);
        for (int rank = 0; rank < newKeys.size(); rank++) {
            AuthorizedKeys.Key k = AuthorizedKeys.parse(newKeys.get(rank), rank);
            if (k == null) return Result.failed("invalid key specified: " + newKeys.get(rank));
            if (args.has("key_options")) k = new AuthorizedKeys.Key(k.key(), k.type(), AuthorizedKeys.options(args.str("key_options")), k.comment(), rank);
            if (args.has("comment")) k = new AuthorizedKeys.Key(k.key(), k.type(), k.options(), args.str("comment"), rank);
            AuthorizedKeys.Key cur = keys.get(k.key());
            boolean matched = false;
            boolean replace = false;
            if (cur != null) {
                if (!k.sameAs(cur) && state.equals("present")) replace = true;
                else matched = true;
            }
            if (state.equals("present")) {
                toExist.add(k.key());
                if (replace) { keys.remove(k.key()); write = true; }
                if (!matched) {
                    keys.put(k.key(), new AuthorizedKeys.Key(k.key(), k.type(), k.options(), k.comment(), maxRank + rank));
                    write = true;
                }
            } else if (matched) {
                keys.remove(k.key());
                write = true;
            }
        }
        if (state.equals("present") && args.bool("exclusive")) {
            write |= keys.keySet().removeIf(k -> !toExist.contains(k));
        }
        Result r = Result.of(write).put("user", user).put("key", key).put("path", path).put("manage_dir", args.bool("manage_dir"))
                .put("state", state).put("key_options", args.str("key_options")).put("exclusive", args.bool("exclusive"))
                .put("comment", args.str("comment")).put("validate_certs", args.bool("validate_certs"))
                .put("follow", args.bool("follow")).put("keyfile", file);
        if (!write) return r;
        String after = AuthorizedKeys.serialize(keys);
        if (target.diffMode()) r.diff(file, existing, file, after);
        String owner = pw == null ? null : pw.uid() + ":" + pw.gid();
        ExecResult a = target.apply(prepare(file, path == null ? RemotePath.dirname(file) : RemotePath.dirname(path),
                args.bool("manage_dir"), owner) + AtomicFile.write(file, "0600", owner, false, false),
                after.getBytes(StandardCharsets.UTF_8));
        if (a.ran() && !a.ok()) return Result.failed("Failed to write to file " + file + " on " + target.host() + ": " + a.stderr().trim());
        return r;
    }

    /** keyfile(write=True): the .ssh dir 0700 and the key file 0600, both owned by the user. */
    static String prepare(String file, String sshDir, boolean manageDir, String owner) {
        String d = RemotePath.word(sshDir);
        String f = RemotePath.word(file);
        StringBuilder s = new StringBuilder();
        if (manageDir) {
            s.append("{ [ -d ").append(d).append(" ] || mkdir -m 0700 ").append(d).append("; } && ");
            if (owner != null) s.append("chown ").append(owner).append(' ').append(d).append(" && ");
            s.append("chmod 0700 ").append(d).append(" && ");
        }
        s.append("{ [ -e ").append(f).append(" ] || { mkdir -p ").append(RemotePath.word(RemotePath.dirname(file)))
                .append(" && : > ").append(f).append("; }; } && ");
        if (owner != null) s.append("{ chown ").append(owner).append(' ').append(f).append(" 2>/dev/null; ");
        else s.append("{ ");
        s.append("chmod 0600 ").append(f).append(" 2>/dev/null; true; } && ");
        return s.toString();
    }
}
