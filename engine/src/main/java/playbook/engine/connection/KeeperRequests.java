package playbook.engine.connection;

import playbook.engine.ConnectionException;
import playbook.engine.ModuleException;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The keeper's side of one run's request ({@link KeeperProtocol}): open a connection, run a
 * command with its streams and exit status, or move a file with its progress, on the
 * connections {@link Keeper} holds. A run that goes away never leaves its operation running: a
 * command is killed, a transfer's connection is closed (the host removes the partial upload).
 */
final class KeeperRequests {
    private final Keeper keeper;

    KeeperRequests(Keeper keeper) {
        this.keeper = keeper;
    }

    void serve(SocketChannel ch) {
        boolean counted = false;
        try (ch) {
            InputStream in = KeeperClient.in(ch);
            OutputStream out = new BufferedOutputStream(KeeperClient.out(ch), 64 * 1024);
            KeeperProtocol.Frame f = KeeperProtocol.read(in);
            if (f == null || f.type() != KeeperProtocol.REQUEST) return;
            keeper.requestStarted();
            counted = true;
            DataInputStream d = new DataInputStream(new ByteArrayInputStream(f.data()));
            if (d.readInt() != KeeperProtocol.VERSION) return;
            String op = d.readUTF();
            if (op.equals(KeeperProtocol.DIGEST)) {
                digest(d, out);
                return;
            }
            if (op.equals(KeeperProtocol.PBKDF2)) {
                pbkdf2(d, out);
                return;
            }
            KeeperProtocol.Target t = KeeperProtocol.readSettings(d);
            switch (op) {
                case KeeperProtocol.OPEN -> open(t, out);
                case KeeperProtocol.WARM -> {
                    KeeperProtocol.frame(out, KeeperProtocol.DONE);
                    open(t, OutputStream.nullOutputStream());
                }
                case KeeperProtocol.EXEC -> exec(t, d.readUTF(), d.readUTF(), in, out);
                case KeeperProtocol.PUT -> transfer(t, true, d.readUTF(), d.readUTF(), in, out);
                case KeeperProtocol.GET -> transfer(t, false, d.readUTF(), d.readUTF(), in, out);
                case KeeperProtocol.DROP -> {
                    keeper.drop(t.key());
                    KeeperProtocol.frame(out, KeeperProtocol.DONE);
                }
                default -> KeeperProtocol.frame(out, KeeperProtocol.FAILED, KeeperProtocol.failure(KeeperProtocol.OTHER, "unknown operation " + op));
            }
        } catch (IOException | RuntimeException e) {
            // the run went away, or sent something we can't read: nothing to answer
        } finally {
            if (counted) keeper.requestEnded();
            else keeper.touched();
        }
    }

    void open(KeeperProtocol.Target t, OutputStream out) throws IOException {
        Keeper.Held h = keeper.held(t);
        h.active.incrementAndGet();
        try {
            h.conn.client();
            KeeperProtocol.frame(out, KeeperProtocol.DONE);
        } catch (RuntimeException e) {
            keeper.forget(t.key(), h);
            fail(out, e);
        } finally {
            h.lastUsed = System.nanoTime();
            h.active.decrementAndGet();
        }
    }

