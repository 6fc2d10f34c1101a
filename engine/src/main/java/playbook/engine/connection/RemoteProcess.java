package playbook.engine.connection;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A running command whose streams the caller drives itself (for prompts such as sudo's).
 * Closing it releases the channel and ends the command if it still runs.
 */
public interface RemoteProcess extends AutoCloseable {
    OutputStream stdin();

    InputStream stdout();

    InputStream stderr();

    /** Waits for the exit status once both output streams are at EOF; ConnectionException if the transport broke. */
    int waitFor();

    /**
     * Ends the command and whatever it started on the host (for a task's timeout), then
     * releases the channel. Without a way to reach the host's processes this is {@link #close()}.
     */
    default void kill() { close(); }

    /** True once the command has exited or its channel is closed; false when that isn't known. */
    default boolean hasEnded() { return false; }

    @Override void close();
}
