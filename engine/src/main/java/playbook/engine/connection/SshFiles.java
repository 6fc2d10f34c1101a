package playbook.engine.connection;

import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;
import playbook.engine.ConnectionException;
import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Set;

/**
 * put/get for an {@link SshConnection}: put streams over an exec channel into {@code cat}; get
 * reads over sftp, or with {@code cat} when the server has no sftp subsystem. Every transfer lands in a temp file beside
 * its destination, is checked with sha256 against what was sent, gets its mode (and, when it
 * replaces a file, the old file's mode and owner), and is then renamed into place.
 */
final class SshFiles {
    private static final int UNCONFIRMED = 16;
    /**
     * Prints the sha256 of "$1", with whichever tool the host has: openssl first (it uses the
     * CPU's SHA instructions, about 5 times faster than coreutils' sha256sum here), then GNU or
     * BusyBox sha256sum, then macOS's shasum.
     */
    static final String SHA = "pb_sha() { if command -v openssl >/dev/null 2>&1 && openssl dgst -sha256 -r /dev/null >/dev/null 2>&1;"
            + " then openssl dgst -sha256 -r \"$1\"; elif command -v sha256sum >/dev/null 2>&1; then sha256sum \"$1\";"
            + " else shasum -a 256 \"$1\"; fi | cut -d' ' -f1; }; ";
    static final String MODE = "pb_mode() { stat -c %a \"$1\" 2>/dev/null || stat -f %Lp \"$1\"; }; ";

    private static final java.util.regex.Pattern HEX64 = java.util.regex.Pattern.compile("\\b([0-9a-f]{64})\\b");

    private final SshConnection conn;
    private final String host;

    SshFiles(SshConnection conn, String host) {
        this.conn = conn;
        this.host = host;
    }

    void put(Path local, String remote, TransferListener progress) {
        String what = "copy " + local + " to " + host + ":" + remote;
        if (!Files.isReadable(local)) throw new ModuleException("can't " + what + ": the local file is missing or unreadable");
        String tmp = Transfers.tempSibling(remote);
        try {
            long size = Files.size(local);
            Transfers.Meter meter = new Transfers.Meter(progress, host, remote, true, size);
            MessageDigest md = Transfers.sha256();
            Received got = stream(local, tmp, remote, md, meter, what);
            String sum = Transfers.hex(md);
            if (got.bytes() != got.sent() || !sum.equals(got.sha256())) {
                String cause = got.stderr().isBlank()
                        ? "checksum mismatch: sha256 " + got.sha256() + " on the host (" + got.bytes() + " bytes), " + sum + " sent (" + got.sent() + " bytes)"
                        : firstLine(got.stderr(), "") + " (" + got.bytes() + " of " + got.sent() + " bytes written)";
                throw noSpace(remote, local, null).orElse(new ModuleException("can't " + what + ": " + cause));
            }
            String mode = octal(Files.getPosixFilePermissions(local));
            ExecResult r = conn.exec(install(tmp, remote, mode), null);
            if (r.rc() != 0) throw new ModuleException("can't " + what + ": " + firstLine(r.stderr(), "the final rename failed (rc " + r.rc() + ")"));
            meter.done(got.sent());
        } catch (IOException e) {
            if (!(e instanceof Transfers.LinkLost)) cleanup(tmp); // a lost link: the host-side script removes the short file
            RuntimeException f = failure(what, e);
            if (f instanceof ModuleException m) throw noSpace(remote, local, e).orElse(m);
            throw f;
        } catch (ModuleException | ConnectionException e) {
            if (e instanceof ModuleException) cleanup(tmp);
            throw e;
        }
    }

    /** What the host received: the sha256 and size of the temp file as written, and what the host said on stderr. */
    record Received(long sent, String sha256, long bytes, String stderr) {}

