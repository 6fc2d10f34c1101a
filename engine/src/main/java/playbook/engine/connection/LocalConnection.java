package playbook.engine.connection;

import playbook.engine.ConnectionException;
import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** {@code connection: local}: commands run as local {@code /bin/sh -c} processes. */
public final class LocalConnection implements Connection {
    private final String host;
    private final String becomePassword;
    private final int becomeTimeoutSeconds;

    public LocalConnection(String host) {
        this(host, null, 10);
    }

    public LocalConnection(String host, String becomePassword, int becomeTimeoutSeconds) {
        this.host = host;
        this.becomePassword = becomePassword;
        this.becomeTimeoutSeconds = becomeTimeoutSeconds;
    }

    @Override
    public String loginUser() { return System.getProperty("user.name"); }

    @Override
    public ExecResult exec(String command, byte[] stdin) {
        return ProcessIO.collect(start(command), stdin, host);
    }

    @Override
    public ExecResult exec(String command, byte[] stdin, LineListener lines) {
        return ProcessIO.collect(start(command), stdin, host, lines);
    }

    @Override
    public RemoteProcess start(String command) {
        Process p;
        try {
            p = new ProcessBuilder("/bin/sh", "-c", command).start();
        } catch (IOException e) {
            throw new ConnectionException("can't run a local command for " + host + ": " + e.getMessage(), e);
        }
        return new RemoteProcess() {
            @Override public OutputStream stdin() { return p.getOutputStream(); }
            @Override public InputStream stdout() { return p.getInputStream(); }
            @Override public InputStream stderr() { return p.getErrorStream(); }

            @Override
            public int waitFor() {
                try {
                    return p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroy();
                    throw new ConnectionException("interrupted while running a command on " + host, e);
                }
            }

            @Override public boolean hasEnded() { return !p.isAlive(); }

            @Override
            public void close() {
                if (!p.isAlive()) return;
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                try {
                    if (!p.waitFor(2, TimeUnit.SECONDS)) p.destroyForcibly();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Override
    public void put(Path local, String remotePath, TransferListener progress) {
        copy(local, Path.of(remotePath), true, remotePath, progress);
    }

    @Override
    public void get(String remotePath, Path local, TransferListener progress) {
        copy(Path.of(remotePath), local, false, remotePath, progress);
    }

    /** Streams src to a temp sibling of dst, checks sha256 of what landed, keeps the mode, renames. */
    private void copy(Path src, Path dst, boolean upload, String remotePath, TransferListener progress) {
        Path tmp = Transfers.tempSibling(dst);
        String what = upload ? "copy " + src + " to " + host + ":" + dst : "fetch " + host + ":" + src + " to " + dst;
        try {
            long size = Files.size(src);
            // what was read is digested as it streams, unless a C1-only run leaves a large file's digests to the keeper
            MessageDigest sent = KeeperCrypto.byKeeper(KeeperCrypto.quickJit(), size) ? null : Transfers.sha256();
            Transfers.Meter meter = new Transfers.Meter(progress, host, remotePath, upload, size);
            long n;
            try (InputStream in = Files.newInputStream(src); OutputStream out = Transfers.newPrivateFile(tmp)) {
                n = Transfers.copy(in, out, sent, meter);
            }
            String a = sent != null ? Transfers.hex(sent) : KeeperCrypto.hex(src, "SHA-256")[0];
            String b = KeeperCrypto.hex(tmp, "SHA-256")[0];
            if (!a.equals(b)) throw new ModuleException("can't " + what + ": checksum mismatch after transfer (sha256 " + a + " sent, " + b + " written)");
            Set<PosixFilePermission> mode = Files.exists(dst) ? Files.getPosixFilePermissions(dst) : Files.getPosixFilePermissions(src);
            Files.setPosixFilePermissions(tmp, mode);
            if (upload && Files.isRegularFile(dst)) keepOwner(dst, tmp, what);
            Files.move(tmp, dst, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            meter.done(n);
        } catch (NoSuchFileException e) {
            throw new ModuleException("can't " + what + ": no such file or directory: " + e.getFile(), e);
        } catch (AccessDeniedException e) {
            throw new ModuleException("can't " + what + ": permission denied: " + e.getFile(), e);
        } catch (IOException e) {
            throw new ModuleException("can't " + what + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    /** The replacement gets the old file's owner and group: required as root, best effort for anyone else. */
    private static void keepOwner(Path old, Path tmp, String what) throws IOException {
        Object uid = Files.getAttribute(old, "unix:uid");
        Object gid = Files.getAttribute(old, "unix:gid");
        try {
            if (!uid.equals(Files.getAttribute(tmp, "unix:uid"))) Files.setAttribute(tmp, "unix:uid", uid);
            if (!gid.equals(Files.getAttribute(tmp, "unix:gid"))) Files.setAttribute(tmp, "unix:gid", gid);
        } catch (IOException e) {
            if ("root".equals(System.getProperty("user.name"))) {
                throw new ModuleException("can't " + what + ": can't give the new file the owner " + uid + ":" + gid + " of the old one: "
                        + e.getMessage(), e);
            }
        }
    }

    @Override public String becomePassword() { return becomePassword; }

    @Override public int becomeTimeoutSeconds() { return becomeTimeoutSeconds; }

    @Override
    public void close() {}
}
