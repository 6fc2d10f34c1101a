package playbook.engine.exec;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C for the command line: the first SIGINT asks the run to stop starting tasks (tasks in
 * flight finish, the recap is printed, the exit code is 99); the second aborts at once.
 * Installed only by the real {@code main}, so in-process callers (tests) are not affected.
 */
public final class Interrupts {
    private static final AtomicInteger COUNT = new AtomicInteger();

    private Interrupts() {}

    /** Handles SIGINT; messages go to {@code err}. */
    @SuppressWarnings("restriction")
    public static void install(PrintStream err) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), sig -> {
                if (COUNT.incrementAndGet() == 1) {
                    err.println("\n[ERROR]: User interrupted execution: finishing the tasks in flight, starting no new ones."
                            + " Press Ctrl-C again to abort now.");
                } else {
                    err.println("\n[ERROR]: Aborted.");
                    err.flush();
                    Runtime.getRuntime().halt(99);
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGINT on this platform/JVM: Ctrl-C then ends the JVM the default way
        }
    }

    /** True once the user pressed Ctrl-C. */
    public static boolean requested() {
        return COUNT.get() > 0;
    }
}
