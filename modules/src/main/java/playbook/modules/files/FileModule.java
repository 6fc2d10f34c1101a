package playbook.modules.files;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ansible.builtin.file. One probe reads the path, the link source and (for directories) the
 * missing parents; the states decide the commands; one apply runs them all and prints the new
 * stat, so the result carries the real mode/owner/size. Check mode skips the apply and predicts.
 */
public final class FileModule implements Module {
    private static final ArgSpec SPEC = FileCommonArgs.attributes(ArgSpec.builder()
            .arg("path", ArgType.PATH).required().aliases("dest", "name")
            .doc("The path on the host to manage.")
            .arg("state", ArgType.STR).choices("absent", "directory", "file", "hard", "link", "touch")
            .doc("file: it must exist as a file (only attributes change); directory: create it and missing parents (mkdir -p); link/hard: a symlink/hard link to src; touch: create it or update its times; absent: remove it, recursively for a directory. Default: the current state, or file.")
            .arg("mode", ArgType.RAW)
            .doc("Permissions: octal (0644, quoted or with the leading 0) or symbolic (u=rw,g=r,o=r; u+x). Unchanged when omitted, or default umask for a new file.")
            .arg("owner", ArgType.STR)
            .doc("User that should own it (name or uid); changing it needs become.")
            .arg("group", ArgType.STR)
            .doc("Group that should own it (name or gid).")
            .arg("recurse", ArgType.BOOL).defaultValue(false)
            .doc("With state=directory, apply mode, owner and group to everything below too.")
            .arg("force", ArgType.BOOL).defaultValue(false)
            .doc("With state=link/hard: replace an existing file or link at path, or link to a src that does not exist yet.")
            .arg("follow", ArgType.BOOL).defaultValue(true)
            .doc("Change the target of a symlink at path, not the link itself.")
            .arg("src", ArgType.PATH)
            .doc("With state=link or hard: what the link points to (a relative src is relative to the link's directory).")
            .arg("modification_time", ArgType.STR)
            .doc("With touch and others: set the mtime; preserve keeps it, now sets the current time (touch always changes when now).")
            .arg("modification_time_format", ArgType.STR).defaultValue(FileTimes.DEFAULT_FORMAT)
            .doc("strftime format of modification_time.")
            .arg("access_time", ArgType.STR)
            .doc("Set the atime; preserve or now as for modification_time.")
            .arg("access_time_format", ArgType.STR).defaultValue(FileTimes.DEFAULT_FORMAT)
            .doc("strftime format of access_time."), true)
            .arg("_original_basename", ArgType.STR)
            .arg("_diff_peek", ArgType.BOOL)
            .summary("Manage files, directories, links and their attributes")
            .description("Makes a path a directory, a file, a symlink or hard link, touches it, or removes it, and sets mode, owner, group and times. One read-only probe reads the path (and any missing parents); one command makes every change and reports the new state, so the result shows the real mode and owner.")
            .notes("Idempotent: when the path already matches, nothing runs and the task is ok.",
                    "Check mode predicts the change without running it; --diff shows the before/after state (path, mode, owner).",
                    "Works on GNU coreutils, BusyBox and BSD/macOS userlands: the probe detects stat -c or stat -f on the host.")
            .returns("path", "The path managed.")
            .returns("state", "Its state afterwards.")
            .returns("mode", "Its mode afterwards, octal.")
            .returns("owner", "Owner name.")
            .returns("group", "Group name.")
            .returns("size", "Size in bytes.")
            .example("""
                - name: Data directory of each service, owned by its container user
                  file:
                    path: "/srv/services/{{ item.name }}/data"
                    state: directory
                    owner: "{{ item.uid }}"
                    mode: "0750"
                  loop:
                    - { name: postgres, uid: 999 }
                    - { name: grafana, uid: 472 }

                - name: The current backup is a symlink to the newest archive
                  file:
                    src: "/mnt/hdd/backups/{{ archive_name }}"
                    dest: /mnt/hdd/backups/latest.tar.gz
                    state: link

                - name: Remove the restore staging area
                  file:
                    path: /srv/.restore
                    state: absent
                """)
            .build();

