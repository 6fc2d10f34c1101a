package playbook.engine.report;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The run log Ansible writes when {@code log_path} (ANSIBLE_LOG_PATH, PLAYBOOK_LOG) is set: the
 * same lines as the console, uncoloured, each as
 * {@code 2026-11-22 08:00:00,123 p=PID u=USER n=ansible | TASK [x] ****}, appended to the file.
 * Written through SLF4J to a logback logger of its own that does not propagate, with a file
 * appender configured here, so no library logging reaches the file and this log reaches nothing
 * else. Close it at the end of the run.
 */
public final class LogFileReporter extends DefaultCallback implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final Logger logger;
    private final FileAppender<ILoggingEvent> appender;

    /**
     * @throws IllegalArgumentException when the file cannot be opened for appending (Ansible warns
     *         "log file at PATH is not writeable and we cannot create it, aborting" and runs without)
     */
    public LogFileReporter(Path path, int verbosity, boolean showDiff) {
        this(path, verbosity, showDiff, Redactor.shared());
    }

    public LogFileReporter(Path path, int verbosity, boolean showDiff, Redactor redactor) {
        this(open(path), verbosity, showDiff, redactor);
    }

    private LogFileReporter(Sink sink, int verbosity, boolean showDiff, Redactor redactor) {
        super(new LogDisplay(sink.logger, prefix(), redactor), verbosity, showDiff);
        this.logger = sink.logger;
        this.appender = sink.appender;
    }

    private record Sink(Logger logger, FileAppender<ILoggingEvent> appender) {}

    /** "p=PID u=USER n=ansible | ", Ansible's fields after the timestamp. */
    static String prefix() {
        return "p=" + ProcessHandle.current().pid() + " u=" + System.getProperty("user.name") + " n=ansible | ";
    }

    private static Sink open(Path path) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            throw new IllegalStateException("log file needs logback as the SLF4J backend");
        }
        int n = SEQ.incrementAndGet();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{ISO8601} %msg%n");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(ctx);
        appender.setName("playbook-log-file-" + n);
        appender.setFile(path.toAbsolutePath().toString());
        appender.setAppend(true);
        appender.setImmediateFlush(true);
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted()) {
            encoder.stop();
            throw new IllegalArgumentException("log file at " + path + " is not writeable and we cannot create it");
        }
        Logger logger = ctx.getLogger("playbook.runlog." + n);
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        return new Sink(logger, appender);
    }

    /** Flushes and closes the file; later events are dropped. */
    @Override public void close() {
        logger.detachAppender(appender);
        logger.setLevel(Level.OFF);
        appender.stop();
    }
}
