package playbook.engine.connection;

import playbook.engine.api.ExecResult;

import java.nio.file.Path;

/**
 * A transport to one host. One instance is kept per host for the whole run; each command is
 * one exec (a channel, or a local process). Implementations throw ConnectionException when the
 * host cannot be reached or the transport breaks, and ModuleException when a file operation
 * fails on a reachable host.
 */
public interface Connection extends AutoCloseable {
    /** Runs {@code command} with {@code /bin/sh -c} semantics on the host; stdin may be null. */
    ExecResult exec(String command, byte[] stdin);

    /**
     * {@link #exec(String, byte[])} that also hands each line of stdout and stderr to {@code lines} as it
     * arrives (-v live output); the result is the same. A connection that can't stream runs the command
     * as usual and passes nothing on.
     */
    default ExecResult exec(String command, byte[] stdin, LineListener lines) {
        return exec(command, stdin);
    }

    /** Starts {@code command} and hands its streams to the caller (used for become prompts). */
    RemoteProcess start(String command);

    /**
     * Starts {@code command} so that {@link RemoteProcess#kill()} also ends the processes it
     * started on the host, not only the channel (for a task's timeout). The command must be
     * POSIX shell; a connection that can't do more returns {@link #start}'s process.
     */
    default RemoteProcess startKillable(String command) { return start(command); }

    /**
     * Starts {@code command} on a pseudo-terminal (local echo off), for escalation tools that read
     * a password only from a terminal (su, doas). The command's stdout and stderr arrive merged
     * on {@link RemoteProcess#stdout()}.
     */
    default RemoteProcess startOnTerminal(String command) {
        throw new playbook.engine.ModuleException("this connection can't allocate a terminal, which a password prompt of su or doas needs");
    }

    /** Copies a local file to a remote path: atomic, sha256-verified, mode kept. */
    default void put(Path local, String remotePath) { put(local, remotePath, TransferListener.NONE); }

    /** Copies a remote file to a local path: atomic, sha256-verified, mode kept. */
    default void get(String remotePath, Path local) { get(remotePath, local, TransferListener.NONE); }

    void put(Path local, String remotePath, TransferListener progress);

    void get(String remotePath, Path local, TransferListener progress);

    /** The user commands run as without become (the SSH login user); null when unknown. */
    default String loginUser() { return null; }

    /** The host's become password (ansible_become_password, -K); null when none is known. Never logged. */
    default String becomePassword() { return null; }

    /** How long to wait for a become prompt and its success (the run's timeout). */
    default int becomeTimeoutSeconds() { return 10; }

    /** Closes the connection so that the next command connects again (meta: reset_connection). */
    default void reset() { close(); }

    @Override void close();
}
