package playbook.engine;

/** An inventory source is malformed or a host pattern matches nothing usable. */
public class InventoryException extends PlaybookException {
    public InventoryException(String message) { super(message); }
    public InventoryException(String message, Throwable cause) { super(message, cause); }
}
