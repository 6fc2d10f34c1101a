package playbook.engine.connection;

import playbook.engine.ConnectionException;
import playbook.engine.api.ExecResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Runs a {@link RemoteProcess} to completion: drains both outputs while stdin is written. */
final class ProcessIO {
    /** Dedicated daemon threads: the common pool may have a single thread on small machines. */
    static final ExecutorService DRAIN = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "exec-drain");
        t.setDaemon(true);
        return t;
    });

    private ProcessIO() {}

    static ExecResult collect(RemoteProcess p, byte[] stdin, String host) {
        CompletableFuture<byte[]> out = drain(p.stdout());
        CompletableFuture<byte[]> err = drain(p.stderr());
        writeAndClose(p.stdin(), stdin);
        byte[] o;
        byte[] e;
        try {
            o = out.join();
            e = err.join();
        } catch (CompletionException ex) {
            Throwable c = ex.getCause() == null ? ex : ex.getCause();
            throw new ConnectionException("lost the connection to " + host + " while a command ran: " + c.getMessage(), c);
        }
        int rc = p.waitFor();
        return new ExecResult(rc, new String(o, StandardCharsets.UTF_8), new String(e, StandardCharsets.UTF_8));
    }

    static void writeAndClose(OutputStream in, byte[] data) {
        try (in) {
            if (data != null && data.length > 0) {
                in.write(data);
                in.flush();
            }
        } catch (IOException ignored) {
            // the command closed its stdin early; its exit status tells the story
        }
    }

    static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                return b.toByteArray();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, DRAIN);
    }
}
