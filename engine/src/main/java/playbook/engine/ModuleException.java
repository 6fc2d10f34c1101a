package playbook.engine;

/** A module failed on a host. The task is FAILED; the host leaves the play. */
public class ModuleException extends PlaybookException {
    public ModuleException(String message) { super(message); }
    public ModuleException(String message, Throwable cause) { super(message, cause); }
}
