package playbook.engine.connection;

/**
 * Progress of one file transfer, for progress bars. Called from the transferring thread at most
 * a few times per second, plus once at the end with {@code done} true.
 */
public interface TransferListener {
    TransferListener NONE = e -> {};

    void progress(Event event);

    /**
     * @param host      inventory name
     * @param path      the remote path
     * @param upload    true for put, false for get
     * @param bytes     bytes moved so far
     * @param total     file size, or -1 when unknown
     * @param bytesPerSecond average rate since the start
     * @param done      true on the last event of a successful transfer
     */
    record Event(String host, String path, boolean upload, long bytes, long total, double bytesPerSecond, boolean done) {}
}
