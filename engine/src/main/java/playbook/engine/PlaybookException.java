package playbook.engine;

/**
 * Root of the one unchecked exception tree. Subclasses say which part failed; the message is
 * what the user sees, so it names what was wrong, where, and what to do about it.
 */
public class PlaybookException extends RuntimeException {
    public PlaybookException(String message) { super(message); }
    public PlaybookException(String message, Throwable cause) { super(message, cause); }
}
