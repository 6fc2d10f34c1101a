package playbook.engine.connection;

import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A connection seen through one task that may be ended early (its {@code timeout:}): every
 * command the task starts is started killable and remembered until it ends; {@link #abort}
 * kills the ones still running, on the host too, and refuses new ones. File transfers are
 * passed through as they are.
 */
public final class WatchedConnection implements Connection {
    private final Connection inner;
    private final String host;
    private final Set<RemoteProcess> running = ConcurrentHashMap.newKeySet();
    private volatile String abortReason;

    public WatchedConnection(Connection inner, String host) {
        this.inner = inner;
        this.host = host;
    }

    @Override
    public ExecResult exec(String command, byte[] stdin) {
        RemoteProcess p = start(command);
        try {
            return ProcessIO.collect(p, stdin, host);
        } finally {
            p.close();
        }
    }

    @Override
    public RemoteProcess start(String command) {
        refuseAfterAbort();
        return track(inner.startKillable(command));
    }

    @Override
    public RemoteProcess startKillable(String command) {
        return start(command);
    }

    @Override
    public RemoteProcess startOnTerminal(String command) {
        refuseAfterAbort();
        return track(inner.startOnTerminal(command));
    }

    private RemoteProcess track(RemoteProcess p) {
        running.add(p);
        if (abortReason != null) {  // aborted while it started
            running.remove(p);
            p.kill();
            refuseAfterAbort();
        }
        return new RemoteProcess() {
            @Override public java.io.OutputStream stdin() { return p.stdin(); }
            @Override public java.io.InputStream stdout() { return p.stdout(); }
            @Override public java.io.InputStream stderr() { return p.stderr(); }
            @Override public int waitFor() { return p.waitFor(); }
            @Override public boolean hasEnded() { return p.hasEnded(); }

            @Override
            public void kill() {
                running.remove(p);
                p.kill();
            }

            @Override
            public void close() {
                running.remove(p);
                p.close();
            }
        };
    }

    private void refuseAfterAbort() {
        String r = abortReason;
        if (r != null) throw new ModuleException(r);
    }

    /**
     * Kills every command still running (and its processes on the host); later commands fail
     * with {@code reason}. True when there was one to kill.
     */
    public boolean abort(String reason) {
        abortReason = reason;
        boolean any = false;
        for (RemoteProcess p : running.toArray(new RemoteProcess[0])) {
            running.remove(p);
            p.kill();
            any = true;
        }
        return any;
    }

    @Override
    public void put(Path local, String remotePath, TransferListener progress) {
        refuseAfterAbort();
        inner.put(local, remotePath, progress);
    }

    @Override
    public void get(String remotePath, Path local, TransferListener progress) {
        refuseAfterAbort();
        inner.get(remotePath, local, progress);
    }

    @Override public String loginUser() { return inner.loginUser(); }

    @Override public String becomePassword() { return inner.becomePassword(); }

    @Override public int becomeTimeoutSeconds() { return inner.becomeTimeoutSeconds(); }

    /** The run owns the connection; closing this view closes nothing. */
    @Override public void close() {}
}
