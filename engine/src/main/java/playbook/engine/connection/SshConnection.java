package playbook.engine.connection;

import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.PTYMode;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.sftp.SFTPClient;
import playbook.engine.ConnectionException;
import playbook.engine.api.ExecResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One SSH connection to a host, opened on first use and kept for the run. Each command is one
 * exec channel. At most {@code maxChannels} channels are open at once (OpenSSH's MaxSessions is
 * 10); more callers wait for a free one, and a server with a lower limit is waited on too.
 */
public final class SshConnection implements Connection {
    private final String alias;
    private final SshSettings settings;
    private final SshConnector connector;
    private final Limit channels;
    private final String becomePassword;
    private final ConnectionOptions options;
    private volatile List<SSHClient> chain;
    private volatile SshFiles files;
    private volatile boolean closed;

    SshConnection(SshSettings settings, SshConnector connector, ConnectionOptions options, String becomePassword) {
        this.alias = settings.alias();
        this.settings = settings;
        this.connector = connector;
        this.options = options;
        this.channels = new Limit(Math.min(10, options.maxChannels()));
        this.becomePassword = becomePassword;
    }

    /** Opens a connection from inventory vars and run options (for callers outside Connections). */
    public static SshConnection open(String host, Map<String, Object> vars, ConnectionOptions options) {
        SshSettingsResolver r = new SshSettingsResolver(options);
        SshConnection c = new SshConnection(r.resolve(host, vars), new SshConnector(options, r), options,
                SshSettingsResolver.str(vars, "ansible_become_password", "ansible_become_pass") != null
                        ? SshSettingsResolver.str(vars, "ansible_become_password", "ansible_become_pass") : options.becomePassword());
        c.client();
        return c;
    }

    SSHClient client() {
        List<SSHClient> c = chain;
        if (c != null) {
            SSHClient target = c.get(c.size() - 1);
            if (!target.isConnected()) {
                throw new ConnectionException("lost the connection to " + alias + " (" + settings.describe() + ") earlier in this run");
            }
            return target;
        }
        synchronized (this) {
            if (closed) throw new ConnectionException("the connection to " + alias + " is closed");
            if (chain == null) {
                options.verbose().accept(3, "<" + alias + "> ESTABLISH SSH CONNECTION FOR USER: " + settings.user() + " to "
                        + settings.hostName() + ":" + settings.port() + (settings.proxyJump() == null ? "" : " via " + settings.proxyJump()));
                chain = connector.open(settings);
            }
            return chain.get(chain.size() - 1);
        }
    }

