package playbook.modules.files;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * ansible.builtin.fetch: one probe stats the remote file with its sha1; when the local copy
 * ({@code dest/<inventory_hostname>/<src>}, or {@code dest} itself with flat) differs, it is
 * downloaded with {@link Target#get} to a temp file beside it, checked against the remote sha1,
 * and renamed into place. Skipped in check mode, as Ansible's fetch action does.
 */
public final class FetchModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("src", ArgType.STR).required()
            .doc("The file on the host (a file, not a directory).")
            .arg("dest", ArgType.STR).required()
            .doc("A directory on the controller; the file lands in dest/<inventory_hostname>/<src>. With flat, the file path itself (or a directory ending in /).")
            .arg("flat", ArgType.BOOL).defaultValue(false)
            .doc("Do not add the host name and source path below dest.")
            .arg("fail_on_missing", ArgType.BOOL).defaultValue(true)
            .doc("Fail when src does not exist on the host (otherwise ok with a message).")
            .arg("validate_checksum", ArgType.BOOL).defaultValue(true)
            .doc("Compare the sha1 of the downloaded file with the host's and fail on a mismatch.")
            .summary("Download a file from the host to the controller")
            .description("Stats src with its sha1 in one probe; when the local copy is missing or differs, downloads it to a temp file beside the local destination, checks its sha1 against the host's, and renames it into place.")
            .notes("Idempotent by checksum. Skipped in check mode, as in Ansible.",
                    "Works on GNU coreutils, BusyBox and BSD/macOS userlands: the probe detects stat -c or stat -f on the host.")
            .returns("dest", "The local path.")
            .returns("checksum", "sha1 of the local file.")
            .returns("remote_checksum", "sha1 on the host.")
            .example("""
                - name: Keep the backup manifest on the controller too
                  fetch:
                    src: /mnt/hdd/backups/manifest.sha256
                    dest: "backups/{{ inventory_hostname }}/"
                    flat: true
                """)
            .build();

    @Override public String name() { return "fetch"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        if (target.checkMode()) return Result.skipped("check mode not (yet) supported for this module");
        String src = args.str("src");
        String dest = args.str("dest");
        boolean failOnMissing = args.bool("fail_on_missing");
        StatProbe.Entry e = StatProbe.parse(target.probe(new StatProbe().add("s", src, "sha1").command())).get("s");
        FileInfo fi = e.resolved();
        if (fi.isDir()) {
            Result r = Result.failed("remote file is a directory, fetch cannot work on directories");
            if (!failOnMissing) return Result.ok().msg(r.msg() + ", not transferring, ignored").put("file", src);
            return r.put("changed", false);
        }
        if (!fi.exists() || e.checksum() == null) {
            String msg = !fi.exists() ? "the remote file does not exist, not transferring, ignored"
                    : "unable to calculate the checksum of the remote file";
            return (failOnMissing ? Result.failed(msg) : Result.ok().msg(msg)).put("file", src).put("changed", false);
        }
        String remoteSum = e.checksum();
        Path local;
        if (args.bool("flat")) {
            if (Files.isDirectory(Path.of(dest)) && !dest.endsWith("/"))
                return Result.failed("dest is an existing directory, use a trailing slash if you want to fetch src into that directory");
            local = Path.of(dest.endsWith("/") ? dest + RemotePath.basename(src) : dest);
        } else {
            local = Path.of(dest, target.host(), src);
        }
        local = local.toAbsolutePath().normalize();
        if (!args.bool("flat") && !local.startsWith(Path.of(dest).toAbsolutePath().normalize()))
            return Result.failed("Detected directory traversal, expected to be contained in '" + dest + "' but got '" + local + "'");
        String localSum = Files.isRegularFile(local) ? LocalCopy.digest(local, "SHA-1") : null;
        if (remoteSum.equals(localSum)) {
            return Result.ok().put("md5sum", LocalCopy.digest(local, "MD5")).put("file", src)
                    .put("dest", local.toString()).put("checksum", localSum);
        }
        Path tmp = null;
        try {
            Files.createDirectories(local.getParent());
            // createFile (not createTempFile, which makes 0600) so the result gets 0666 & ~umask, as Ansible's does
            tmp = Files.createFile(Path.of(DestWriter.tempPath(local.toString())));
            target.get(src, tmp);
            String newSum = LocalCopy.digest(tmp, "SHA-1");
            String md5 = LocalCopy.digest(tmp, "MD5");
            if (args.bool("validate_checksum") && !newSum.equals(remoteSum)) {
                return Result.failed("checksum mismatch").put("md5sum", md5).put("file", src).put("dest", local.toString())
                        .put("remote_md5sum", null).put("checksum", newSum).put("remote_checksum", remoteSum);
            }
            Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            return Result.changed().put("md5sum", md5).put("dest", local.toString()).put("remote_md5sum", null)
                    .put("checksum", newSum).put("remote_checksum", remoteSum);
        } catch (IOException ex) {
            throw new ModuleException("Failed to fetch the file " + src + " from " + target.host() + " to " + local + ": " + ex.getMessage());
        } finally {
            if (tmp != null) try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* best effort */ }
        }
    }

}
