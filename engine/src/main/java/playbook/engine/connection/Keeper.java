package playbook.engine.connection;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>This class is the process: socket, lifetime, the connections held. What one request does
 * is {@link KeeperRequests}.
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
    static final class Held {
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
                Thread t = new Thread(() -> requests.serve(ch), "keeper-client");
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
        for (Map.Entry<String, Held> e : held.entrySet()) {
            Held h = e.getValue();
            boolean stale = h.active.get() == 0 && (now - h.lastUsed) > h.persistSeconds * 1_000_000_000L;
            boolean dead = h.active.get() == 0 && !h.conn.isOpen();
            if ((stale || dead) && held.remove(e.getKey(), h)) closeLater(h);
        }
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
                        requests.open(t, OutputStream.nullOutputStream());
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
        List<Thread> closing = new ArrayList<>();
        for (Held h : held.values()) closing.add(closeLater(h));
        held.clear();
        // a connection whose link is gone may never finish its goodbye: wait a little, then leave anyway
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (Thread t : closing) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                break;
            }
        }
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // best effort
        }
        System.exit(0);
    }

    private final KeeperRequests requests = new KeeperRequests(this);

    /** A run's request began (a probe that connects and says nothing does not count: it must not keep us here). */
    void requestStarted() {
        clients.incrementAndGet();
        lastActivity = System.nanoTime();
    }

    void requestEnded() {
        clients.decrementAndGet();
        lastActivity = System.nanoTime();
    }

    void touched() {
        lastActivity = System.nanoTime();
    }

    /** Closes and forgets a connection (failed to open, or its run went away mid-transfer). */
    void forget(String key, Held h) {
        held.remove(key, h);
        closeLater(h);
    }

    /** meta: reset_connection. */
    void drop(String key) {
        Held h = held.remove(key);
        if (h != null) closeLater(h);
    }

    /**
     * Closes a connection the map no longer holds, on a thread of its own: on a dropped link the
     * goodbye can wait behind a write that never completes, and neither the reaper nor a run's
     * request may wait with it.
     */
    private static Thread closeLater(Held h) {
        Thread t = new Thread(() -> {
            try {
                h.conn.close();
            } catch (Throwable ignored) {
                // the host sees the TCP connection end
            }
        }, "keeper-close");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * The connection for {@code t}: the one held, or a new one (connecting on first use). A held
     * connection that has died (its link dropped, its host restarted) is replaced at once, not
     * handed to a new run to fail on before the reaper got to it.
     */
    Held held(KeeperProtocol.Target t) {
        persistSeconds = Math.max(persistSeconds, t.persistSeconds());
        return held.compute(t.key(), (k, old) -> {
            if (old != null && !old.conn.lost()) return old;
            if (old != null) closeLater(old);
            return newHeld(t);
        });
    }

    private static Held newHeld(KeeperProtocol.Target t) {
        ConnectionOptions d = ConnectionOptions.defaults();
        // the settings are resolved already; what auth still needs, with nobody to ask for a passphrase
        ConnectionOptions o = new ConnectionOptions(t.timeoutSeconds(), d.hostKeyChecking(), d.sshArgs(), null, null, null, null,
                t.keyPassphrase(), d.retries(), d.sshConfigFile(), d.useSshBinary(),
                t.agentSocket() == null ? null : Path.of(t.agentSocket()), t.maxChannels(), null, prompt -> null, null);
        SshSettingsResolver r = new SshSettingsResolver(o);
        return new Held(new SshConnection(t.settings(), new SshConnector(o, r, t.hops()), o, null), t.persistSeconds());
    }

}
