package playbook.engine;

/** A playbook, inventory or vars file could not be read. The message carries file:line:col. */
public class ParseException extends PlaybookException {
    public ParseException(String message) { super(message); }
    public ParseException(String message, Throwable cause) { super(message, cause); }
}
