package playbook.modules.files;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible.builtin.copy. {@code content:} is written from stdin: one probe stats the destination
 * with its sha1; when the checksum differs, one apply writes a temp file beside dest, validates
 * it, gives it the old file's mode and owner, and renames it over dest, then fixes
 * mode/owner/group. {@code src:} from the controller is {@link LocalCopy} (file or directory),
 * {@code remote_src: true} is {@link RemoteCopy}.
 */
public final class CopyModule implements Module {
    static final int MAX_DIFF_BYTES = 104448;

    private static final ArgSpec SPEC = FileCommonArgs.attributes(ArgSpec.builder()
            .arg("content", ArgType.STR)
            .doc("Write this text to dest (instead of src); it never appears in a command line.")
            .arg("src", ArgType.PATH)
            .doc("A file or directory on the controller (looked up in the role's or play's files/); with remote_src, a path on the host. A directory ending in / copies its contents, without the slash the directory itself.")
            .arg("dest", ArgType.PATH).required()
            .doc("Where to put it on the host. For src, a dest ending in / or an existing directory receives the file under its own name.")
            .arg("mode", ArgType.RAW)
            .doc("Permissions: octal (0644, quoted or with the leading 0) or symbolic (u=rw,g=r,o=r; u+x). Unchanged when omitted, or default umask for a new file. preserve gives dest the source file's mode.")
            .arg("owner", ArgType.STR)
            .doc("User that should own it (name or uid); changing it needs become.")
            .arg("group", ArgType.STR)
            .doc("Group that should own it (name or gid).")
            .arg("backup", ArgType.BOOL).defaultValue(false)
            .doc("Before replacing dest, keep a copy beside it with a timestamp in its name (returned as backup_file).")
            .arg("force", ArgType.BOOL).defaultValue(true).aliases("thirsty")
            .doc("false: do not touch dest if it exists, whatever it holds.")
            .arg("validate", ArgType.STR)
            .doc("A command run on the new file before it replaces dest, with %s for its path (e.g. visudo -cf %s); dest is left alone if it fails.")
            .arg("directory_mode", ArgType.RAW)
            .doc("Mode for directories created while copying a directory.")
            .arg("remote_src", ArgType.BOOL).defaultValue(false)
            .doc("src is on the host, not the controller (cp on the host).")
            .arg("follow", ArgType.BOOL).defaultValue(false)
            .doc("When dest is a symlink, write through it to its target.")
            .arg("local_follow", ArgType.BOOL).defaultValue(true)
            .doc("Follow symlinks in src on the controller.")
            .arg("decrypt", ArgType.BOOL).defaultValue(true)
            .doc("Accepted for compatibility; vault-encrypted source files are not decrypted by this engine.")
            .arg("checksum", ArgType.STR)
            .doc("Accepted for compatibility; the sha1 of the source is always compared with dest's."), false)
            .mutuallyExclusive("content", "src")
            .requiredOneOf("content", "src")
            .summary("Copy a file, a directory or inline content to the host")
            .description("Compares the sha1 of the source with the destination's (one probe for all files); only files that differ are uploaded. Each upload goes to a temp file beside dest, is checked, validated if asked, given the old file's mode and owner and then renamed over dest, so a reader never sees a half-written file. Then mode, owner and group are set.")
            .notes("Idempotent by checksum: a second run with the same content is ok, not changed.",
                    "Check mode reports what would change; --diff shows the text diff for text files up to about 100 KiB.",
                    "Works on GNU coreutils, BusyBox and BSD/macOS userlands: the probe detects stat -c or stat -f on the host.",
                    "Vault-encrypted src files are copied as they are on disk (decrypt is not implemented).")
            .returns("dest", "The destination path.")
            .returns("checksum", "sha1 of the content. For a src file on the controller, only when the result is seen (register, -v, a report) or the comparison needed it.")
            .returns("md5sum", "md5 of a src file on the controller, only when the result is seen (register, -v, a report): it costs a second digest of the whole file.")
            .returns("src", "The source path, for src.")
            .returns("backup_file", "The backup's path, when backup made one.")
            .example("""
                - name: Install the compose file of the Grafana stack
                  copy:
                    src: grafana/compose.yaml
                    dest: /srv/services/grafana/compose.yaml
                    mode: "0644"
                    backup: true

                - name: Write the restic password file from the vault
                  copy:
                    content: "{{ vault_restic_password }}"
                    dest: /root/.restic-password
                    owner: root
                    mode: "0600"
                  no_log: true

                - name: Keep a copy of the manifest next to the archives, on the host itself
                  copy:
                    src: /srv/.restore/manifest.sha256
                    dest: /mnt/hdd/backups/
                    remote_src: true
                """)
            .build();

