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

    @Override void close();
}
