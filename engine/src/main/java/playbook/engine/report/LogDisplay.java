package playbook.engine.report;

import org.slf4j.Logger;

/**
 * The log-file side of {@link Display}, as Ansible's {@code log_path} logger: uncoloured, leading
 * newlines stripped, screen-only messages left out, and messages Ansible logs below INFO (those in
 * the "debug" colour: task paths, retries) not logged at all. Warnings are logged at WARN, errors
 * at ERROR, the rest at INFO. Every message passes through the {@link Redactor}.
 */
final class LogDisplay implements Display {
    private final Logger logger;
    private final String prefix;
    private final Redactor redactor;

    /** {@code prefix}: what Ansible's log format puts before the message ("p=PID u=USER n=ansible | "). */
    LogDisplay(Logger logger, String prefix, Redactor redactor) {
        this.logger = logger;
        this.prefix = prefix;
        this.redactor = redactor;
    }

    @Override public boolean colored() { return false; }

    @Override public void display(String msg, Color color, boolean stderr, Scope scope) {
        if (scope == Scope.SCREEN_ONLY || color == Color.DEBUG) return;
        String text = prefix + redactor.apply(msg.replaceFirst("^\n+", ""));
        if (color == null) {
            logger.info(text);
            return;
        }
        switch (color) {
            case ERROR, UNREACHABLE -> logger.error(text);
            case WARN, SKIP, DEPRECATE -> logger.warn(text);
            default -> logger.info(text);
        }
    }
}
