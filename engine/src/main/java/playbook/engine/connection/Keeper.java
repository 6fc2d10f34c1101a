package playbook.engine.connection;

import playbook.engine.ConnectionException;
import playbook.engine.ModuleException;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection keeper: a background process that holds a run's SSH connections for a while
 * after the run ends (ControlPersist for our transport), so the next run on the same hosts skips
 * the TCP connect, key exchange and authentication. Runs reach it through a Unix socket in a
 * directory only the user can enter ({@link KeeperClient}); it holds one authenticated
 * {@link SshConnection} per distinct set of settings and runs commands and transfers on them
 * for the runs, streaming everything back ({@link KeeperProtocol}). A connection unused for its
 * persist time is closed; the keeper exits when it holds none and no run is talking to it.
 *
 * <p>A run that goes away in the middle of an operation never leaves it running here: a command
 * is killed (with what it started on the host), and a transfer's connection is closed, so the
 * host's upload script removes the partial file exactly as when a run's own link drops.
 */
public final class Keeper {
    private final Path socket;
    private final Path pidFile;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final AtomicInteger clients = new AtomicInteger();
    private volatile long lastActivity = System.nanoTime();
    private volatile int persistSeconds = 1;
    private volatile ServerSocketChannel server;

    /** One kept connection. */
    private static final class Held {
        final SshConnection conn;
        final int persistSeconds;
        final AtomicInteger active = new AtomicInteger();
        volatile long lastUsed = System.nanoTime();

        Held(SshConnection conn, int persistSeconds) {
            this.conn = conn;
            this.persistSeconds = persistSeconds;
        }
    }

    Keeper(Path socket) {
        this.socket = socket;
        this.pidFile = socket.resolveSibling(socket.getFileName().toString().replaceAll("\\.sock$", "") + ".pid");
    }

