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
        return collect(p, stdin, host, null);
    }

    /** {@code lines}: also hands every output line to it as it arrives; null for none. The result is the same either way. */
    static ExecResult collect(RemoteProcess p, byte[] stdin, String host, LineListener lines) {
        CompletableFuture<byte[]> out = drain(p.stdout(), lines, false);
        CompletableFuture<byte[]> err = drain(p.stderr(), lines, true);
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
        return drain(in, null, false);
    }

    /** Reads {@code in} to EOF; with {@code lines}, reads as the bytes come and passes on each complete line at once. */
    static CompletableFuture<byte[]> drain(InputStream in, LineListener lines, boolean stderr) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                if (lines == null) {
                    in.transferTo(b);
                    return b.toByteArray();
                }
                LineSplitter split = new LineSplitter(lines, stderr);
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    b.write(buf, 0, n);
                    split.feed(buf, n);
                }
                split.finish();
                return b.toByteArray();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, DRAIN);
    }

    /** Cuts a byte stream into UTF-8 lines (a line end is LF, a CR before it is dropped). A listener's failure is ignored. */
    static final class LineSplitter {
        private final LineListener lines;
        private final boolean stderr;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        LineSplitter(LineListener lines, boolean stderr) {
            this.lines = lines;
            this.stderr = stderr;
        }

        void feed(byte[] buf, int n) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] != '\n') continue;
                pending.write(buf, start, i - start);
                emit();
                start = i + 1;
            }
            pending.write(buf, start, n - start);
        }

        void finish() {
            if (pending.size() > 0) emit();
        }

        private void emit() {
            String text = pending.toString(StandardCharsets.UTF_8);
            pending.reset();
            if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
            try {
                lines.line(text, stderr);
            } catch (RuntimeException ignored) {
                // showing a line must never cost the command its output
            }
        }
    }
}
