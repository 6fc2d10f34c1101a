package playbook.engine.report;

/**
 * Where {@link DefaultCallback} sends what it would show, modelled on Ansible's {@code Display.display}:
 * a message, its colour (null for none), whether it belongs on stderr, and whether it is for the
 * screen only or the log only. The message is not yet coloured; {@link #colored()} tells the
 * callback whether it may embed colours itself (the recap and diffs colour parts of a line).
 */
public interface Display {
    enum Scope { BOTH, SCREEN_ONLY, LOG_ONLY }

    void display(String msg, Color color, boolean stderr, Scope scope);

    /** Whether this display shows colours. */
    boolean colored();

    default void display(String msg, Color color) { display(msg, color, false, Scope.BOTH); }

    default void display(String msg) { display(msg, null, false, Scope.BOTH); }
}