    /** {@code Keeper SOCKET}: started detached by {@link KeeperClient#spawnOnce}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Keeper SOCKET (started by playbook itself)");
            System.exit(2);
        }
        // never stopped by the terminal the first run came from
        for (String sig : new String[] {"INT", "HUP", "QUIT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(sig), s -> { });
            } catch (IllegalArgumentException ignored) {
                // a signal this platform lacks
            }
        }
        SshProviders.init();
        new Keeper(Path.of(args[0])).serve();
    }

    void serve() throws IOException {
        if (!KeeperClient.safeDir(socket.getParent(), false)) return;
        // another keeper already answers on this socket: leave it be
        SocketChannel other = KeeperClient.connect(socket);
        if (other != null) {
            other.close();
            return;
        }
        Files.deleteIfExists(socket);
        // the PID file first: whoever can reach the socket can also find the process to stop
        String pid = ProcessHandle.current().pid() + "\n";
        Files.writeString(pidFile, pid);
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            s.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            s.close(); // another keeper won the race: its PID file stays
            if (pid.equals(readOrNull(pidFile))) Files.deleteIfExists(pidFile);
            return;
        }
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        // stopped by a signal (kill PID): no socket or PID file left behind for the next run to trip on
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(socket);
                if (pid.equals(readOrNull(pidFile))) Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // best effort
            }
        }, "keeper-cleanup"));
        server = s;
        Thread reaper = new Thread(this::reap, "keeper-reaper");
        reaper.setDaemon(true);
        reaper.start();
        try {
            while (true) {
                SocketChannel ch = s.accept();
                lastActivity = System.nanoTime();
                Thread t = new Thread(() -> client(ch), "keeper-client");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // the reaper closed the socket: time to go
        } finally {
            shutdown();
        }
    }

    /** Closes connections past their persist time; stops when none is left and nobody has talked to us for a while. */
    private void reap() {
        while (true) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (reapOnce()) return;
            } catch (Throwable t) {
                // never a keeper that can no longer expire (say, its jar was replaced under it): leave now
                shutdown();
                return;
            }
        }
    }

    /** One pass; true when the keeper is leaving. */
    private boolean reapOnce() {
        pickUpWarmRequests();
        long now = System.nanoTime();
        held.entrySet().removeIf(e -> {
            Held h = e.getValue();
            boolean stale = h.active.get() == 0 && (now - h.lastUsed) > h.persistSeconds * 1_000_000_000L;
            boolean dead = h.active.get() == 0 && !h.conn.isOpen();
            if (stale || dead) h.conn.close();
            return stale || dead;
        });
        if (held.isEmpty() && clients.get() == 0 && (now - lastActivity) > persistSeconds * 1_000_000_000L) {
            try {
                server.close(); // the accept loop ends and shuts down
            } catch (IOException ignored) {
                // exiting anyway
            }
            return true;
        }
        return false;
    }

    /** Opens the connections that runs ended too early to hand over ({@link KeeperClient#leaveWarmRequest}). */
    private void pickUpWarmRequests() {
        String prefix = KeeperClient.warmPrefix(socket);
        try (var files = Files.list(socket.getParent())) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                byte[] b;
                try {
                    b = Files.readAllBytes(f);
                } finally {
                    Files.deleteIfExists(f);
                }
                DataInputStream d = new DataInputStream(new ByteArrayInputStream(b));
                if (d.readInt() != KeeperProtocol.VERSION) continue;
                KeeperProtocol.Target t = KeeperProtocol.readSettings(d);
                lastActivity = System.nanoTime();
                Thread w = new Thread(() -> {
                    try {
                        open(t, OutputStream.nullOutputStream());
                    } catch (IOException | RuntimeException ignored) {
                        // a run that needs it connects itself
                    }
                }, "keeper-warm");
                w.setDaemon(true);
                w.start();
            }
        } catch (IOException | RuntimeException ignored) {
            // nothing to pick up
        }
    }

    private static String readOrNull(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return null;
        }
    }

    private void shutdown() {
        for (Held h : held.values()) {
            try {
                h.conn.close();
            } catch (Throwable ignored) {
                // leaving anyway: the host sees the TCP connection end
            }
        }
        held.clear();
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // best effort
        }
        System.exit(0);
    }

    private Held held(KeeperProtocol.Target t) {
        persistSeconds = Math.max(persistSeconds, t.persistSeconds());
        return held.computeIfAbsent(t.key(), k -> {
            ConnectionOptions o = ConnectionOptions.defaults().withTimeout(t.timeoutSeconds())
                    .withCredentials(null, null, null, t.keyPassphrase())
                    .withAgent(t.agentSocket() == null ? null : Path.of(t.agentSocket()))
                    .withListeners(null, prompt -> null, null);
            o = new ConnectionOptions(o.timeoutSeconds(), o.hostKeyChecking(), o.sshArgs(), o.privateKeyFile(), o.remoteUser(),
                    o.password(), o.becomePassword(), o.keyPassphrase(), o.retries(), o.sshConfigFile(), o.useSshBinary(),
                    o.agentSocket(), t.maxChannels(), o.verbose(), o.prompter(), o.transfers());
            SshSettingsResolver r = new SshSettingsResolver(o);
            return new Held(new SshConnection(t.settings(), new SshConnector(o, r), o, null), t.persistSeconds());
        });
    }

    private void client(SocketChannel ch) {
        boolean counted = false;
        try (ch) {
            InputStream in = KeeperClient.in(ch);
            OutputStream out = new BufferedOutputStream(KeeperClient.out(ch), 64 * 1024);
            KeeperProtocol.Frame f = KeeperProtocol.read(in);
            if (f == null || f.type() != KeeperProtocol.REQUEST) return;
            // only a run with a request keeps the keeper from leaving (not a probe that connects and says nothing)
            clients.incrementAndGet();
            counted = true;
            DataInputStream d = new DataInputStream(new ByteArrayInputStream(f.data()));
            if (d.readInt() != KeeperProtocol.VERSION) return;
            String op = d.readUTF();
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
                    Held h = held.remove(t.key());
                    if (h != null) h.conn.close();
                    KeeperProtocol.frame(out, KeeperProtocol.DONE);
                }
                default -> KeeperProtocol.frame(out, KeeperProtocol.FAILED, KeeperProtocol.failure(KeeperProtocol.OTHER, "unknown operation " + op));
            }
        } catch (IOException | RuntimeException e) {
            // the run went away, or sent something we can't read: nothing to answer
        } finally {
            if (counted) clients.decrementAndGet();
            lastActivity = System.nanoTime();
        }
    }

    private void open(KeeperProtocol.Target t, OutputStream out) throws IOException {
        Held h = held(t);
        h.active.incrementAndGet();
        try {
            h.conn.client();
            KeeperProtocol.frame(out, KeeperProtocol.DONE);
        } catch (RuntimeException e) {
            held.remove(t.key(), h);
            h.conn.close();
            fail(out, e);
        } finally {
            h.lastUsed = System.nanoTime();
            h.active.decrementAndGet();
        }
    }

    private void exec(KeeperProtocol.Target t, String mode, String command, InputStream in, OutputStream out) throws IOException {
        Held h = held(t);
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
        Thread o = pump(p.stdout(), KeeperProtocol.STDOUT, out);
        Thread r = pump(p.stderr(), KeeperProtocol.STDERR, out);
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

    private static Thread pump(InputStream from, byte type, OutputStream out) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[32 * 1024];
            try {
                int n;
                while ((n = from.read(buf)) > 0) {
                    synchronized (out) {
                        KeeperProtocol.frame(out, type, buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // the channel or the run is gone; the exit status (or its absence) tells the rest
            }
        }, "keeper-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void transfer(KeeperProtocol.Target t, boolean upload, String a, String b, InputStream in, OutputStream out) throws IOException {
        Held h = held(t);
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
            if (!over.get()) {
                held.remove(t.key(), h);
                h.conn.close();
            }
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

    private static void fail(OutputStream out, RuntimeException e) throws IOException {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        byte kind = e instanceof AuthenticationException ? KeeperProtocol.AUTH
                : e instanceof ConnectionException ? KeeperProtocol.UNREACHABLE
                : e instanceof ModuleException ? KeeperProtocol.MODULE : KeeperProtocol.OTHER;
        KeeperProtocol.frame(out, KeeperProtocol.FAILED, KeeperProtocol.failure(kind, m));
    }
}