    private void exec(KeeperProtocol.Target t, String mode, String command, InputStream in, OutputStream out) throws IOException {
        Keeper.Held h = keeper.held(t);
        h.active.incrementAndGet();
        RemoteProcess p;
        try {
            p = switch (mode) {
                case "terminal" -> h.conn.startOnTerminal(command);
                case "killable" -> h.conn.startKillable(command);
                default -> h.conn.start(command);
            };
        } catch (RuntimeException e) {
            h.lastUsed = System.nanoTime();
            h.active.decrementAndGet();
            fail(out, e);
            return;
        }
        AtomicBoolean finished = new AtomicBoolean();
        Thread o = pump(p.stdout(), KeeperProtocol.STDOUT, out, p::hasEnded);
        Thread r = pump(p.stderr(), KeeperProtocol.STDERR, out, p::hasEnded);
        Thread done = new Thread(() -> {
            try {
                o.join();
                r.join();
                int rc = p.waitFor();
                finished.set(true);
                synchronized (out) {
                    KeeperProtocol.frame(out, KeeperProtocol.EXIT, KeeperProtocol.intBytes(rc));
                }
            } catch (RuntimeException e) {
                finished.set(true);
                try {
                    fail(out, e);
                } catch (IOException ignored) {
                    // the run is gone
                }
            } catch (IOException | InterruptedException ignored) {
                // the run is gone: the reader below kills the command
            }
        }, "keeper-exit");
        done.setDaemon(true);
        done.start();
        try {
            OutputStream stdin = p.stdin();
            while (true) {
                KeeperProtocol.Frame f = KeeperProtocol.read(in);
                if (f == null) break;
                switch (f.type()) {
                    case KeeperProtocol.STDIN -> {
                        try {
                            stdin.write(f.data());
                            stdin.flush();
                        } catch (IOException e) {
                            // the command stopped reading; its exit status tells the rest
                        }
                    }
                    case KeeperProtocol.STDIN_EOF -> {
                        try {
                            stdin.close();
                        } catch (IOException ignored) {
                            // already closed
                        }
                    }
                    case KeeperProtocol.KILL -> p.kill();
                    default -> { }
                }
            }
        } catch (IOException e) {
            // the run is gone
        } finally {
            // the run closed its end: after the exit status that is the normal end; before it, the run is gone
            if (!finished.get()) p.kill();
            p.close();
            try {
                done.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            h.lastUsed = System.nanoTime();
            h.active.decrementAndGet();
        }
    }

    /**
     * Copies a command's output into frames of one type on the run's socket until its end, on a
     * thread of its own. A command that writes many small lines (rsync's itemized list: one write
     * per file) would cost the run a frame, a wake-up and a read per line, on the CPU that the
     * command itself needs. So once a stream has shown itself chatty ({@link #CHATTY} small reads
     * in a row, each within {@link #BURST_NANOS} of the last frame), the pump waits
     * {@link #LINGER_MILLIS} before each frame and sends what has come by then in one. A short
     * output (a module's few lines), and bulk output (full reads), go at once; and the wait ends
     * as soon as the command has ended, so its last lines and exit status are not held back.
     */
    static final class Pump extends Thread {
        static final int SMALL_READ = 4096;
        static final long BURST_NANOS = 10_000_000;
        static final int CHATTY = 8;
        static final long LINGER_MILLIS = 10;

        private final InputStream from;
        private final byte type;
        private final OutputStream out;
        private final BooleanSupplier ended;
        /** How many frames waited: for tests. */
        volatile int lingered;

        Pump(InputStream from, byte type, OutputStream out, BooleanSupplier ended) {
            super("keeper-pump");
            this.from = from;
            this.type = type;
            this.out = out;
            this.ended = ended;
            setDaemon(true);
        }

        @Override
        public void run() {
            byte[] buf = new byte[32 * 1024];
            long last = 0;
            int burst = 0;
            boolean patient = true;
            try {
                int n;
                while ((n = from.read(buf)) > 0) {
                    burst = n < SMALL_READ && System.nanoTime() - last < BURST_NANOS ? burst + 1 : 0;
                    if (burst >= CHATTY && patient && !ended.getAsBoolean()) {
                        lingered++;
                        try {
                            for (long i = 0; i < LINGER_MILLIS && !ended.getAsBoolean(); i++) Thread.sleep(1);
                        } catch (InterruptedException e) {
                            patient = false; // keeps pumping, without the wait from now on
                        }
                    }
                    boolean end = false;
                    while (n < buf.length && from.available() > 0) {
                        int m = from.read(buf, n, buf.length - n);
                        if (m <= 0) {
                            end = m < 0;
                            break;
                        }
                        n += m;
                    }
                    synchronized (out) {
                        KeeperProtocol.frame(out, type, buf, 0, n);
                    }
                    last = System.nanoTime();
                    if (end) break;
                }
            } catch (IOException ignored) {
                // the channel or the run is gone; the exit status (or its absence) tells the rest
            }
        }
    }

    static Pump pump(InputStream from, byte type, OutputStream out, BooleanSupplier ended) {
        Pump p = new Pump(from, type, out, ended);
        p.start();
        return p;
    }

    private void transfer(KeeperProtocol.Target t, boolean upload, String a, String b, InputStream in, OutputStream out) throws IOException {
        Keeper.Held h = keeper.held(t);
        h.active.incrementAndGet();
        AtomicBoolean over = new AtomicBoolean();
        // the run going away mid-transfer closes the connection: the host drops the partial file, as on a broken link
        Thread watch = new Thread(() -> {
            try {
                while (KeeperProtocol.read(in) != null) {
                    // the run sends nothing during a transfer
                }
            } catch (IOException ignored) {
                // gone either way
            }
            if (!over.get()) keeper.forget(t.key(), h);
        }, "keeper-watch");
        watch.setDaemon(true);
        watch.start();
        try {
            TransferListener progress = e -> {
                try {
                    synchronized (out) {
                        KeeperProtocol.frame(out, KeeperProtocol.PROGRESS, KeeperProtocol.event(e));
                    }
                } catch (IOException ignored) {
                    // the watch thread notices the run is gone
                }
            };
            if (upload) h.conn.put(Path.of(a), b, progress);
            else h.conn.get(a, Path.of(b), progress);
            over.set(true);
            synchronized (out) {
                KeeperProtocol.frame(out, KeeperProtocol.DONE);
            }
        } catch (RuntimeException e) {
            over.set(true);
            synchronized (out) {
                fail(out, e);
            }
        } finally {
            h.lastUsed = System.nanoTime();
            h.active.decrementAndGet();
        }
    }

    /** A local file's digests for a run compiled by C1 only ({@link KeeperCrypto}): here C2 has the JDK's intrinsics. */
    private static void digest(DataInputStream d, OutputStream out) throws IOException {
        Path file = Path.of(d.readUTF());
        int n = d.readInt();
        if (n < 1 || n > 8) throw new IOException("bad digest count " + n);
        String[] algorithms = new String[n];
        for (int i = 0; i < n; i++) algorithms[i] = d.readUTF();
        try {
            KeeperProtocol.frame(out, KeeperProtocol.DONE, KeeperProtocol.utf(String.join("\n", KeeperCrypto.here(file, algorithms))));
        } catch (IOException | RuntimeException e) {
            fail(out, new ModuleException("can't read " + file + ": " + e.getMessage()));
        }
    }

    /** A vault key for a run compiled by C1 only ({@link KeeperCrypto#pbkdf2}). */
    private static void pbkdf2(DataInputStream d, OutputStream out) throws IOException {
        byte[] password = bytes(d);
        byte[] salt = bytes(d);
        int iterations = d.readInt();
        int length = d.readInt();
        if (iterations < 1 || iterations > 10_000_000 || length < 1 || length > 1024) throw new IOException("bad pbkdf2 request");
        byte[] key = null;
        try {
            key = playbook.engine.vault.Pbkdf2.hmacSha256(password, salt, iterations, length);
            KeeperProtocol.frame(out, KeeperProtocol.DONE, key);
        } catch (RuntimeException e) {
            fail(out, e);
        } finally {
            java.util.Arrays.fill(password, (byte) 0);
            if (key != null) java.util.Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] bytes(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n < 0 || n > 1 << 20) throw new IOException("bad length " + n);
        return d.readNBytes(n);
    }

    private static void fail(OutputStream out, RuntimeException e) throws IOException {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        byte kind = e instanceof AuthenticationException ? KeeperProtocol.AUTH
                : e instanceof ConnectionException ? KeeperProtocol.UNREACHABLE
                : e instanceof ModuleException ? KeeperProtocol.MODULE : KeeperProtocol.OTHER;
        KeeperProtocol.frame(out, KeeperProtocol.FAILED, KeeperProtocol.failure(kind, m));
    }
}
