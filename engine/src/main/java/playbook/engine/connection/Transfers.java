package playbook.engine.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** Streaming copy with sha256 and throttled progress events; temp names for atomic renames. */
final class Transfers {
    static final int BUFFER = 64 * 1024;

    private Transfers() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest());
    }

    private static final java.util.concurrent.ScheduledExecutorService WATCH =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "transfer-watch");
                t.setDaemon(true);
                return t;
            });

    /**
     * {@link #copy} into an ssh channel, watched: when {@code alive} turns false, or no write has
     * completed for {@code stallMillis}, {@code abort} runs (it closes the connection's socket)
     * and the writer is interrupted. A write to a dead link otherwise waits for ever: the socket's
     * send buffer fills and a blocking socket write has no time limit (nor does sshj's wait for
     * window space), and the keepalive cannot even send its probe behind the blocked writer.
     */
    static long copyWatched(InputStream in, OutputStream out, MessageDigest digest, Meter meter,
                            java.util.function.BooleanSupplier alive, long stallMillis, Runnable abort) throws IOException {
        Thread writer = Thread.currentThread();
        java.util.concurrent.atomic.AtomicLong lastWrite = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
        OutputStream counted = new java.io.FilterOutputStream(out) {
            @Override public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                lastWrite.set(System.nanoTime());
            }
        };
        java.util.concurrent.atomic.AtomicReference<String> why = new java.util.concurrent.atomic.AtomicReference<>();
        var watch = WATCH.scheduleWithFixedDelay(() -> {
            try {
                boolean stalled = System.nanoTime() - lastWrite.get() > stallMillis * 1_000_000L;
                boolean gone = !alive.getAsBoolean();
                if ((stalled || gone) && fired.compareAndSet(false, true)) {
                    why.set(gone ? "the connection is gone" : "no data could be sent for " + stallMillis / 1000 + " s");
                    writer.interrupt();
                    // closing a socket waits for its blocked reader and writer: never on the watch's own thread
                    Thread closer = new Thread(abort, "transfer-abort");
                    closer.setDaemon(true);
                    closer.start();
                }
            } catch (RuntimeException e) {
                // a watch that fails must not stop watching the next transfer
            }
        }, 250, 250, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            long n = copy(in, counted, digest, meter);
            counted.flush(); // sshj's close() does not wait for window space: without this the tail can be lost
            return n;
        } catch (IOException | RuntimeException e) {
            if (fired.get()) throw new LinkLost(why.get(), e);
            if (String.valueOf(e.getMessage()).contains("expand the window size")) {
                // sshj's own limit on waiting for window space: the host took nothing for that long
                abort.run();
                throw new LinkLost("the host accepted no data for the connection's timeout", e);
            }
            throw e;
        } finally {
            watch.cancel(false);
            if (fired.get()) Thread.interrupted(); // our interrupt, not the caller's: clear it
        }
    }

    /** A transfer that ended because the link died or stalled; the connection has been closed. */
    static final class LinkLost extends IOException {
        LinkLost(String why, Throwable cause) {
            super(why, cause);
        }
    }

    /** Copies in to out, feeding the digest and the meter; returns the byte count. Closes neither stream. */
    static long copy(InputStream in, OutputStream out, MessageDigest digest, Meter meter) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (n == 0) continue;
            out.write(buf, 0, n);
            if (digest != null) digest.update(buf, 0, n);
            total += n;
            meter.advance(total);
        }
        return total;
    }

    /** A sibling temp name in the same directory, so the final rename is atomic. */
    static String tempSibling(String path) {
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash + 1);
        String name = slash < 0 ? path : path.substring(slash + 1);
        return dir + "." + name + ".pb-" + UUID.randomUUID().toString().substring(0, 8) + ".tmp";
    }

    static Path tempSibling(Path p) {
        Path abs = p.toAbsolutePath();
        return abs.resolveSibling(tempSibling(abs.getFileName().toString()));
    }

    /**
     * Opens a new controller temp file that only its owner can read or write (0600, whatever the
     * umask), so that a fetched secret is never readable by others while it is in transit; the
     * caller sets the final mode before renaming it into place.
     */
    static OutputStream newPrivateFile(Path tmp) throws IOException {
        java.nio.file.Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        return java.nio.file.Files.newOutputStream(tmp);
    }

    /** Emits progress at most every 200 ms, plus a final event. */
    static final class Meter {
        private final TransferListener listener;
        private final String host;
        private final String path;
        private final boolean upload;
        private final long total;
        private final long start = System.nanoTime();
        private long lastEmit;

        Meter(TransferListener listener, String host, String path, boolean upload, long total) {
            this.listener = listener;
            this.host = host;
            this.path = path;
            this.upload = upload;
            this.total = total;
        }

        void advance(long bytes) {
            long now = System.nanoTime();
            if (now - lastEmit < 200_000_000L) return;
            lastEmit = now;
            emit(bytes, false);
        }

        void done(long bytes) {
            emit(bytes, true);
        }

        private void emit(long bytes, boolean done) {
            double secs = Math.max(1e-6, (System.nanoTime() - start) / 1e9);
            listener.progress(new TransferListener.Event(host, path, upload, bytes, total, bytes / secs, done));
        }
    }
}
