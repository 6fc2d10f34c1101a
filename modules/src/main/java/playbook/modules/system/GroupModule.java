package playbook.modules.system;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;

import java.util.ArrayList;
import java.util.List;

/**
 * ansible.builtin.group: one {@link AccountDb} probe, then {@code groupadd/groupmod/groupdel}
 * (shadow-utils), {@code addgroup/delgroup} plus an /etc/group edit for a gid change (BusyBox, as
 * Ansible's BusyBoxGroup does), or {@code dseditgroup} (macOS). Returns name, state, gid, system.
 */
public final class GroupModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("name", ArgType.STR).required()
            .doc("The group's name.")
            .arg("state", ArgType.STR).defaultValue("present").choices("absent", "present")
            .doc("present: the group exists (with gid, when given); absent: it is deleted.")
            .arg("gid", ArgType.INT)
            .doc("The group id; an existing group with another gid is changed (groupmod -g).")
            .arg("system", ArgType.BOOL).defaultValue(false)
            .doc("Create a system group (low gid range) when it is created.")
            .arg("local", ArgType.BOOL).defaultValue(false)
            .doc("Accepted for compatibility; the local account database is always the one edited.")
            .arg("non_unique", ArgType.BOOL).defaultValue(false)
            .doc("Allow a gid another group already has (needs gid).")
            .summary("Create, change or remove a group")
            .description("Reads the group database in one probe, then runs groupadd/groupmod/groupdel (shadow-utils: Debian, Raspberry Pi OS), addgroup/delgroup with an /etc/group edit for a gid change (BusyBox/Alpine), or dseditgroup/dscl (macOS).")
            .notes("Idempotent: nothing runs when the group already matches. Check mode reports the change without running it.",
                    "Needs root (become) to change anything.")
            .returns("name", "The group name.")
            .returns("gid", "Its gid.")
            .returns("state", "present or absent.")
            .returns("system", "The system argument.")
            .example("""
                - name: Group that may read the backups
                  group:
                    name: backup-readers
                    gid: 2001
                  become: true
                """)
            .build();

    @Override public String name() { return "group"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String name = args.str("name");
        Long gid = args.integer("gid");
        if (args.bool("non_unique") && gid == null) return Result.failed("non_unique is True but all of the following are missing: gid");
        AccountDb db = AccountDb.read(target, null, false, null);
        AccountDb.Group cur = db.groups.get(name);
        Result r = Result.ok().put("name", name).put("state", args.str("state"));
        List<String> cmd;
        String action;
        if (args.str("state").equals("absent")) {
            if (cur == null) return r;
            action = "remove";
            cmd = switch (db.tools) {
                case BUSYBOX -> List.of("delgroup", name);
                case DSCL -> List.of("dseditgroup", "-o", "delete", name);
                default -> List.of("groupdel", name);
            };
            String missing = db.missingTools(action, "group " + name, target.host());
            if (missing != null) return Result.failed(missing).put("name", name);
            return execute(target, r, action, name, Shell.join(cmd));
        }
        String line;
        if (cur == null) {
            action = "create";
            cmd = new ArrayList<>();
            switch (db.tools) {
                case BUSYBOX -> {
                    cmd.add("addgroup");
                    if (gid != null) { cmd.add("-g"); cmd.add(gid.toString()); }
                    if (args.bool("system")) cmd.add("-S");
                }
                case DSCL -> {
                    cmd.addAll(List.of("dseditgroup", "-o", "create"));
                    if (gid != null) { cmd.add("-i"); cmd.add(gid.toString()); }
                    if (args.bool("system")) cmd.add("-r");
                }
                default -> {
                    cmd.add("groupadd");
                    if (gid != null) { cmd.add("-g"); cmd.add(gid.toString()); if (args.bool("non_unique")) cmd.add("-o"); }
                    if (args.bool("system")) cmd.add("-r");
                }
            }
            cmd.add(name);
            line = Shell.join(cmd);
        } else if (gid != null && gid != cur.gid()) {
            action = "change the gid of";
            if (db.tools == AccountDb.Tools.BUSYBOX) {
                if (db.gidInUse(gid)) return Result.failed("gid '" + gid + "' in use");
                line = etcGroupEdit(name, gid);
            } else if (db.tools == AccountDb.Tools.DSCL) {
                line = Shell.join(List.of("dscl", ".", "-create", "/Groups/" + name, "PrimaryGroupID", gid.toString()));
            } else {
                cmd = new ArrayList<>(List.of("groupmod", "-g", gid.toString()));
                if (args.bool("non_unique")) cmd.add("-o");
                cmd.add(name);
                line = Shell.join(cmd);
            }
        } else {
            return r.put("system", args.bool("system")).put("gid", cur.gid());
        }
        r.put("system", args.bool("system"));
        String missing = db.missingTools(action, "group " + name, target.host());
        if (missing != null) return Result.failed(missing).put("name", name);
        Result done = execute(target, r, action, name, line);
        if (done.isFailed() || target.checkMode()) return done;
        AccountDb.Group now = AccountDb.read(target, null, false, null).groups.get(name);
        if (now != null) done.put("gid", now.gid());
        return done;
    }

    /** BusyBox has no groupmod: rewrite the gid field of the group's line in /etc/group atomically. */
    static String etcGroupEdit(String name, long gid) {
        return "t=/etc/group.pbtmp$$ && cp -p /etc/group \"$t\" && awk -F: -v OFS=: -v n=" + Shell.quote(name)
                + " -v g=" + gid + " '$1==n{$3=g}1' /etc/group > \"$t\" && mv -f \"$t\" /etc/group"
                + " || { rm -f \"$t\"; exit 1; }";
    }

    private static Result execute(Target target, Result r, String action, String name, String line) {
        ExecResult er = target.apply(AccountDb.SBIN + " " + line);
        r.changed(true);
        if (!er.ran()) return r;
        if (!er.ok()) {
            String err = er.stderr().isBlank() ? er.stdout().trim() : er.stderr().trim();
            return Result.failed("can't " + action + " group " + name + " on " + target.host() + ": " + err)
                    .put("name", name).put("rc", er.rc());
        }
        if (!er.stdout().isBlank()) r.put("stdout", er.stdout());
        if (!er.stderr().isBlank()) r.put("stderr", er.stderr());
        return r;
    }
}
