package playbook.engine.api;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Time for the actions and modules that wait and retry (wait_for, wait_for_connection): a
 * monotonic clock and a sleep, which tests replace with a fake clock that only sleeping moves.
 */
public final class WaitClock {
    /** Sleeps for a number of milliseconds. */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** The real clock. */
    public static final WaitClock SYSTEM = new WaitClock(System::nanoTime, Thread::sleep);

    private final LongSupplier nanos;
    private final Sleeper sleeper;

    public WaitClock(LongSupplier nanos, Sleeper sleeper) {
        this.nanos = nanos;
        this.sleeper = sleeper;
    }

    /** Now, in nanoseconds of an arbitrary origin. */
    public long now() { return nanos.getAsLong(); }

    /** Now plus {@code seconds}. */
    public long deadline(long seconds) { return now() + TimeUnit.SECONDS.toNanos(seconds); }

    /** Whole seconds since {@code start} (a value of {@link #now()}), as Ansible reports {@code elapsed}. */
    public long secondsSince(long start) { return TimeUnit.NANOSECONDS.toSeconds(now() - start); }

    /** Milliseconds left until {@code deadline}, never negative. */
    public long millisUntil(long deadline) { return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - now())); }

    /**
     * Sleeps (nothing for zero or less). An interrupt keeps the thread's flag and throws what
     * {@code onInterrupt} makes of a message, so each caller reports it in its own terms.
     */
    public void sleep(long millis, Function<String, RuntimeException> onInterrupt) {
        if (millis <= 0) return;
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw onInterrupt.apply("interrupted while waiting");
        }
    }
}
