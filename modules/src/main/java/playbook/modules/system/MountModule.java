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
import java.util.Arrays;
import java.util.List;

/**
 * ansible.posix.mount (also answers to {@code mount}): one probe reads the live mount table, the
 * fstab and whether the path exists; the fstab is rewritten atomically ({@link AtomicFile}) and
 * the path mounted with explicit {@code mount -t FSTYPE -o OPTS SRC PATH}, which GNU, BusyBox and
 * BSD all understand, also for an alternate {@code fstab}. A failed mount restores the old fstab
 * and removes the directories it created, and says which mount point failed.
 */
public final class MountModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("path", ArgType.PATH).required().aliases("name")
            .doc("The mount point.")
            .arg("state", ArgType.STR).required()
            .choices("absent", "absent_from_fstab", "mounted", "present", "unmounted", "remounted")
            .doc("mounted: in fstab and mounted (the mount point is created); present: only in fstab; unmounted: unmounted, fstab untouched; absent: unmounted, removed from fstab and the empty mount point removed; absent_from_fstab: only removed from fstab; remounted: remount now (always changed).")
            .arg("src", ArgType.PATH)
            .doc("The device, UUID=..., LABEL=... or remote share to mount (needed for mounted and present).")
            .arg("fstype", ArgType.STR)
            .doc("The filesystem type (ext4, vfat, nfs...); needed for mounted and present.")
            .arg("opts", ArgType.STR)
            .doc("Mount options (default defaults).")
            .arg("dump", ArgType.STR).defaultValue("0")
            .doc("The fstab dump field.")
            .arg("passno", ArgType.STR).defaultValue("0")
            .doc("The fstab pass field (fsck order).")
            .arg("fstab", ArgType.STR)
            .doc("The fstab file to edit instead of /etc/fstab.")
            .arg("boot", ArgType.BOOL).defaultValue(true)
            .doc("false adds noauto to opts, so the filesystem is not mounted at boot.")
            .arg("backup", ArgType.BOOL).defaultValue(false)
            .doc("Keep a timestamped copy of the old fstab.")
            .summary("Mount filesystems and keep /etc/fstab in step")
            .description("Reads the live mount table, the fstab and the mount point in one probe. The fstab is rewritten atomically when its entry changes, and the filesystem mounted with an explicit mount -t FSTYPE -o OPTS SRC PATH. When the mount fails, the old fstab is restored and created directories removed, and the error names the mount point.")
            .notes("Idempotent: an entry that matches and a filesystem already mounted change nothing; a changed entry of a mounted filesystem is remounted.",
                    "Check mode reports the change; --diff shows the fstab change.",
                    "GNU (util-linux), BusyBox and BSD/macOS mount all work (BSD remounts with mount -u). Needs root (become).",
                    "Also answers to ansible.posix.mount.")
            .returns("name", "The mount point.")
            .returns("src", "The source.")
            .returns("fstype", "The type.")
            .returns("opts", "The options written.")
            .returns("backup_file", "The fstab backup, when backup made one.")
            .example("""
                - name: The backup HDD, mounted now and at boot (nofail, so the Pi still boots without it)
                  mount:
                    path: /mnt/hdd
                    src: "UUID={{ hdd_uuid }}"
                    fstype: ext4
                    opts: defaults,nofail,noatime
                    state: mounted
                  become: true

                - name: Unmount the HDD before unplugging it
                  mount:
                    path: /mnt/hdd
                    state: unmounted
                  become: true
                """)
            .build();

    @Override public String name() { return "mount"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String state = args.str("state");
        String path = args.str("path");
        if ((state.equals("mounted") || state.equals("present")) && (!args.has("src") || !args.has("fstype"))) {
            return Result.failed("state is " + state + " but all of the following are missing: src, fstype");
        }
        String fstab = args.str("fstab", "/etc/fstab");
        String opts = args.str("opts", "defaults");
        List<String> warnings = new ArrayList<>();
        List<String> optList = new ArrayList<>(Arrays.asList(opts.split(",")));
        if (optList.contains("noauto")) {
            if (!args.bool("boot")) warnings.add("Ignore the 'boot' due to 'opts' contains 'noauto'.");
        } else if (!args.bool("boot")) {
            if (optList.contains("defaults")) warnings.add("Ignore the 'boot' due to 'opts' contains 'defaults'.");
            else { optList.add("noauto"); opts = String.join(",", optList); }
        }
        String p = RemotePath.word(path);
        ExecResult er = target.probe("echo __os; uname -s\necho __mnt; cat /proc/mounts 2>/dev/null || mount\n"
                + "echo __dir; [ -d " + p + " ] && echo yes\n" + AtomicFile.cat(fstab));
        AtomicFile.Split split = AtomicFile.split(er);
        String probe = split.before();
        boolean bsd = section(probe, "__os").trim().matches("(?i).*(bsd|darwin).*");
        boolean mounted = MountTable.mountedAt(MountTable.parseLive(section(probe, "__mnt")), path) != null;
        boolean dirExists = section(probe, "__dir").trim().equals("yes");
        String src = args.str("src");
        MountTable.Entry entry = new MountTable.Entry(src == null ? null : MountTable.escape(src), MountTable.escape(path),
                args.str("fstype") == null ? null : MountTable.escape(args.str("fstype")), MountTable.escape(opts),
                MountTable.escape(args.str("dump")), MountTable.escape(args.str("passno")));
        Result r = Result.ok().put("name", path);
        if (src != null) r.put("src", src);
        if (args.has("fstype")) r.put("fstype", args.str("fstype"));
        r.put("opts", opts).put("dump", args.str("dump")).put("passno", args.str("passno"))
                .put("fstab", fstab).put("boot", args.bool("boot") ? "yes" : "no").put("backup_file", "");
        warnings.forEach(target::warn);

        String before = split.content() == null ? "" : split.content();
        MountTable.Edit edit = switch (state) {
            case "absent", "absent_from_fstab" -> MountTable.unset(before, entry.name(), src);
            case "mounted", "present" -> MountTable.set(before, entry);
            default -> new MountTable.Edit(before, false);
        };
        if (edit.changed() && target.diffMode()) r.diff(fstab + " (content)", before, fstab + " (content)", edit.text());
        List<String> cmds = new ArrayList<>();
        if (edit.changed()) cmds.add(AtomicFile.write(fstab, "0644", null, args.bool("backup"), true));
        boolean changed = edit.changed();
        String mountCmd = Shell.join(List.of("mount", "-t", args.str("fstype", "auto"), "-o", opts, src == null ? "none" : src)) + " " + p;
        String remount = (bsd ? "mount -u -o " + Shell.quote(opts) + " " + p
                : "mount -o " + Shell.quote("remount," + opts) + " " + p) + " 2>/dev/null || { umount " + p + " && " + mountCmd + "; }";
        switch (state) {
            case "absent" -> {
                if (edit.changed()) {
                    if (mounted) cmds.add("umount " + p);
                    cmds.add("{ [ ! -d " + p + " ] || rmdir " + p + "; }");
                }
            }
            case "unmounted" -> {
                if (mounted) { cmds.add("umount " + p); changed = true; }
            }
            case "remounted" -> {
                cmds.add(remount);
                changed = true;
            }
            case "mounted" -> {
                if (!mounted) {
                    changed = true;
                    String restore = edit.changed()
                            ? "printf %s " + Shell.quote(before) + " > " + RemotePath.word(fstab) + "; " : "";
                    String rmdirs = dirExists ? "" : "rmdir " + p + " 2>/dev/null; ";
                    String mk = dirExists ? "" : "mkdir -p " + p + " && ";
                    cmds.add(mk + "{ m=$(" + mountCmd + " 2>&1) || { rc=$?; " + restore + rmdirs
                            + "echo \"__mountfail $m\"; exit $rc; }; }");
                } else if (edit.changed()) {
                    cmds.add(remount);
                }
            }
            default -> { }
        }
        r.changed(changed);
        if (cmds.isEmpty()) return r;
        byte[] stdin = edit.changed() ? edit.text().getBytes(StandardCharsets.UTF_8) : null;
        ExecResult a = target.apply(String.join(" && ", cmds), stdin);
        if (!a.ran()) return r;
        if (!a.ok()) {
            int i = a.stdout().indexOf("__mountfail ");
            String why = i >= 0 ? a.stdout().substring(i + 12).trim() : (a.stderr() + a.stdout()).trim();
            String verb = state.equals("mounted") ? "mounting" : state.equals("remounted") ? "remounting"
                    : cmds.stream().anyMatch(c -> c.startsWith("umount")) ? "unmounting" : "updating " + fstab + " for";
            return Result.failed("Error " + verb + " " + path + ": " + why + " (" + target.host() + ")").put("rc", a.rc());
        }
        return r.put("backup_file", AtomicFile.backupFile(a));
    }

    /** The lines after {@code name} up to the next section marker. */
    static String section(String out, String name) {
        StringBuilder sb = new StringBuilder();
        boolean in = false;
        for (String line : out.split("\n")) {
            if (line.equals("__os") || line.equals("__mnt") || line.equals("__dir")) { in = line.equals(name); continue; }
            if (in) sb.append(line).append('\n');
        }
        return sb.toString();
    }
}
