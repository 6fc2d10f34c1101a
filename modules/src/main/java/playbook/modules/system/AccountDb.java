package playbook.modules.system;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The account database of a host as the group and user modules see it, read in one probe:
 * the user's passwd entry, its shadow password field (only when asked), every group, whether a
 * home directory exists, and which account tools are installed (shadow-utils {@code useradd},
 * BusyBox {@code adduser}, or macOS {@code dscl}). {@link #parse} is pure and tested on
 * recorded output.
 */
final class AccountDb {
    /** A passwd entry: name:pw:uid:gid:gecos:home:shell. */
    record Passwd(String name, long uid, long gid, String comment, String home, String shell) {}

    /** A group entry: name:pw:gid:members. */
    record Group(String name, long gid, List<String> members) {}

    /** Which family of account commands the host has. */
    enum Tools { SHADOW, BUSYBOX, DSCL, NONE }

    final Passwd user;
    final String password;
    final Map<String, Group> groups;
    final boolean homeExists;
    final Tools tools;

    private AccountDb(Passwd user, String password, Map<String, Group> groups, boolean homeExists, Tools tools) {
        this.user = user;
        this.password = password;
        this.groups = groups;
        this.homeExists = homeExists;
        this.tools = tools;
    }

    /**
     * The probe script. {@code user} may be null (group module); {@code withShadow} reads the
     * password hash; {@code home} is the directory whose existence is checked (null: the user's
     * current home).
     */
    /**
     * The account tools live in sbin, which a login user's PATH (and su without -l) often lacks: the
     * probe and every command that changes an account run with it, so that a tool the probe found is
     * the tool the change runs.
     */
    static final String SBIN = "PATH=$PATH:/usr/sbin:/sbin; export PATH;";

    static String script(String user, boolean withShadow, String home) {
        StringBuilder s = new StringBuilder(SBIN + "\n");
        if (user != null) {
            String n = Shell.quote(user);
            s.append("echo __pw; pw=$(").append(passwdLookup(user)).append("); echo \"$pw\"\n");
            if (withShadow) {
                s.append("echo __sp; { getent shadow ").append(n).append(" 2>/dev/null || awk -F: -v n=").append(n)
                        .append(" '$1==n' /etc/shadow 2>/dev/null; } | cut -d: -f2\n");
            }
            // the sixth field of the passwd line, without a pipe to cut (one process less per probe)
            s.append("echo __home; h=").append(home == null ? "${pw#*:*:*:*:*:}; h=${h%%:*}" : Shell.quote(home))
                    .append("; [ -n \"$h\" ] && [ -d \"$h\" ] && echo present\n");
        }
        s.append("echo __gr; getent group 2>/dev/null || cat /etc/group 2>/dev/null\n");
        s.append("echo __tools; for t in useradd adduser dscl; do command -v $t >/dev/null 2>&1 && echo $t; done; true\n");
        return s.toString();
    }

    /** A command printing {@code user}'s passwd line: getent (NSS), else /etc/passwd itself. */
    static String passwdLookup(String user) {
        String n = Shell.quote(user);
        return "getent passwd " + n + " 2>/dev/null || awk -F: -v n=" + n + " '$1==n' /etc/passwd 2>/dev/null";
    }

    /** Marks, in a change's stdout, where the passwd line that {@link #afterChange} prints starts. */
    static final String AFTER = "__pb_passwd_after__";

    /**
     * Appended to a command that changes {@code user}: when it succeeded, the same exec prints the
     * new passwd line after {@link #AFTER}, so the result's uid, home and shell need no second probe.
     */
    static String afterChange(String command, String user) {
        return "{ " + command + "; } && { printf '\\n%s\\n' " + AFTER + "; " + passwdLookup(user) + "; }";
    }

    /** The command's own stdout and the passwd entry printed after {@link #AFTER} (null when absent). */
    record Changed(String stdout, Passwd user) {}

    static Changed splitAfterChange(String stdout) {
        int at = stdout.lastIndexOf("\n" + AFTER + "\n");
        if (at < 0) return new Changed(stdout, null);
        String rest = stdout.substring(at + AFTER.length() + 2).strip();
        return new Changed(stdout.substring(0, at), rest.isEmpty() ? null : passwd(rest.lines().findFirst().orElse("")));
    }

    static AccountDb read(Target target, String user, boolean withShadow, String home) {
        return parse(target.probe(script(user, withShadow, home)));
    }

    static AccountDb parse(ExecResult er) {
        Passwd user = null;
        String password = null;
        Map<String, Group> groups = new LinkedHashMap<>();
        boolean home = false;
        List<String> tools = new ArrayList<>();
        String section = "";
        for (String line : er.stdout().split("\n")) {
            if (line.startsWith("__") && line.length() > 2 && !line.contains(":")) { section = line; continue; }
            switch (section) {
                case "__pw" -> { if (user == null && !line.isBlank()) user = passwd(line); }
                case "__sp" -> { if (password == null && !line.isBlank()) password = line; }
                case "__home" -> home |= line.equals("present");
                case "__gr" -> {
                    Group g = parseGroup(line);
                    if (g != null) groups.putIfAbsent(g.name(), g);
                }
                case "__tools" -> { if (!line.isBlank()) tools.add(line.trim()); }
                default -> { }
            }
        }
        Tools t = tools.contains("useradd") ? Tools.SHADOW : tools.contains("dscl") ? Tools.DSCL
                : tools.contains("adduser") ? Tools.BUSYBOX : Tools.NONE;
        return new AccountDb(user, password, groups, home, t);
    }

    /**
     * On a host with no account tools (e.g. Debian's BusyBox, which has no adduser applets) a needed
     * change fails up front, in check mode too, naming what to install; null when tools exist.
     */
    String missingTools(String action, String what, String host) {
        if (tools != Tools.NONE) return null;
        return "can't " + action + " " + what + " on " + host + ": no account tools there (neither useradd/groupadd from"
                + " the passwd package nor BusyBox adduser/addgroup applets); install one of them";
    }

    static Passwd passwd(String line) {
        String[] f = line.split(":", -1);
        if (f.length < 7) return null;
        try {
            return new Passwd(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4], f[5], f[6]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Group parseGroup(String line) {
        String[] f = line.split(":", -1);
        if (f.length < 3 || f[0].isEmpty()) return null;
        try {
            List<String> members = new ArrayList<>();
            if (f.length > 3) for (String m : f[3].split(",")) if (!m.isBlank()) members.add(m.trim());
            return new Group(f[0], Long.parseLong(f[2]), members);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    Group group(String nameOrGid) {
        Group g = groups.get(nameOrGid);
        if (g != null) return g;
        if (nameOrGid.chars().allMatch(Character::isDigit) && !nameOrGid.isEmpty()) {
            long gid = Long.parseLong(nameOrGid);
            for (Group x : groups.values()) if (x.gid() == gid) return x;
        }
        return null;
    }

    boolean gidInUse(long gid) {
        return groups.values().stream().anyMatch(g -> g.gid() == gid);
    }

    /** Groups that list {@code user} as a member (Ansible's user_group_membership, primary included). */
    List<String> membership(String user) {
        List<String> out = new ArrayList<>();
        for (Group g : groups.values()) if (g.members().contains(user)) out.add(g.name());
        return out;
    }
}
