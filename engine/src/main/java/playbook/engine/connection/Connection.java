package playbook.engine.connection;

import playbook.engine.api.ExecResult;

import java.nio.file.Path;

/**
 * A transport to one host. One instance is kept per host for the whole run; each command is
 * one exec (a channel, or a local process). Implementations throw ConnectionException when the
 * host cannot be reached or the transport breaks.
 */
public interface Connection extends AutoCloseable {
    /** Runs {@code command} with {@code /bin/sh -c} semantics on the host; stdin may be null. */
    ExecResult exec(String command, byte[] stdin);

    /** Copies a local file to a remote path. */
    void put(Path local, String remotePath);

    /** Copies a remote file to a local path. */
    void get(String remotePath, Path local);

    @Override void close();
}