    @Override public String name() { return "file"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        for (String ignored : List.of("attributes", "seuser", "serole", "setype", "selevel"))
            if (args.has(ignored)) target.warn("file: '" + ignored + "' is not supported yet and was ignored");
        String path = args.str("path");
        String src = args.str("src");
        String state = args.str("state");
        boolean recurse = args.bool("recurse");

        StatProbe probe = new StatProbe().add("p", path, null);
        if (src != null) {
            probe.add("s", src, null);
            probe.add("sr", RemotePath.dirname(path) + "/" + src, null);
            probe.add("pb", path + "/" + RemotePath.basename(src), null);
        }
        // the host's UTC offset, only to read explicit access or modification times
        String extra = args.str("modification_time") != null || args.str("access_time") != null ? "echo \"tz=$(date +%z)\"\n" : "";
        if (recurse) extra += treeListing(path);
        if (state == null || state.equals("directory")) extra += missingParents(path);
        ExecResult er = target.probe(probe.command() + extra);
        Map<String, StatProbe.Entry> found = StatProbe.parse(er);
        FileInfo cur = found.get("p").info();

        if (src != null && !"link".equals(state) && !"absent".equals(state) && cur.isDir()
                && found.containsKey("pb")) {
            path = path + "/" + RemotePath.basename(src);
            cur = found.get("pb").info();
        }
        String prev = cur.ansibleState();
        if (state == null) state = !prev.equals("absent") ? prev : recurse ? "directory" : "file";
        if (recurse && !state.equals("directory"))
            return Result.failed("recurse option requires state to be 'directory'").put("path", path);
        if (src != null && !state.equals("link") && !state.equals("hard"))
            return Result.failed("src option requires state to be 'link' or 'hard'").put("path", path);

        FileRequest req = new FileRequest(path, src, state, target,
                new FileAttributes(args.get("mode"), args.str("owner"), args.str("group")),
                new FileTimes(args.str("modification_time"), args.str("modification_time_format"),
                        args.str("access_time"), args.str("access_time_format"), state),
                args.bool("follow"), args.bool("force"), recurse, found, er.stdout());
        return new FileStates(req).run();
    }

    /** Lines {@code t.l<n>=stat} for every non-link entry below a directory. */
    private static String treeListing(String path) {
        return "n=0; find " + RemotePath.word(path) + " -mindepth 1 ! -type l 2>/dev/null | "
                + "while IFS= read -r f; do n=$((n+1)); echo \"t.l$n=$(__st '' \"$f\")\"; done\n";
    }

    /** Lines {@code m.l<n>=dir} for each parent that does not exist yet, deepest first. */
    private static String missingParents(String path) {
        String p = path.replaceAll("/{2,}", "/");
        if (p.length() > 1) p = p.replaceAll("/+$", ""); // the parent of a/b/ is a, as dirname says
        return "n=0; d=" + RemotePath.word(p.isEmpty() ? "/" : p) + "; while [ -n \"$d\" ] && [ ! -e \"$d\" ] && [ ! -L \"$d\" ]; do "
                + "n=$((n+1)); echo \"m.l$n=$d\"; case $d in */*) nd=${d%/*}; [ -n \"$nd\" ] || nd=/;; *) nd=$d;; esac;"
                + " [ \"$nd\" = \"$d\" ] && break; d=$nd; done\n";
    }

    /** Everything a state handler needs, read once. */
    record FileRequest(String path, String src, String state, Target target, FileAttributes attrs, FileTimes times,
                       boolean follow, boolean force, boolean recurse, Map<String, StatProbe.Entry> found,
                       String probeOutput) {
        String utcOffset() { return probeLine("tz"); }

        List<String> missing() { return probeLines("m.l"); }

        List<FileInfo> tree() {
            List<FileInfo> out = new ArrayList<>();
            for (String s : probeLines("t.l")) out.add(FileInfo.parse(s));
            return out;
        }

        private String probeLine(String key) {
            for (String line : probeOutput.split("\n")) if (line.startsWith(key + "=")) return line.substring(key.length() + 1);
            return null;
        }

        private List<String> probeLines(String prefix) {
            List<String> out = new ArrayList<>();
            for (String line : probeOutput.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.startsWith(prefix) && line.substring(prefix.length(), eq).matches("\\d+"))
                    out.add(line.substring(eq + 1));
            }
            return out;
        }
    }

    static void require(boolean ok, String msg) {
        if (!ok) throw new ModuleException(msg);
    }
}