    @Override
    public String loginUser() { return settings.user(); }

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
        return start(command, false);
    }

    @Override
    public RemoteProcess startOnTerminal(String command) {
        return start(command, true);
    }

    /**
     * Starts {@code command} behind one line that reports the shell's PID on stderr. sshd makes
     * the command's shell a session leader, so that PID is also the process group of everything
     * the command starts; {@link RemoteProcess#kill()} signals that group over a second channel.
     * The line is taken out of stderr before the caller sees it.
     */
    @Override
    public RemoteProcess startKillable(String command) {
        RemoteProcess p = start(RemoteGroup.wrap(command), false);
        RemoteGroup group = new RemoteGroup(p.stderr());
        return new RemoteProcess() {
            @Override public OutputStream stdin() { return p.stdin(); }
            @Override public InputStream stdout() { return p.stdout(); }
            @Override public InputStream stderr() { return group.stderr(); }
            @Override public int waitFor() { return p.waitFor(); }
            @Override public void close() { p.close(); }

            @Override
            public void kill() {
                long pgid = p.hasEnded() ? -1 : group.awaitPgid(5000);
                if (pgid > 1 && !p.hasEnded()) {
                    try {
                        exec(RemoteGroup.killCommand(pgid), null);
                    } catch (RuntimeException e) {
                        options.verbose().accept(2, "<" + alias + "> can't end process group " + pgid + ": " + e.getMessage());
                    }
                }
                p.kill();
            }

            @Override public boolean hasEnded() { return p.hasEnded(); }
        };
    }

    private RemoteProcess start(String command, boolean terminal) {
        SSHClient client = client();
        Session session = openSession(client);
        Session.Command cmd;
        try {
            // echo off from the start: a password typed before the prompt's own tcsetattr is never echoed back
            if (terminal) session.allocatePTY("dumb", 200, 24, 0, 0, Map.of(PTYMode.ECHO, 0));
            cmd = session.exec(command);
        } catch (IOException | RuntimeException e) {
            try {
                session.close();
            } catch (IOException | RuntimeException ignored) {
                // already broken
            }
            channels.release();
            throw e instanceof IOException io ? lost("can't start a command", io) : (RuntimeException) e;
        }
        AtomicBoolean released = new AtomicBoolean();
        return new RemoteProcess() {
            @Override public OutputStream stdin() { return cmd.getOutputStream(); }
            @Override public InputStream stdout() { return cmd.getInputStream(); }
            @Override public InputStream stderr() { return cmd.getErrorStream(); }

            @Override
            public int waitFor() {
                try {
                    cmd.join();
                } catch (IOException e) {
                    throw lost("lost the connection while a command ran", e);
                } finally {
                    close();
                }
                Integer status = cmd.getExitStatus();
                if (status != null) return status;
                Signal sig = cmd.getExitSignal();
                if (sig != null) return 128 + SshSignals.number(sig);
                if (!client.isConnected()) throw new ConnectionException("lost the connection to " + alias + " while a command ran");
                return 255;
            }

            /** The session's "signal" request (OpenSSH 7.9+ signals the command's process group), then close. */
            @Override
            public void kill() {
                if (!hasEnded()) {
                    try {
                        cmd.signal(Signal.TERM);
                    } catch (IOException | RuntimeException ignored) {
                        // not supported or gone: close() is all that is left
                    }
                }
                close();
            }

            @Override
            public boolean hasEnded() {
                return released.get() || cmd.getExitStatus() != null || cmd.getExitSignal() != null || !cmd.isOpen();
            }

            @Override
            public void close() {
                if (!released.compareAndSet(false, true)) return;
                try {
                    session.close();
                } catch (IOException | RuntimeException ignored) {
                    // the channel is gone either way
                } finally {
                    channels.release();
                }
            }
        };
    }

    /**
     * Opens a session channel, holding one permit. When the server refuses (its MaxSessions is
     * lower than our limit) the limit shrinks by one and the caller waits for a free channel.
     */
    private Session openSession(SSHClient client) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(30, settings.connectTimeoutSeconds() * 3L));
        for (int attempt = 0; ; attempt++) {
            acquire();
            try {
                return client.startSession();
            } catch (OpenFailException e) {
                channels.release();
                if (System.nanoTime() > deadline) throw lost("can't open a channel", e);
                if (channels.shrink()) {
                    options.verbose().accept(3, "<" + alias + "> the server refused a channel; now using at most " + channels.limit());
                }
                sleep(Math.min(200, 10L << Math.min(attempt, 4)));
            } catch (IOException e) {
                channels.release();
                throw lost("can't open a channel", e);
            } catch (IllegalStateException e) { // sshj: "Not connected"
                channels.release();
                throw lost("can't open a channel", e);
            } catch (RuntimeException e) {
                channels.release();
                throw e;
            }
        }
    }

    /** A semaphore whose size can shrink to what the server allows. */
    private static final class Limit extends Semaphore {
        private int limit;

        Limit(int n) {
            super(n, true);
            this.limit = n;
        }

        synchronized boolean shrink() {
            if (limit <= 1) return false;
            limit--;
            reducePermits(1);
            return true;
        }

        synchronized int limit() { return limit; }
    }

    private void acquire() {
        try {
            channels.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while waiting for a channel to " + alias, e);
        }
    }

    /** Runs {@code body} while holding one channel permit (the sftp subsystem is one channel). */
    <T> T withChannel(java.util.concurrent.Callable<T> body) throws Exception {
        acquire();
        try {
            return body.call();
        } finally {
            channels.release();
        }
    }

    /** False once the transport is gone (the keepalive gave up, the server closed it). */
    boolean alive() {
        SSHClient c = chain == null ? null : chain.get(chain.size() - 1);
        return c != null && c.isConnected() && c.getTransport().isRunning();
    }

    /** How long a transfer may make no progress before the link counts as dead: what the keepalive would allow, plus one interval. */
    long stallLimitMillis() {
        int interval = settings.serverAliveInterval() > 0 ? settings.serverAliveInterval() : SshConnector.DEFAULT_KEEPALIVE_SECONDS;
        return (long) interval * (Math.max(1, settings.serverAliveCountMax()) + 1) * 1000L;
    }

    /** Closes the sockets under this connection at once, without the goodbye a dead link can't carry. */
    void abort() {
        List<SSHClient> c = chain;
        if (c == null) return;
        for (SSHClient client : c) {
            try {
                java.net.Socket socket = client.getSocket();
                if (socket != null) socket.close();
            } catch (IOException | RuntimeException ignored) {
                // already closed
            }
        }
    }

    ConnectionException lost(String what, Exception e) {
        if (e instanceof ConnectionException c) return c;
        SSHClient c = chain == null ? null : chain.get(chain.size() - 1);
        // a keepalive that went unanswered is a lost link even before sshj has marked its transport dead
        boolean down = c == null || !c.isConnected() || !c.getTransport().isRunning() || keepaliveFailed(e);
        String msg = (down ? "lost the connection to " + alias + " (" + settings.describe() + ")" : what + " on " + alias)
                + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        return new ConnectionException(msg, e);
    }

    private static boolean keepaliveFailed(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("keep-alive response")) return true;
        }
        return false;
    }

    @Override
    public void put(Path local, String remotePath, TransferListener progress) {
        files().put(local, remotePath, progress == TransferListener.NONE ? options.transfers() : progress);
    }

    @Override
    public void get(String remotePath, Path local, TransferListener progress) {
        files().get(remotePath, local, progress == TransferListener.NONE ? options.transfers() : progress);
    }

    private SshFiles files() {
        SshFiles f = files;
        if (f != null) return f;
        synchronized (this) {
            if (files == null) files = new SshFiles(this, alias);
            return files;
        }
    }

    /** A new sftp client, or null when the server has no sftp subsystem. Holds one channel permit while open. */
    SFTPClient openSftp() {
        SSHClient c = client();
        acquire();
        try {
            SFTPClient s = c.newSFTPClient();
            return s;
        } catch (IOException e) {
            channels.release();
            if (!c.isConnected()) throw lost("can't open sftp", e);
            options.verbose().accept(2, "<" + alias + "> no sftp subsystem (" + e.getMessage() + "); using exec with cat");
            return null;
        }
    }

    void closeSftp(SFTPClient s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // gone either way
        } finally {
            channels.release();
        }
    }

    @Override public String becomePassword() { return becomePassword; }

    @Override public int becomeTimeoutSeconds() { return options.timeoutSeconds(); }

    /** Connected, and the transport still up. */
    boolean isOpen() {
        List<SSHClient> c = chain;
        if (c == null) return false;
        SSHClient t = c.get(c.size() - 1);
        return t.isConnected() && t.getTransport().isRunning();
    }

    /** Was connected, and is no longer: a later command would fail on it. */
    boolean lost() {
        return chain != null && !isOpen();
    }

    /** Resolved settings (for tests and -vvv). */
    SshSettings settings() { return settings; }

    @Override
    public synchronized void close() {
        closed = true;
        if (chain != null) SshConnector.close(chain);
        chain = null;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
