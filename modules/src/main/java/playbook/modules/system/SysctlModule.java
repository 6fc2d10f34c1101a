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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * ansible.posix.sysctl (also answers to {@code sysctl}): one probe reads the live value
 * ({@code sysctl -e -n}, {@code sysctl -n} on BSD) and the sysctl file; the decision and the file
 * rewrite (every {@code k=v} normalized, duplicates dropped) are a port of Ansible's SysctlModule;
 * one apply writes the file atomically, sets the live value ({@code sysctl_set}) and reloads
 * ({@code sysctl -p FILE}).
 */
public final class SysctlModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("name", ArgType.STR).required().aliases("key")
            .doc("The kernel parameter (vm.swappiness).")
            .arg("value", ArgType.STR).aliases("val")
            .doc("Its value; needed for present.")
            .arg("state", ArgType.STR).defaultValue("present").choices("present", "absent")
            .doc("present: in the sysctl file (and set live with sysctl_set or reload); absent: removed from the file.")
            .arg("reload", ArgType.BOOL).defaultValue(true)
            .doc("After changing the file, load it with sysctl -p FILE.")
            .arg("sysctl_set", ArgType.BOOL).defaultValue(false)
            .doc("Also set the live value now (sysctl -w) when it differs, even if the file already matches.")
            .arg("ignoreerrors", ArgType.BOOL).defaultValue(false)
            .doc("Ignore unknown keys when reloading (sysctl -e, -i on BSD).")
            .arg("sysctl_file", ArgType.PATH).defaultValue("/etc/sysctl.conf")
            .doc("The file to keep the setting in.")
            .summary("Set kernel parameters and keep them in a sysctl file")
            .description("Reads the live value and the sysctl file in one probe, rewrites the file as Ansible does (every k=v normalized, duplicates dropped) atomically, sets the live value when asked and reloads the file.")
            .notes("Idempotent. Check mode reports the change without writing.",
                    "Works with Linux sysctl (procps or BusyBox) and BSD/macOS sysctl. Needs root (become).",
                    "Also answers to ansible.posix.sysctl.")
            .example("""
                - name: Less swapping on the Pi's SD card
                  sysctl:
                    name: vm.swappiness
                    value: "10"
                    sysctl_file: /etc/sysctl.d/90-pi.conf
                    sysctl_set: true
                  become: true
                """)
            .build();
    private static final Set<String> TRUE = Set.of("y", "yes", "on", "1", "true", "t");
    private static final Set<String> FALSE = Set.of("n", "no", "off", "0", "false", "f");

    @Override public String name() { return "sysctl"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String name = args.str("name").strip();
        boolean present = args.str("state").equals("present");
        if (name.isEmpty()) return Result.failed("name cannot be blank");
        if (present && args.str("value") == null) return Result.failed("value cannot be None");
        if (present && args.str("value").isEmpty()) return Result.failed("value cannot be blank");
        String value = parseValue(args.str("value"));
        String file = args.str("sysctl_file");
        String n = Shell.quote(name);
        ExecResult er = target.probe("echo \"os=$(uname -s)\"; if v=$( { sysctl -e -n " + n + " || sysctl -n " + n
                + "; } 2>/dev/null); then echo \"cur=$v\"; else echo nocur; fi\n" + AtomicFile.cat(file));
        AtomicFile.Split split = AtomicFile.split(er);
        boolean bsd = split.before().matches("(?s)os=(Darwin|FreeBSD|OpenBSD|NetBSD).*");
        String proc = null;
        for (String line : split.before().split("\n")) if (line.startsWith("cur=")) proc = line.substring(4);

        List<String> fileLines = new ArrayList<>();
        Map<String, String> fileValues = new LinkedHashMap<>();
        for (String raw : AtomicFile.lines(split.content())) {
            String line = raw.strip();
            fileLines.add(line);
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || !line.contains("=")) continue;
            String[] kv = line.split("=", 2);
            fileValues.put(kv[0].strip(), kv[1].strip());
        }
        String fileValue = fileValues.get(name);
        boolean changed = false;
        boolean writeFile = false;
        boolean setProc = false;
        if (fileValue == null && present) { changed = true; writeFile = true; }
        else if (fileValue == null) { changed = false; }
        else if (!fileValue.isEmpty() && !present) { changed = true; writeFile = true; }
        else if (!fileValue.equals(value)) { changed = true; writeFile = true; }
        else if (args.bool("reload")) {
            if (proc == null || !equalValues(proc, value)) changed = true;
        }
        if (args.bool("sysctl_set") && present) {
            if (proc == null) changed = true;
            else if (!equalValues(proc, value)) { changed = true; setProc = true; }
        }
        Result r = Result.of(changed);
        List<String> cmds = new ArrayList<>();
        byte[] stdin = null;
        if (writeFile) {
            String after = fixLines(fileLines, name, value, present);
            if (target.diffMode()) r.diff(file, split.content() == null ? "" : split.content(), file, after);
            cmds.add(AtomicFile.write(file, "0644", null, false, false));
            stdin = after.getBytes(StandardCharsets.UTF_8);
        }
        String ign = args.bool("ignoreerrors") ? (bsd ? "-i " : "-e ") : "";
        if (setProc) cmds.add("sysctl " + ign + (bsd ? "" : "-w ") + Shell.quote(name + "=" + value));
        if (changed && args.bool("reload") && !bsd) cmds.add("sysctl " + ign + "-p " + RemotePath.word(file));
        if (cmds.isEmpty()) return r;
        // sysctl -p exits 0 even when a key could not be set; Ansible reads stderr for that
        ExecResult a = target.apply("out=$( { " + String.join(" && ", cmds) + "; } 2>&1 ); rc=$?; printf '%s\\n' \"$out\"; "
                + "[ $rc -eq 0 ] || exit $rc; printf '%s\\n' \"$out\" | grep -Eq "
                + "'^sysctl: setting key \"[^\"]+\": (Invalid argument|Read-only file system)$' && exit 1; exit 0", stdin);
        if (a.ran() && !a.ok()) {
            String what = setProc ? "setting " + name + " failed" : "Failed to reload sysctl";
            return Result.failed(what + ": " + (a.stdout() + a.stderr()).trim() + " (" + target.host() + ")");
        }
        return r;
    }

    /** Ansible's _parse_value: booleans to 1/0, other text stripped. */
    static String parseValue(String v) {
        if (v == null) return "";
        String l = v.toLowerCase(Locale.ROOT);
        if (TRUE.contains(l)) return "1";
        if (FALSE.contains(l)) return "0";
        return v.strip();
    }

    static boolean equalValues(String a, String b) {
        return List.of(a.strip().split("\\s+")).equals(List.of(b.strip().split("\\s+")));
    }

    /** fix_lines + write_sysctl: first occurrence of each key kept as {@code k=v}, the named key set or dropped. */
    static String fixLines(List<String> lines, String name, String value, boolean present) {
        StringBuilder out = new StringBuilder();
        List<String> checked = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith(";") || !line.contains("=")) {
                out.append(line.strip()).append('\n');
                continue;
            }
            String[] kv = line.split("=", 2);
            String k = kv[0].strip();
            if (checked.contains(k)) continue;
            checked.add(k);
            if (k.equals(name)) {
                if (present) out.append(k).append('=').append(value).append('\n');
            } else {
                out.append(k).append('=').append(kv[1].strip()).append('\n');
            }
        }
        if (!checked.contains(name) && present) out.append(name).append('=').append(value).append('\n');
        return out.toString();
    }
}
