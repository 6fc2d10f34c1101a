package playbook.engine.api;

/**
 * What one remote command produced. {@code ran} is false when the command was not executed
 * because the target is in check mode ({@link Target#apply}).
 */
public record ExecResult(int rc, String stdout, String stderr, boolean ran) {
    public ExecResult(int rc, String stdout, String stderr) { this(rc, stdout, stderr, true); }

    /** The placeholder result of an {@code apply} that check mode did not run. */
    public static ExecResult notRun() { return new ExecResult(0, "", "", false); }

    public boolean ok() { return rc == 0; }
}
