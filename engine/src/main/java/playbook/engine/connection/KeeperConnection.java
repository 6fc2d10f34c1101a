package playbook.engine.connection;

import playbook.engine.ConnectionException;
import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An SSH connection that runs through the connection keeper ({@link Keeper}) when one answers,
 * so that it outlives the run (PLAYBOOK_CONTROL_PERSIST seconds), and falls back to its own
 * {@link SshConnection} otherwise. The first run starts the keeper and connects by itself; when
 * it closes, it asks the keeper to open the same connections in the background, so the next run
 * finds them ready. A host that can't be reached is reported as the keeper found it (no second
 * attempt); an authentication the keeper could not do (a key that needs a passphrase typed, say)
 * is done by the run itself.
 */
final class KeeperConnection implements Connection {
    private final SshConnection direct;
    private final KeeperProtocol.Target target;
    private final ConnectionOptions options;
    private final String becomePassword;
    private final String alias;
    /** null until the first operation decides; then true (keeper) or false (direct). */
    private volatile Boolean viaKeeper;
    private volatile boolean warmAtClose;

    KeeperConnection(SshConnection direct, KeeperProtocol.Target target, ConnectionOptions options, String becomePassword) {
        this.direct = direct;
        this.target = target;
        this.options = options;
        this.becomePassword = becomePassword;
        this.alias = target.settings().alias();
    }

    private boolean viaKeeper() {
        Boolean v = viaKeeper;
        if (v != null) return v;
        synchronized (this) {
            if (viaKeeper == null) viaKeeper = open();
            return viaKeeper;
        }
    }

    /** Asks the keeper for the connection; false means: connect directly. */
    private boolean open() {
        SocketChannel ch = KeeperClient.connect();
        if (ch == null) {
            KeeperClient.spawnOnce(options.verbose());
            warmAtClose = true;
            return false;
        }
        try (ch) {
            OutputStream out = KeeperClient.out(ch);
            request(out, KeeperProtocol.OPEN, null);
            KeeperProtocol.Frame f = KeeperProtocol.read(KeeperClient.in(ch));
            if (f != null && f.type() == KeeperProtocol.DONE) {
                SshSettings s = target.settings();
                options.verbose().accept(3, "<" + alias + "> ESTABLISH SSH CONNECTION FOR USER: " + s.user() + " to " + s.hostName()
                        + ":" + s.port() + " (kept by the connection keeper)");
                return true;
            }
            if (f != null && f.type() == KeeperProtocol.FAILED && KeeperProtocol.failureKind(f.data()) == KeeperProtocol.UNREACHABLE) {
                throw new ConnectionException(KeeperProtocol.failureMessage(f.data()));
            }
            options.verbose().accept(3, "<" + alias + "> the connection keeper could not connect ("
                    + (f == null ? "no answer" : describe(f)) + "); connecting directly");
            return false;
        } catch (IOException e) {
            options.verbose().accept(3, "<" + alias + "> the connection keeper did not answer (" + e.getMessage() + "); connecting directly");
            return false;
        }
    }

    private static String describe(KeeperProtocol.Frame f) {
        return f.type() == KeeperProtocol.FAILED ? KeeperProtocol.failureMessage(f.data()) : "frame " + (char) f.type();
    }

