package playbook.engine.connection;

import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * put and get when the task has become: the bytes travel as the login user (sftp or cat, through
 * {@link Connection#put}/{@link Connection#get}), and the become user moves them between its
 * files and a private staging copy. Both ends are checked with sha256, the final rename is
 * atomic, and a replaced file keeps its mode, owner and group.
 */
public final class BecomeFiles {
    /** Runs a shell command on the host as the become user (the task's become wrapper and password). */
    @FunctionalInterface
    public interface Escalated {
        ExecResult run(String command);
    }

    private BecomeFiles() {}

    /** Uploads {@code local} to {@code remote}, which the become user writes. */
    public static void put(Connection conn, String host, Path local, String remote, Escalated asUser, TransferListener progress) {
        String what = "copy " + local + " to " + host + ":" + remote;
        String sum;
        String mode;
        try {
            sum = sha256(local);
            mode = SshFiles.octal(Files.getPosixFilePermissions(local));
        } catch (IOException e) {
            throw new ModuleException("can't " + what + ": the local file is missing or unreadable (" + e.getMessage() + ")", e);
        }
        // a private directory (0700) of the login user; the become user gets read access to the staged copy alone
        ExecResult dir = conn.exec("umask 077 && mktemp -d \"${TMPDIR:-/tmp}/.playbook-XXXXXXXX\"", null);
        if (!dir.ok()) throw new ModuleException("can't " + what + ": can't create a staging directory: " + firstLine(dir.stderr()));
        String tmpDir = dir.stdout().strip();
        String staged = tmpDir + "/upload";
        try {
            conn.put(local, staged, progress);
            ExecResult r = conn.exec(readableBy(asUser.run("id -u"), tmpDir, staged), null);
            if (!r.ok()) throw new ModuleException("can't " + what + ": " + firstLine(r.stderr()));
            String tmp = Transfers.tempSibling(remote);
            long size = Files.size(local);
            r = asUser.run("cp " + Shell.quote(staged) + " " + Shell.quote(tmp) + " || exit 4; " + SshFiles.place(tmp, remote, sum, size, mode));
            if (!r.ok()) throw new ModuleException("can't " + what + " as the become user: " + firstLine(r.stderr()) + " (rc " + r.rc() + ")");
        } catch (IOException e) {
            throw new ModuleException("can't " + what + ": " + e.getMessage(), e);
        } finally {
            try {
                conn.exec("rm -rf " + Shell.quote(tmpDir), null);
            } catch (RuntimeException ignored) {
                // the host may be gone; the directory is private
            }
        }
    }

    /**
     * Fetches {@code remote}, which only the become user may read: it copies the file into a
     * private directory and hands that copy to the login user (chown as root; an ACL otherwise),
     * which fetches it; the result must match the sha256 of the original.
     */
    public static void get(Connection conn, String host, String remote, Path local, Escalated asUser, TransferListener progress) {
        String what = "fetch " + host + ":" + remote + " to " + local;
        ExecResult id = conn.exec("id -u", null);
        if (!id.ok() || !id.stdout().strip().matches("\\d+")) {
            throw new ModuleException("can't " + what + ": can't tell the login user's uid: " + firstLine(id.stderr()));
        }
        String uid = id.stdout().strip();
        String q = Shell.quote(remote);
        ExecResult r = asUser.run(SshFiles.SHA + "[ -f " + q + " ] || { echo 'no such file' >&2; exit 2; };"
                + " d=$(umask 077 && mktemp -d /tmp/.playbook-XXXXXXXX) || exit 1;"
                + " cp -p " + q + " \"$d/f\" || { rm -rf \"$d\"; exit 1; };"
                + " if [ \"$(id -u)\" = 0 ]; then chown " + uid + " \"$d\" \"$d/f\"; else setfacl -m u:" + uid + ":x \"$d\" && setfacl -m u:"
                + uid + ":r \"$d/f\"; fi || { rm -rf \"$d\"; echo \"can't let uid " + uid + " read the copy (not root and no setfacl)\" >&2; exit 1; };"
                + " pb_sha " + q + " && echo \"$d\"");
        if (!r.ok()) throw new ModuleException("can't " + what + " as the become user: " + firstLine(r.stderr()) + " (rc " + r.rc() + ")");
        String[] out = r.stdout().strip().split("\\s+");
        if (out.length < 2) throw new ModuleException("can't " + what + ": unexpected answer from the host: " + r.stdout().strip());
        String expected = out[out.length - 2];
        String tmpDir = out[out.length - 1];
        try {
            conn.get(tmpDir + "/f", local, progress);
            String got = sha256(local);
            if (!got.equals(expected)) {
                throw new ModuleException("can't " + what + ": checksum mismatch (sha256 " + expected + " on the host, " + got + " received)");
            }
        } catch (IOException e) {
            throw new ModuleException("can't " + what + ": " + e.getMessage(), e);
        } finally {
            try {
                asUser.run("rm -rf " + Shell.quote(tmpDir));
            } catch (RuntimeException ignored) {
                // the host may be gone; the directory is private
            }
        }
    }

    /**
     * The command that lets the become user (whose {@code id -u} answer is {@code who}) read the
     * staged file: nothing for root; an ACL on the dir (x) and the file (r) for another user; only
     * where the host has no ACLs, the old way: dir searchable (0711) and file readable (0644),
     * so that a user who knows the random dir name could read the copy while it exists.
     */
    static String readableBy(ExecResult who, String dir, String file) {
        String uid = who.ok() ? who.stdout().strip() : "";
        String d = Shell.quote(dir);
        String f = Shell.quote(file);
        String open = "chmod 711 " + d + " && chmod 644 " + f;
        if (uid.equals("0")) return "true";
        if (!uid.matches("\\d+")) return open;
        return "{ setfacl -m u:" + uid + ":x " + d + " && setfacl -m u:" + uid + ":r " + f + "; } 2>/dev/null || { " + open + "; }";
    }

    static String sha256(Path file) throws IOException {
        return KeeperCrypto.hex(file, "SHA-256")[0];
    }

    private static String firstLine(String s) {
        return s == null || s.isBlank() ? "no error text" : s.strip().lines().findFirst().orElse("");
    }
}