    /**
     * Streams {@code local} into {@code tmp} with {@code cat} over one exec channel, which then
     * prints the sha256 and size of the file as written: one exec for transfer and check, no sftp
     * subsystem to start. The file is created mode 0600. (Hashing on the fly with {@code tee |
     * openssl} was slower on a busy 2-core machine: one more process and pipe per byte.)
     */
    private Received stream(Path local, String tmp, String remote, MessageDigest md, Transfers.Meter meter, String what) throws IOException {
        long kib = (Files.size(local) + 1023) / 1024;
        try (RemoteProcess p = conn.start(SHA + "t=" + Shell.quote(tmp) + "; umask 077 && : > \"$t\" || exit 4;"
                + " f=$(df -Pk \"$(dirname \"$t\")\" 2>/dev/null | awk 'NR == 2 { print $4 }');"
                + " if [ -n \"$f\" ] && [ \"$f\" -lt " + kib + " ] 2>/dev/null; then rm -f \"$t\"; echo \"nospace $f\"; exit 5; fi; echo ready;"
                + " trap 'rm -f \"$t\"; exit 9' HUP INT TERM PIPE; cat > \"$t\" || { rm -f \"$t\"; exit 4; };"
                + " n=$(wc -c < \"$t\" | tr -d ' '); if [ \"$n\" -ne " + Files.size(local) + " ]; then rm -f \"$t\";"
                + " echo \"incomplete upload: $n of " + Files.size(local) + " bytes arrived\" >&2; exit 5; fi; trap - HUP INT TERM PIPE;"
                + " pb_sha \"$t\" && echo \"$n\"")) {
            var err = ProcessIO.drain(p.stderr());
            // the temp file must exist, and fit, before any data is sent: a missing directory, a
            // read-only or a full file system fails here, at once, instead of after the whole file
            // went to a dead shell
            String first = readLine(p.stdout());
            if (first.startsWith("nospace ")) {
                p.waitFor();
                throw noSpaceError(remote, local, kib, Long.parseLong(first.substring(8).strip()), null);
            }
            if (!first.equals("ready")) {
                int rc = p.waitFor();
                throw new ModuleException("can't " + what + ": " + firstLine(new String(err.join(), java.nio.charset.StandardCharsets.UTF_8),
                        "can't create " + tmp + " (rc " + rc + ")"));
            }
            var out = ProcessIO.drain(p.stdout());
            long n;
            try (OutputStream o = p.stdin(); InputStream in = Files.newInputStream(local)) {
                n = Transfers.copyWatched(in, o, md, meter, conn::alive, conn.stallLimitMillis(), conn::abort);
            }
            String stdout = new String(out.join(), java.nio.charset.StandardCharsets.UTF_8);
            String stderr = new String(err.join(), java.nio.charset.StandardCharsets.UTF_8);
            int rc = p.waitFor();
            String text = stdout.strip();
            int nl = text.lastIndexOf('\n');
            java.util.regex.Matcher m = HEX64.matcher(nl < 0 ? "" : text.substring(0, nl));
            String last = text.substring(nl + 1).strip();
            if (!m.find() || !last.matches("\\d+")) {
                return new Received(n, "(none)", -1, stderr.isBlank() ? "the host printed no sha256 (rc " + rc + "): " + firstLine(stdout, "") : stderr);
            }
            return new Received(n, m.group(1), Long.parseLong(last), stderr);
        }
    }

    private ModuleException noSpaceError(String remote, Path local, long neededKiB, long freeKiB, IOException cause) {
        int slash = remote.lastIndexOf('/');
        String dir = slash > 0 ? remote.substring(0, slash) : slash == 0 ? "/" : ".";
        return new ModuleException("no space left on " + host + ":" + dir + ": can't copy " + local + " ("
                + neededKiB + " KiB) there, " + freeKiB + " KiB free; nothing was changed at " + remote, cause);
    }

