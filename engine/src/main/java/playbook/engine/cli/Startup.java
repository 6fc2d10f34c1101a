package playbook.engine.cli;

import playbook.engine.connection.SshWarmup;

import java.util.concurrent.CountDownLatch;

/**
 * Start-up work done on a second core while the main thread has picocli build and parse the
 * command: setting up logging (logback finding its configurator and loading its classes, about
 * 30 ms) and, for a run that connects without a keeper, {@link SshWarmup}. Nothing asks SLF4J for
 * a logger before {@link #awaitLogging} returned: a logger asked for during the set-up would be a
 * substitute that SLF4J warns about replaying.
 */
final class Startup {
    private static final CountDownLatch LOGGING = new CountDownLatch(1);
    private static volatile boolean begun;

    private Startup() {}

    /** From {@code main} only: tests that call {@link Main#run} set logging up on their own thread. */
    static void begin(boolean connects) {
        begun = true;
        Thread t = new Thread(() -> {
            try {
                org.slf4j.LoggerFactory.getILoggerFactory();
            } finally {
                LOGGING.countDown();
            }
            if (connects) SshWarmup.runUnlessKept();
        }, "startup");
        t.setDaemon(true); // never delays the JVM's exit
        t.start();
    }

    /** Returns once logging is set up (setting it up here when {@link #begin} was not called). */
    static void awaitLogging() {
        if (begun) {
            boolean interrupted = false;
            while (true) {
                try {
                    LOGGING.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        org.slf4j.LoggerFactory.getILoggerFactory();
    }
}
