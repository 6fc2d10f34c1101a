package playbook.engine.report;

import java.io.PrintStream;

/**
 * The terminal output of a run, line for line as ansible-playbook 2.14's default callback prints
 * it (see {@link DefaultCallback}). {@code color}: the caller decides (TTY, NO_COLOR,
 * ANSIBLE_FORCE_COLOR). {@code verbosity}: the number of {@code -v}. {@code showDiff}: {@code --diff}.
 * Warnings and deprecations go to {@code err} as in Ansible (to {@code out} when no err stream is
 * given). Every line passes through the {@link Redactor} (by default {@link Redactor#shared()}).
 */
public class ConsoleReporter extends DefaultCallback {

    public ConsoleReporter(PrintStream out, boolean color, int verbosity, boolean showDiff) {
        this(out, out, color, verbosity, showDiff, Redactor.shared());
    }

    public ConsoleReporter(PrintStream out, PrintStream err, boolean color, int verbosity, boolean showDiff) {
        this(out, err, color, verbosity, showDiff, Redactor.shared());
    }

    public ConsoleReporter(PrintStream out, PrintStream err, boolean color, int verbosity, boolean showDiff,
                           Redactor redactor) {
        super(new ScreenDisplay(out, err, color, redactor), verbosity, showDiff);
    }

    /** {@code progress}: its live line (if any) is erased before each line this reporter prints. */
    public ConsoleReporter(PrintStream out, PrintStream err, boolean color, int verbosity, boolean showDiff,
                           Redactor redactor, LiveProgress progress) {
        super(new ScreenDisplay(out, err, color, redactor, progress == null ? null : progress.statusLine()), verbosity, showDiff);
    }
}