    /** One line from {@code in}, without its newline; what came before EOF when there is no newline. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            if (sb.length() < 200) sb.append((char) c);
        }
        return sb.toString();
    }

    /**
     * A disk that fills during an upload (after the free-space check before it) shows only as a
     * short or failed write: the free space of the destination's file system is then asked for,
     * and when the file can't fit the error says so. Empty when it would fit, or the host can't tell.
     */
    private java.util.Optional<ModuleException> noSpace(String remote, Path local, IOException cause) {
        try {
            long size = Files.size(local);
            int slash = remote.lastIndexOf('/');
            String dir = slash > 0 ? remote.substring(0, slash) : slash == 0 ? "/" : ".";
            ExecResult r = conn.exec("df -Pk " + Shell.quote(dir) + " | awk 'NR == 2 { print $4 }'", null);
            long freeKiB = Long.parseLong(r.stdout().strip());
            long neededKiB = (size + 1023) / 1024;
            if (r.rc() != 0 || freeKiB >= neededKiB) return java.util.Optional.empty();
            return java.util.Optional.of(noSpaceError(remote, local, neededKiB, freeKiB, cause));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The shell script that finishes an upload on the host: the temp file's sha256 must be
     * {@code sum}; when it replaces a file it takes that file's mode, owner and group (owner and
     * group are required when the script runs as root, who can always set them; another user can
     * only keep its own), else {@code mode}; then it is renamed over the destination. Exit 3 is a
     * checksum mismatch, 4 a failed chmod, chown or rename; the temp file is removed on failure.
     */
    static String place(String tmp, String dest, String sum, long sent, String mode) {
        return SHA + "t=" + Shell.quote(tmp) + "; s=$(pb_sha \"$t\") || { rm -f \"$t\"; exit 3; };"
                + " if [ \"$s\" != " + sum + " ]; then echo \"checksum mismatch: sha256 $s on the host ($(wc -c < \"$t\") bytes, " + sent
                + " sent)\" >&2; rm -f \"$t\"; exit 3; fi; " + install(tmp, dest, mode);
    }

    /**
     * The second half of {@link #place}, for a temp file whose content is already verified: when
     * it replaces a file it takes that file's mode, owner and group, else {@code mode}; then it
     * is renamed over the destination. Exit 4 on failure, and the temp file is removed.
     */
    static String install(String tmp, String dest, String mode) {
        return MODE + "t=" + Shell.quote(tmp) + "; d=" + Shell.quote(dest) + ";"
                + " if [ -f \"$d\" ]; then chmod \"$(pb_mode \"$d\")\" \"$t\" && o=$(stat -c %u:%g \"$d\" 2>/dev/null || stat -f %u:%g \"$d\")"
                + " && if [ \"$(id -u)\" = 0 ]; then chown \"$o\" \"$t\" || { echo \"can't give the new file the owner $o of the old one\" >&2; false; };"
                + " else chown \"$o\" \"$t\" 2>/dev/null || true; fi; else chmod " + mode + " \"$t\"; fi"
                + " && mv -f \"$t\" \"$d\" || { rm -f \"$t\"; exit 4; }";
    }

    void get(String remote, Path local, TransferListener progress) {
        String what = "fetch " + host + ":" + remote + " to " + local;
        String q = Shell.quote(remote);
        ExecResult info = conn.exec(SHA + MODE + "[ -f " + q + " ] || { if [ -x \"$(dirname " + q + ")\" ]; then echo 'no such file' >&2;"
                + " else echo 'no such file, or permission denied on its directory (become may be needed)' >&2; fi; exit 2; };"
                + " [ -r " + q + " ] || { echo 'permission denied' >&2; exit 2; }; pb_sha " + q + " && pb_mode " + q
                + " && { wc -c < " + q + "; }", null);
        if (info.rc() != 0) throw new ModuleException("can't " + what + ": " + firstLine(info.stderr(), "rc " + info.rc()));
        String[] lines = info.stdout().trim().split("\\s+");
        String expected = lines[0];
        String mode = lines.length > 1 ? lines[1] : "644";
        long size = lines.length > 2 ? Long.parseLong(lines[2]) : -1;
        Path tmp = Transfers.tempSibling(local);
        try {
            Transfers.Meter meter = new Transfers.Meter(progress, host, remote, false, size);
            MessageDigest md = Transfers.sha256();
            long n;
            SFTPClient sftp = conn.openSftp();
            if (sftp != null) {
                try (RemoteFile rf = sftp.open(remote, EnumSet.of(OpenMode.READ));
                     InputStream in = rf.new ReadAheadRemoteFileInputStream(UNCONFIRMED);
                     OutputStream out = Transfers.newPrivateFile(tmp)) {
                    n = Transfers.copy(in, out, md, meter);
                } finally {
                    conn.closeSftp(sftp);
                }
            } else {
                try (RemoteProcess p = conn.start("cat " + q); OutputStream out = Transfers.newPrivateFile(tmp)) {
                    var err = ProcessIO.drain(p.stderr());
                    p.stdin().close();
                    try (InputStream in = p.stdout()) {
                        n = Transfers.copy(in, out, md, meter);
                    }
                    int rc = p.waitFor();
                    if (rc != 0) throw new ModuleException("can't " + what + ": " + firstLine(new String(err.join()), "cat failed with rc " + rc));
                }
            }
            String got = Transfers.hex(md);
            if (!got.equals(expected)) {
                throw new ModuleException("can't " + what + ": checksum mismatch (sha256 " + expected + " on the host, " + got + " received)");
            }
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(rwx(Integer.parseInt(mode, 8))));
            } catch (NumberFormatException ignored) {
                // keep the default mode
            }
            Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            meter.done(n);
        } catch (IOException e) {
            throw failure(what, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    private RuntimeException failure(String what, IOException e) {
        if (e instanceof Transfers.LinkLost) {
            return new ConnectionException("lost the connection to " + host + ": " + e.getMessage() + " (can't " + what + ")", e);
        }
        ConnectionException lost = conn.lost("can't " + what, e);
        if (lost.getMessage().startsWith("lost the connection")) return new ConnectionException(lost.getMessage() + " (can't " + what + ")", e);
        return new ModuleException("can't " + what + ": " + e.getMessage(), e);
    }

    private void cleanup(String tmp) {
        try {
            conn.exec("rm -f " + Shell.quote(tmp), null);
        } catch (RuntimeException ignored) {
            // the host may be gone
        }
    }

    private static String firstLine(String s, String dflt) {
        if (s == null || s.isBlank()) return dflt;
        return s.strip().lines().findFirst().orElse(dflt);
    }

    static String octal(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) m |= 1 << (8 - p.ordinal());
        return Integer.toOctalString(m);
    }

    private static String rwx(int mode) {
        StringBuilder sb = new StringBuilder();
        String chars = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) sb.append((mode & (1 << (8 - i))) != 0 ? chars.charAt(i) : '-');
        return sb.toString();
    }
}
