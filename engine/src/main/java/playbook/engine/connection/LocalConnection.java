package playbook.engine.connection;

import playbook.engine.ConnectionException;
import playbook.engine.api.ExecResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;

/** {@code connection: local}: commands run as local {@code /bin/sh -c} processes. */
public final class LocalConnection implements Connection {
    /** Stream drainers; dedicated threads, because the common pool has one thread on 2 cores. */
    private static final java.util.concurrent.ExecutorService DRAIN = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-exec-drain");
        t.setDaemon(true);
        return t;
    });

    private final String host;

    public LocalConnection(String host) {
        this.host = host;
    }

    @Override
    public ExecResult exec(String command, byte[] stdin) {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command);
        try {
            Process p = pb.start();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin);
            } catch (IOException ignored) {
                // the command closed its stdin early; its exit code tells the story
            }
            int rc = p.waitFor();
            return new ExecResult(rc, new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConnectionException("can't run a local command for " + host + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while running a command on " + host, e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                return b.toByteArray();
            } catch (IOException e) {
                return new byte[0];
            }
        }, DRAIN);
    }

    @Override
    public void put(Path local, String remotePath) {
        try {
            Files.copy(local, Path.of(remotePath), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new playbook.engine.ModuleException("can't copy " + local + " to " + host + ":" + remotePath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void get(String remotePath, Path local) {
        try {
            Files.copy(Path.of(remotePath), local, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new playbook.engine.ModuleException("can't fetch " + host + ":" + remotePath + " to " + local + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {}
}
