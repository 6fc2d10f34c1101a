package playbook.modules.system;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible.builtin.hostname: one probe picks the strategy (as Ansible does per distribution:
 * Debian and generic Linux use /etc/hostname, Alpine /etc/hostname plus {@code hostname -F},
 * OpenRC /etc/conf.d/hostname, systemd {@code hostnamectl}, macOS {@code scutil}) and reads the
 * current and permanent names; the permanent name is set before the current one. Returns
 * Ansible's facts (hostname, nodename) and a {@code hostname = X} diff.
 */
public final class HostnameModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("name", ArgType.STR).required()
            .doc("The new host name.")
            .arg("use", ArgType.STR).choices("alpine", "debian", "freebsd", "generic", "macos", "macosx", "darwin",
                    "openbsd", "openrc", "redhat", "sles", "solaris", "systemd")
            .doc("The strategy, detected when omitted: /etc/hostname on Debian and generic Linux, plus hostname -F on Alpine, /etc/conf.d/hostname on OpenRC, hostnamectl on systemd, scutil on macOS.")
            .summary("Set the host's name, now and across reboots")
            .description("Detects how the system stores its name, reads the current and the permanent name in one probe, and sets the permanent name first, then the running one.")
            .notes("Idempotent. Check mode reports the change; --diff shows hostname = old/new.",
                    "Only the alpine, debian, generic, macos/macosx/darwin, openrc and systemd strategies are implemented; other use values fail with \"not supported yet\".")
            .returns("ansible_facts", "ansible_hostname and ansible_nodename afterwards.")
            .example("""
                - name: A freshly installed Pi gets its name back
                  hostname:
                    name: pi
                  become: true
                """)
            .build();

    /** The strategy per {@code use} value; debian is Ansible's Systemd strategy when chosen explicitly. */
    private static final Map<String, String> USE = Map.ofEntries(Map.entry("alpine", "alpine"), Map.entry("debian", "systemd"),
            Map.entry("generic", "file"), Map.entry("macos", "darwin"), Map.entry("macosx", "darwin"), Map.entry("darwin", "darwin"),
            Map.entry("openrc", "openrc"), Map.entry("systemd", "systemd"));

    static final String DETECT = "if [ \"$(uname -s)\" = Darwin ]; then s=darwin; elif [ -f /etc/alpine-release ]; then s=alpine; "
            + "elif [ -f /etc/debian_version ]; then s=file; elif [ -d /run/systemd/system ] && command -v hostnamectl >/dev/null 2>&1; "
            + "then s=systemd; elif [ -f /etc/conf.d/hostname ]; then s=openrc; else s=file; fi";

    @Override public String name() { return "hostname"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String name = args.str("name");
        String use = args.str("use");
        if (use != null && !USE.containsKey(use)) return Result.failed("hostname: use=" + use + " is not supported yet");
        String choose = use == null ? DETECT : "s=" + USE.get(use);
        ExecResult er = target.probe(choose + "\necho \"strategy=$s\"\ncase $s in\n"
                + "systemd) echo \"cur=$(hostnamectl --transient status)\"; echo \"perm=$(hostnamectl --static status)\";;\n"
                + "darwin) echo \"cur=$(scutil --get HostName 2>/dev/null)\"; echo \"perm=$(scutil --get ComputerName 2>/dev/null)\";;\n"
                + "openrc) echo \"cur=$(hostname)\"; echo \"perm=$(sed -n 's/^hostname=\"\\{0,1\\}\\([^\"]*\\)\"\\{0,1\\}$/\\1/p' /etc/conf.d/hostname 2>/dev/null | head -n 1)\";;\n"
                + "*) echo \"cur=$(hostname)\"; echo \"perm=$(head -n 1 /etc/hostname 2>/dev/null)\";;\nesac\n"
                + "[ \"$s\" = openrc ] && " + AtomicFile.cat("/etc/conf.d/hostname"));
        AtomicFile.Split split = AtomicFile.split(er);
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : split.before().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) kv.putIfAbsent(line.substring(0, eq), line.substring(eq + 1).strip());
        }
        String strategy = kv.getOrDefault("strategy", "file");
        String cur = kv.getOrDefault("cur", "");
        String perm = kv.getOrDefault("perm", "");
        if (strategy.equals("systemd") && name.length() > 64)
            return Result.failed("name cannot be longer than 64 characters on systemd servers, try a shorter name");
        List<String> cmds = new ArrayList<>();
        byte[] stdin = null;
        String q = Shell.quote(name);
        if (!perm.equals(name)) {
            switch (strategy) {
                case "systemd" -> cmds.add("hostnamectl --pretty --static set-hostname " + q);
                case "darwin" -> cmds.add("scutil --set ComputerName " + q + " && scutil --set LocalHostName "
                        + Shell.quote(name.replaceAll("[^A-Za-z0-9-]", "-")));
                case "openrc" -> {
                    cmds.add(AtomicFile.write("/etc/conf.d/hostname", "0644", null, false, false));
                    stdin = openrcFile(split.content(), name).getBytes(StandardCharsets.UTF_8);
                }
                default -> {
                    cmds.add(AtomicFile.write("/etc/hostname", "0644", null, false, false));
                    stdin = (name + "\n").getBytes(StandardCharsets.UTF_8);
                }
            }
        }
        if (!cur.equals(name)) {
            switch (strategy) {
                case "systemd" -> cmds.add("hostnamectl --transient set-hostname " + q);
                case "darwin" -> cmds.add("scutil --set HostName " + q);
                case "alpine" -> cmds.add(perm.equals(name) ? "hostname " + q : "hostname -F /etc/hostname");
                default -> cmds.add("hostname " + q);
            }
        }
        boolean changed = !cmds.isEmpty();
        String before = !name.equals(cur) ? cur : perm;
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("ansible_hostname", name.split("\\.")[0]);
        facts.put("ansible_nodename", name);
        Result r = Result.of(changed).put("name", name).put("ansible_facts", facts);
        facts.forEach(r::fact);
        if (changed) r.diff("before", "hostname = " + before + "\n", "after", "hostname = " + name + "\n");
        if (!changed) return r;
        ExecResult a = target.apply(String.join(" && ", cmds), stdin);
        if (a.ran() && !a.ok())
            return Result.failed("can't set hostname to " + name + " on " + target.host() + ": " + (a.stderr() + a.stdout()).trim());
        return r;
    }

    /** OpenRC's /etc/conf.d/hostname with its hostname= line replaced (or added). */
    static String openrcFile(String content, String name) {
        StringBuilder out = new StringBuilder();
        boolean done = false;
        for (String line : AtomicFile.lines(content)) {
            if (line.strip().startsWith("hostname=")) { out.append("hostname=\"").append(name).append("\"\n"); done = true; }
            else out.append(line);
        }
        if (!done) out.append("hostname=\"").append(name).append("\"\n");
        return out.toString();
    }
}
