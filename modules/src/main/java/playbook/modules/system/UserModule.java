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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * ansible.builtin.user: one {@link AccountDb} probe, then the same commands Ansible's User
 * (useradd/usermod/userdel) or BusyBox (adduser/deluser/addgroup/delgroup/chpasswd) classes
 * run, joined into one apply. Like Ansible, an existing user whose home is missing gets it
 * created (from /etc/skel) when create_home is true. {@code password} is a crypt hash and is
 * never echoed; it reaches {@code chpasswd -e} on stdin, never a command line (unlike Ansible's -p).
 */
public final class UserModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("name", ArgType.STR).required().aliases("user")
            .doc("The login name.")
            .arg("state", ArgType.STR).defaultValue("present").choices("absent", "present")
            .doc("present: the account exists with the given attributes; absent: it is deleted.")
            .arg("uid", ArgType.INT)
            .doc("The user id.")
            .arg("non_unique", ArgType.BOOL).defaultValue(false)
            .doc("Allow a uid another user already has.")
            .arg("group", ArgType.STR)
            .doc("Primary group (must exist).")
            .arg("groups", ArgType.LIST)
            .doc("Supplementary groups; the user's list is set to exactly these unless append is true.")
            .arg("append", ArgType.BOOL).defaultValue(false)
            .doc("Add the user to groups and keep the groups it already has.")
            .arg("comment", ArgType.STR)
            .doc("The GECOS field (full name).")
            .arg("home", ArgType.PATH)
            .doc("Home directory.")
            .arg("shell", ArgType.STR)
            .doc("Login shell.")
            .arg("password", ArgType.STR).noLog()
            .doc("An already hashed password (crypt format, e.g. from the password_hash filter). It reaches chpasswd -e on stdin, never a command line, and is never printed.")
            .arg("update_password", ArgType.STR).defaultValue("always").choices("always", "on_create")
            .doc("always: set password whenever it differs; on_create: only for a new user.")
            .arg("create_home", ArgType.BOOL).defaultValue(true).aliases("createhome")
            .doc("Create the home directory (from /etc/skel) for a new user, or for an existing one whose home is missing.")
            .arg("move_home", ArgType.BOOL).defaultValue(false)
            .doc("With home: move the old home directory's contents to the new path.")
            .arg("skeleton", ArgType.STR)
            .doc("Directory to copy the new home from instead of /etc/skel.")
            .arg("system", ArgType.BOOL).defaultValue(false)
            .doc("Create a system account (low uid range, no aging).")
            .arg("remove", ArgType.BOOL).defaultValue(false)
            .doc("With state=absent: remove the home directory and mail spool too.")
            .arg("force", ArgType.BOOL).defaultValue(false)
            .doc("With state=absent: delete the user even while logged in.")
            .arg("local", ArgType.BOOL).defaultValue(false)
            .doc("Accepted for compatibility; the local account database is always the one edited.")
            .summary("Create, change or remove a user account")
            .description("Reads the account databases in one probe and runs the commands Ansible runs: useradd/usermod/userdel on shadow-utils systems (Debian, Raspberry Pi OS) or adduser/deluser/addgroup with chpasswd on BusyBox (Alpine), joined into one command.")
            .notes("Idempotent: nothing runs when the account already matches. Check mode reports the change without running it.",
                    "macOS (dscl) accounts are not supported yet: the task fails and says so; use sysadminctl through command.",
                    "Needs root (become).")
            .returns("name", "The login name.")
            .returns("uid", "Its uid.")
            .returns("group", "Its primary gid.")
            .returns("home", "Its home directory.")
            .returns("shell", "Its shell.")
            .returns("state", "present or absent.")
            .example("""
                - name: Service account that runs the backup job
                  user:
                    name: pibackup
                    comment: Cold backups of /srv/services
                    groups: [docker, backup-readers]
                    append: true
                    shell: /usr/sbin/nologin
                    create_home: false
                  become: true
                """)
            .build();

    @Override public String name() { return "user"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String name = args.str("name");
        boolean wantPw = args.has("password") && args.str("state").equals("present");
        AccountDb db = AccountDb.read(target, name, wantPw, args.str("home"));
        if (db.tools == AccountDb.Tools.DSCL)
            return Result.failed("user: macOS (dscl) accounts are not supported yet on " + target.host()
                    + "; use sysadminctl through the command module");
        Result r = Result.ok().put("name", name).put("state", args.str("state"));
        if (args.str("state").equals("absent")) {
            if (db.user == null) return r;
            List<String> cmd = db.tools == AccountDb.Tools.BUSYBOX ? new ArrayList<>(List.of("deluser", name))
                    : new ArrayList<>(List.of("userdel"));
            if (db.tools == AccountDb.Tools.BUSYBOX) {
                if (args.bool("remove")) cmd.add("--remove-home");
            } else {
                if (args.bool("force")) cmd.add("-f");
                if (args.bool("remove")) cmd.add("-r");
                cmd.add(name);
            }
            r.put("force", args.bool("force")).put("remove", args.bool("remove"));
            String none = db.missingTools("remove", "user " + name, target.host());
            if (none != null) return Result.failed(none).put("name", name);
            return execute(target, r, "remove", name, Shell.join(cmd), null);
        }
        List<String> groups = groupsArg(args);
        String missing = missingGroup(db, args.str("group"), groups);
        if (missing != null) return Result.failed("Group " + missing + " does not exist").put("name", name);
        Script s = db.user == null ? create(args, db, name, groups) : modify(args, db, name, groups);
        if (db.user == null) {
            r.put("system", args.bool("system")).put("create_home", args.bool("create_home"));
        } else {
            r.put("append", args.bool("append")).put("move_home", args.bool("move_home"));
        }
        if (args.has("password")) r.put("password", "NOT_LOGGING_PASSWORD");
        // Ansible: an existing user whose home is missing gets one when create_home is true
        if (db.user != null && args.bool("create_home") && !db.homeExists) {
            String home = args.str("home", db.user.home());
            s.lines.add("mkdir -p " + RemotePath.word(home) + " && { [ ! -d /etc/skel ] || cp -R /etc/skel/. "
                    + RemotePath.word(home) + "; } && chown -R " + Shell.quote(name) + ": " + RemotePath.word(home));
        }
        AccountDb.Passwd[] after = new AccountDb.Passwd[1];
        if (!s.lines.isEmpty()) {
            String none = db.missingTools(db.user == null ? "create" : "modify", "user " + name, target.host());
            if (none != null) return Result.failed(none).put("name", name);
            // the new passwd entry comes back from the same exec (no second probe)
            Result done = execute(target, r, db.user == null ? "create" : "modify", name,
                    AccountDb.afterChange(String.join(" && ", s.lines), name),
                    s.stdin.length() == 0 ? null : s.stdin.toString().getBytes(StandardCharsets.UTF_8), after);
            if (done.isFailed()) return done;
        }
        AccountDb.Passwd info = db.user;
        if (!target.checkMode() && r.isChanged()) {
            info = after[0];
            if (info == null) info = AccountDb.read(target, name, false, null).user; // the change printed none
        }
        if (info != null) {
            r.put("uid", info.uid()).put("group", info.gid()).put("comment", info.comment())
                    .put("home", info.home()).put("shell", info.shell());
        }
        if (args.has("groups")) r.put("groups", String.join(",", groups));
        return r;
    }

    /** Commands for one apply, and what goes on its stdin (chpasswd). */
    private static final class Script {
        final List<String> lines = new ArrayList<>();
        final StringBuilder stdin = new StringBuilder();
    }

    private static List<String> groupsArg(Args args) {
        if (!args.has("groups")) return null;
        Set<String> out = new LinkedHashSet<>();
        for (String g : args.strList("groups")) for (String p : g.split(",")) if (!p.isBlank()) out.add(p.trim());
        return new ArrayList<>(out);
    }

    private static String missingGroup(AccountDb db, String group, List<String> groups) {
        if (group != null && db.group(group) == null) return group;
        if (groups != null) for (String g : groups) if (db.group(g) == null) return g;
        return null;
    }

    private static Script create(Args args, AccountDb db, String name, List<String> groups) {
        Script s = new Script();
        String home = args.str("home");
        boolean mkHome = args.bool("create_home");
        if (home != null && mkHome) s.lines.add("mkdir -p " + RemotePath.word(RemotePath.dirname(home)));
        List<String> cmd = new ArrayList<>();
        if (db.tools == AccountDb.Tools.BUSYBOX) {
            cmd.addAll(List.of("adduser", "-D"));
            if (args.has("uid")) { cmd.add("-u"); cmd.add(args.integer("uid").toString()); }
            if (args.has("group")) { cmd.add("-G"); cmd.add(db.group(args.str("group")).name()); }
            if (args.has("comment")) { cmd.add("-g"); cmd.add(args.str("comment")); }
            if (home != null) { cmd.add("-h"); cmd.add(home); }
            if (args.has("shell")) { cmd.add("-s"); cmd.add(args.str("shell")); }
            if (!mkHome) cmd.add("-H");
            if (args.has("skeleton")) { cmd.add("-k"); cmd.add(args.str("skeleton")); }
            if (args.bool("system")) cmd.add("-S");
            cmd.add(name);
            s.lines.add(Shell.join(cmd));
            if (args.has("password")) setPassword(s, name, args.str("password"));
            if (groups != null) for (String g : groups) s.lines.add(Shell.join(List.of("adduser", name, g)));
            return s;
        }
        cmd.add("useradd");
        if (args.has("uid")) {
            cmd.add("-u");
            cmd.add(args.integer("uid").toString());
            if (args.bool("non_unique")) cmd.add("-o");
        }
        if (args.has("group")) { cmd.add("-g"); cmd.add(args.str("group")); }
        else if (db.groups.containsKey(name)) cmd.add("-N");
        if (groups != null && !groups.isEmpty()) { cmd.add("-G"); cmd.add(String.join(",", groups)); }
        if (args.has("comment")) { cmd.add("-c"); cmd.add(args.str("comment")); }
        if (home != null) { cmd.add("-d"); cmd.add(home); }
        if (args.has("shell")) { cmd.add("-s"); cmd.add(args.str("shell")); }
        if (mkHome) {
            cmd.add("-m");
            if (args.has("skeleton")) { cmd.add("-k"); cmd.add(args.str("skeleton")); }
        } else {
            cmd.add("-M");
        }
        if (args.bool("system")) cmd.add("-r");
        cmd.add(name);
        s.lines.add(Shell.join(cmd));
        if (args.has("password")) setPassword(s, name, args.str("password"));
        return s;
    }

    private static Script modify(Args args, AccountDb db, String name, List<String> groups) {
        Script s = new Script();
        AccountDb.Passwd info = db.user;
        List<String> current = db.membership(name);
        boolean pwChange = args.has("password") && args.str("update_password").equals("always")
                && !stripBang(db.password).equals(stripBang(args.str("password")));
        if (db.tools == AccountDb.Tools.BUSYBOX) {
            if (groups != null && !groups.isEmpty()) {
                Set<String> diff = symmetricDiff(current, groups);
                for (String g : groups) if (diff.contains(g)) s.lines.add(Shell.join(List.of("adduser", name, g)));
                if (!args.bool("append"))
                    for (String g : diff) if (!groups.contains(g)) s.lines.add(Shell.join(List.of("delgroup", name, g)));
            }
            if (pwChange) setPassword(s, name, args.str("password"));
            return s;
        }
        List<String> cmd = new ArrayList<>(List.of("usermod"));
        if (args.has("uid") && info.uid() != args.integer("uid")) {
            cmd.add("-u");
            cmd.add(args.integer("uid").toString());
            if (args.bool("non_unique")) cmd.add("-o");
        }
        if (args.has("group")) {
            long gid = db.group(args.str("group")).gid();
            if (gid != info.gid()) { cmd.add("-g"); cmd.add(Long.toString(gid)); }
        }
        if (groups != null) {
            boolean need;
            if (groups.isEmpty()) {
                need = !current.isEmpty() && !args.bool("append");
            } else {
                Set<String> diff = symmetricDiff(current, groups);
                need = args.bool("append") ? groups.stream().anyMatch(diff::contains) : !diff.isEmpty();
                if (need && args.bool("append")) cmd.add("-a");
            }
            if (need) { cmd.add("-G"); cmd.add(String.join(",", groups)); }
        }
        if (args.has("comment") && !info.comment().equals(args.str("comment"))) { cmd.add("-c"); cmd.add(args.str("comment")); }
        if (args.has("home") && !info.home().equals(args.str("home"))) {
            cmd.add("-d");
            cmd.add(args.str("home"));
            if (args.bool("move_home")) cmd.add("-m");
        }
        if (args.has("shell") && !info.shell().equals(args.str("shell"))) { cmd.add("-s"); cmd.add(args.str("shell")); }
        if (cmd.size() > 1) {
            cmd.add(name);
            s.lines.add(Shell.join(cmd));
        }
        if (pwChange) setPassword(s, name, args.str("password"));
        return s;
    }

    /** The hash goes to {@code chpasswd -e} on stdin, so it never shows in a process list. */
    private static void setPassword(Script s, String name, String hash) {
        s.lines.add("chpasswd -e");
        s.stdin.append(name).append(':').append(hash).append('\n');
    }

    private static Set<String> symmetricDiff(List<String> a, List<String> b) {
        Set<String> out = new LinkedHashSet<>();
        for (String x : a) if (!b.contains(x)) out.add(x);
        for (String x : b) if (!a.contains(x)) out.add(x);
        return out;
    }

    private static String stripBang(String s) {
        if (s == null) return "";
        int i = 0;
        while (i < s.length() && s.charAt(i) == '!') i++;
        return s.substring(i);
    }

    private static Result execute(Target target, Result r, String action, String name, String line, byte[] stdin) {
        return execute(target, r, action, name, line, stdin, new AccountDb.Passwd[1]);
    }

    /** {@code after[0]}: the passwd entry a command built with {@link AccountDb#afterChange} printed, else null. */
    private static Result execute(Target target, Result r, String action, String name, String line, byte[] stdin,
                                  AccountDb.Passwd[] after) {
        ExecResult er = target.apply(AccountDb.SBIN + " " + line, stdin);
        r.changed(true);
        if (!er.ran()) return r;
        AccountDb.Changed out = AccountDb.splitAfterChange(er.stdout());
        after[0] = out.user();
        if (!er.ok()) {
            String err = er.stderr().isBlank() ? out.stdout().trim() : er.stderr().trim();
            return Result.failed("can't " + action + " user " + name + " on " + target.host() + ": " + err)
                    .put("name", name).put("rc", er.rc());
        }
        if (!out.stdout().isBlank()) r.put("stdout", out.stdout());
        if (!er.stderr().isBlank()) r.put("stderr", er.stderr());
        return r;
    }
}