    @Override public String name() { return "copy"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        CopyOptions opt = CopyOptions.of(args);
        String dest = args.str("dest");
        if (!opt.validateOk()) return Result.failed("validate must contain %s: " + opt.validate());
        if (args.has("src")) return fromSource(args.str("src"), args.bool("remote_src"), opt, target);
        if (dest.endsWith("/")) return Result.failed("can not use content with a dir as dest");
        String validate = opt.validate();
        byte[] content = args.str("content").getBytes(StandardCharsets.UTF_8);
        String checksum = sha1(content);
        FileAttributes attrs = new FileAttributes(args.get("mode"), args.str("owner"), args.str("group"));

        String dir = RemotePath.dirname(dest);
        StatProbe probe = new StatProbe().add("d", dest, "sha1").add("p", dir, null);
        Map<String, StatProbe.Entry> found = StatProbe.parse(target.probe(probe.command()));
        StatProbe.Entry d = found.get("d");
        FileInfo cur = d.resolved();
        if (cur.isDir()) return Result.failed("can not use content with a dir as dest");
        if (!found.get("p").resolved().isDir()) {
            // Ansible's copy action decides "would change" in check mode before the module checks the directory
            if (target.checkMode()) return Result.changed().put("dest", dest).put("checksum", checksum);
            return Result.failed("Destination directory " + dir + " does not exist").put("checksum", checksum);
        }
        if (cur.exists() && !args.bool("force")) return Result.ok().put("dest", dest);

        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        String w = RemotePath.word(dest);
        boolean contentChanged = !cur.exists() || !checksum.equals(d.checksum());
        List<String> cmds = new ArrayList<>();
        Result r = Result.changed();
        List<String> temps = new ArrayList<>();
        if (contentChanged) {
            String tmp = RemotePath.word(DestWriter.tempPath(dest));
            temps.add(tmp);
            cmds.add(DestWriter.privateWrite(tmp));
            cmds.addAll(DestWriter.install(tmp, w, cur, validate, args.bool("backup"), true));
            FileInfo fresh = cur.exists() ? cur : FileInfo.absent();
            cmds.addAll(cur.exists() ? attrs.commands(w, fresh, false, before, after)
                    : attrs.commandsForNew(List.of(w), false));
            if (target.diffMode()) {
                String oldText = DestWriter.readForDiff(target, dest, cur);
                if (oldText != null) r.diff(dest, oldText, "dynamically generated", new String(content, StandardCharsets.UTF_8));
            }
        } else {
            cmds.addAll(attrs.commands(w, cur, false, before, after));
        }
        if (cmds.isEmpty()) {
            Result ok = Result.ok().put("dest", dest).put("checksum", checksum).put("path", dest);
            FileStates.pathInfo(ok, cur);
            return ok;
        }
        ExecResult er = target.apply(DestWriter.script(cmds, temps, w), contentChanged ? content : null);
        r.put("dest", dest).put("checksum", checksum);
        if (!er.ran()) {
            if (cur.exists()) FileStates.pathInfo(r, attrs.predict(cur));
            return r;
        }
        if (DestWriter.validateFailed(er))
            return Result.failed("failed to validate").put("exit_status", er.rc()).put("stdout", er.stdout())
                    .put("stderr", DestWriter.validateStderr(er)).put("checksum", checksum);
        if (!er.ok()) return Result.failed("copy to " + dest + " failed: " + er.stderr().trim()).put("dest", dest);
        DestWriter.finish(er, r, "backup_file");
        return r;
    }

    /** copy with src=: a controller file or directory, or (remote_src) a path on the host. */
    private static Result fromSource(String src, boolean remoteSrc, CopyOptions opt, Target target) {
        if (remoteSrc) return new RemoteCopy(target, opt).run(src);
        boolean slash = src.endsWith("/");
        Path local = target.findFile("files", src);
        if (local == null)
            return Result.failed("Could not find or access '" + src + "' on the Ansible Controller.\n"
                    + "If you are using a module and expect the file to exist on the remote, see the remote_src option");
        if (Files.isDirectory(local)) return new LocalCopy(target, opt).directory(local, slash);
        return new LocalCopy(target, opt).file(local, local.getFileName().toString(), local.toString());
    }

    static String sha1(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
