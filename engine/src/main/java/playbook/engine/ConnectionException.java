package playbook.engine;

/** The host could not be reached or the transport broke. The host is UNREACHABLE. */
public class ConnectionException extends PlaybookException {
    public ConnectionException(String message) { super(message); }
    public ConnectionException(String message, Throwable cause) { super(message, cause); }
}
