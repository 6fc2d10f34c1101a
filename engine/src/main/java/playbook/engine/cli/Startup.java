package playbook.engine.cli;

import playbook.engine.connection.SshWarmup;
import playbook.engine.parse.YamlLoader;

import java.util.concurrent.CountDownLatch;

/**
 * Start-up work done on a second core while the main thread has picocli build and parse the
 * command: setting up logging (logback finding its configurator and loading its classes, about
 * 30 ms); for {@code run}, a first pass of the YAML parser; and for a run that connects,
 * {@link SshWarmup} (the whole SSH handshake without a keeper, only the digest with one).
 * Nothing asks SLF4J for a logger before {@link #awaitLogging} returned: a logger asked for
 * during the set-up would be a substitute that SLF4J warns about replaying.
 */
final class Startup {
    private static final CountDownLatch LOGGING = new CountDownLatch(1);
    private static volatile boolean begun;

    private Startup() {}

    /** From {@code main} only: tests that call {@link Main#run} set logging up on their own thread. */
    static void begin(boolean readsPlaybooks, boolean connects) {
        begun = true;
        Thread t = new Thread(() -> {
            try {
                org.slf4j.LoggerFactory.getILoggerFactory();
            } finally {
                LOGGING.countDown();
            }
            if (readsPlaybooks) warmYaml();
            if (connects) SshWarmup.runUnlessKept();
        }, "startup");
        t.setDaemon(true); // never delays the JVM's exit
        t.start();
    }

    /**
     * Loads and runs the YAML parser once on a document of the playbook's shape, so that the main
     * thread finds its classes (about a hundred) loaded and initialised when it reads the real files.
     */
    private static void warmYaml() {
        try {
            new YamlLoader(w -> { }).composeAll("- hosts: all\n  vars: {a: [1, 'b']}\n  tasks:\n    - name: x\n"
                    + "      debug: { msg: \"{{ a }}\" }\n", "(warm-up)");
        } catch (RuntimeException | LinkageError e) {
            // only a head start: the real parse reports any real problem itself
        }
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