    /** Sends the request frame: version, operation, settings, then the operation's fields. */
    private void request(OutputStream out, String op, String[] fields) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(b)) {
            d.writeInt(KeeperProtocol.VERSION);
            d.writeUTF(op);
            KeeperProtocol.writeSettings(d, target);
            if (fields != null) for (String f : fields) d.writeUTF(f);
        }
        KeeperProtocol.frame(out, KeeperProtocol.REQUEST, b.toByteArray());
    }

    @Override public String loginUser() { return target.settings().user(); }

    @Override
    public ExecResult exec(String command, byte[] stdin) {
        return ProcessIO.collect(start(command), stdin, alias);
    }

    @Override
    public ExecResult exec(String command, byte[] stdin, LineListener lines) {
        return ProcessIO.collect(start(command), stdin, alias, lines);
    }

    @Override
    public RemoteProcess start(String command) {
        return viaKeeper() ? process("plain", command) : direct.start(command);
    }

    @Override
    public RemoteProcess startKillable(String command) {
        return viaKeeper() ? process("killable", command) : direct.startKillable(command);
    }

    @Override
    public RemoteProcess startOnTerminal(String command) {
        return viaKeeper() ? process("terminal", command) : direct.startOnTerminal(command);
    }

    @Override
    public void put(Path local, String remotePath, TransferListener progress) {
        if (!viaKeeper()) {
            direct.put(local, remotePath, progress);
            return;
        }
        transfer(KeeperProtocol.PUT, local.toAbsolutePath().toString(), remotePath, progress);
    }

    @Override
    public void get(String remotePath, Path local, TransferListener progress) {
        if (!viaKeeper()) {
            direct.get(remotePath, local, progress);
            return;
        }
        transfer(KeeperProtocol.GET, remotePath, local.toAbsolutePath().toString(), progress);
    }

    private void transfer(String op, String a, String b, TransferListener progress) {
        TransferListener p = progress == TransferListener.NONE ? options.transfers() : progress;
        SocketChannel ch = channel();
        try (ch) {
            request(KeeperClient.out(ch), op, new String[] {a, b});
            InputStream in = KeeperClient.in(ch);
            while (true) {
                KeeperProtocol.Frame f = KeeperProtocol.read(in);
                if (f == null) throw lostKeeper(null);
                switch (f.type()) {
                    case KeeperProtocol.PROGRESS -> p.progress(KeeperProtocol.event(f.data()));
                    case KeeperProtocol.DONE -> { return; }
                    case KeeperProtocol.FAILED -> throw failure(f.data());
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw lostKeeper(e);
        }
    }

    private SocketChannel channel() {
        SocketChannel ch = KeeperClient.connect();
        if (ch == null) throw lostKeeper(null);
        return ch;
    }

    private ConnectionException lostKeeper(Exception e) {
        return new ConnectionException("lost the connection keeper that held the connection to " + alias
                + (e == null || e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }

    private static RuntimeException failure(byte[] data) {
        String m = KeeperProtocol.failureMessage(data);
        return KeeperProtocol.failureKind(data) == KeeperProtocol.MODULE ? new ModuleException(m) : new ConnectionException(m);
    }

    private RemoteProcess process(String mode, String command) {
        SocketChannel ch = channel();
        try {
            OutputStream out = new BufferedOutputStream(KeeperClient.out(ch), 64 * 1024);
            request(out, KeeperProtocol.EXEC, new String[] {mode, command});
            out.flush();
            return new KeeperProcess(ch, out);
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a broken channel
            }
            throw lostKeeper(e);
        }
    }

    /** A command running in the keeper: its streams demultiplexed from the socket's frames. */
    private final class KeeperProcess implements RemoteProcess {
        private final SocketChannel ch;
        private final OutputStream out;
        private final Queued stdout = new Queued();
        private final Queued stderr = new Queued();
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();

        KeeperProcess(SocketChannel ch, OutputStream out) {
            this.ch = ch;
            this.out = out;
            Thread reader = new Thread(this::read, "keeper-reader-" + alias);
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            // buffered: a burst of small frames (a line each, as rsync itemizes) then costs one read, not one per frame
            InputStream in = new BufferedInputStream(KeeperClient.in(ch), 64 * 1024);
            try {
                while (true) {
                    KeeperProtocol.Frame f = KeeperProtocol.read(in);
                    if (f == null) break;
                    switch (f.type()) {
                        case KeeperProtocol.STDOUT -> stdout.push(f.data());
                        case KeeperProtocol.STDERR -> stderr.push(f.data());
                        case KeeperProtocol.EXIT -> exit.complete(KeeperProtocol.intOf(f.data()));
                        case KeeperProtocol.FAILED -> exit.completeExceptionally(failure(f.data()));
                        default -> { }
                    }
                    if (exit.isDone()) break;
                }
            } catch (IOException e) {
                exit.completeExceptionally(lostKeeper(e));
            } finally {
                exit.completeExceptionally(lostKeeper(null)); // no-op when already done
                stdout.end();
                stderr.end();
                close(); // the keeper's side ends with it
            }
        }

        @Override
        public OutputStream stdin() {
            return new OutputStream() {
                private boolean closed;

                @Override public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override public void write(byte[] b, int off, int len) throws IOException {
                    if (closed) throw new IOException("stdin is closed");
                    synchronized (out) {
                        KeeperProtocol.frame(out, KeeperProtocol.STDIN, b, off, len);
                    }
                }

                @Override public void close() throws IOException {
                    if (closed) return;
                    closed = true;
                    synchronized (out) {
                        KeeperProtocol.frame(out, KeeperProtocol.STDIN_EOF);
                    }
                }
            };
        }

        @Override public InputStream stdout() { return stdout; }

        @Override public InputStream stderr() { return stderr; }

        @Override
        public int waitFor() {
            try {
                return exit.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectionException("interrupted while waiting for a command on " + alias, e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw lostKeeper(e);
            }
        }

        @Override
        public void kill() {
            try {
                synchronized (out) {
                    KeeperProtocol.frame(out, KeeperProtocol.KILL);
                }
            } catch (IOException ignored) {
                // the keeper is gone: closing below ends it from its side
            }
            try {
                exit.get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // ended one way or another
            }
            close();
        }

        @Override public boolean hasEnded() { return exit.isDone(); }

        @Override
        public void close() {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closed either way
            }
        }
    }

    /** An InputStream fed chunk by chunk from the reader thread. */
    private static final class Queued extends InputStream {
        private static final byte[] END = new byte[0];
        private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private byte[] cur;
        private int pos;
        private boolean ended;

        void push(byte[] b) { if (b.length > 0) chunks.add(b); }

        void end() { chunks.add(END); }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (cur == null || pos >= cur.length) {
                if (ended) return -1;
                try {
                    cur = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
                pos = 0;
                if (cur == END) {
                    ended = true;
                    cur = null;
                    return -1;
                }
            }
            int n = Math.min(len, cur.length - pos);
            System.arraycopy(cur, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    @Override public String becomePassword() { return becomePassword; }

    @Override public int becomeTimeoutSeconds() { return options.timeoutSeconds(); }

    /** Drops the kept connection too (meta: reset_connection), so the next command reconnects. */
    @Override
    public void reset() {
        if (Boolean.TRUE.equals(viaKeeper)) {
            SocketChannel ch = KeeperClient.connect();
            if (ch != null) {
                try (ch) {
                    request(KeeperClient.out(ch), KeeperProtocol.DROP, null);
                    KeeperProtocol.read(KeeperClient.in(ch));
                } catch (IOException ignored) {
                    // the keeper is gone: nothing kept
                }
            }
        }
        viaKeeper = null;
        direct.close();
    }

    /** The run's end: the kept connection stays; one this run made itself is handed to the keeper to open again. */
    @Override
    public void close() {
        boolean connected = direct.isOpen();
        direct.close();
        if (!warmAtClose || !connected) return;
        SocketChannel ch = KeeperClient.connect();
        if (ch == null) {
            // the keeper this run started is still starting: it picks the request up from its directory
            KeeperClient.leaveWarmRequest(target);
            return;
        }
        try (ch) {
            request(KeeperClient.out(ch), KeeperProtocol.WARM, null);
            KeeperProtocol.read(KeeperClient.in(ch));
        } catch (IOException ignored) {
            // best effort
        }
    }
}
