package playbook.engine.report;

import java.io.PrintStream;

/**
 * The terminal side of {@link Display}: writes like Ansible's {@code Display.display} (one trailing
 * newline of the message is replaced by the line end, the rest is coloured line by line), to
 * {@code out} or, for stderr messages, to {@code err}. Every message is passed through the
 * {@link Redactor} before it is coloured. Thread-safe: one message is written at a time, after the
 * live {@link StatusLine} (if any) is erased.
 */
final class ScreenDisplay implements Display {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean color;
    private final Redactor redactor;
    private final StatusLine status;

    /** Held while anything is written to the screen: messages, the status line, progress lines. */
    static final Object LOCK = ScreenDisplay.class;

    ScreenDisplay(PrintStream out, PrintStream err, boolean color, Redactor redactor) {
        this(out, err, color, redactor, null);
    }

    /** {@code status}: the live line to erase before each message; null when there is none (no terminal). */
    ScreenDisplay(PrintStream out, PrintStream err, boolean color, Redactor redactor, StatusLine status) {
        this.out = out;
        this.err = err == null ? out : err;
        this.color = color;
        this.redactor = redactor;
        this.status = status;
    }

    @Override public boolean colored() { return color; }

    @Override public void display(String msg, Color c, boolean stderr, Scope scope) {
        if (scope == Scope.LOG_ONLY) return;
        String text = redactor.apply(msg);
        if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
        if (c != null && color) text = c.wrap(text);
        PrintStream target = stderr ? err : out;
        synchronized (LOCK) {
            if (status != null) status.clear();
            if (stderr && err != out) out.flush();
            target.print(text);
            target.print('\n');
            target.flush();
        }
    }
}
