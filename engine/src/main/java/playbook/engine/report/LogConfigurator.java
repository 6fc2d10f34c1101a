package playbook.engine.report;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

/**
 * Logging for the playbook CLI, set up in code (found by logback through ServiceLoader) instead
 * of a logback.xml: reading XML loaded about 600 classes (Joran, the JDK's SAX parser) at every
 * start. stdout belongs to the run output (ConsoleReporter), so nothing is logged there:
 * libraries (sshj, jinjava...) may only report WARN and above, on stderr. The run log (log_path /
 * PLAYBOOK_LOG) is a separate, non-additive logger that {@link LogFileReporter} configures.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        ctx.getStatusManager().add(new NopStatusListener());
        Line layout = new Line();
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(ctx);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** "[WARN] Lookups: message": the level, the logger's simple name and the formatted message (a pattern layout loads ~150 classes more). */
    static final class Line extends LayoutBase<ILoggingEvent> {
        @Override
        public String doLayout(ILoggingEvent e) {
            String name = e.getLoggerName();
            StringBuilder sb = new StringBuilder(64).append('[').append(e.getLevel()).append("] ")
                    .append(name.substring(name.lastIndexOf('.') + 1)).append(": ").append(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) sb.append(" (").append(e.getThrowableProxy().getClassName()).append(": ")
                    .append(e.getThrowableProxy().getMessage()).append(')');
            return sb.append(System.lineSeparator()).toString();
        }
    }
}
