package playbook.engine.exec;

import playbook.engine.connection.Connection;
import playbook.engine.connection.WatchedConnection;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A task's {@code timeout:} (or {@code --task-timeout}) on one host: when it expires, the commands
 * the task is running are killed, on the host too (their process group), new ones are refused,
 * and the task fails with Ansible's message. A task that sleeps or transfers instead is
 * interrupted. {@link #close()} waits until the kill is done, so nothing the task started is
 * left running when the next task begins.
 */
final class TaskTimeout implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "task-timeout");
        t.setDaemon(true);
        return t;
    });

    /** No time limit. */
    static final TaskTimeout NONE = new TaskTimeout(0, null);

    private final int seconds;
    private final String action;
    private final Thread worker;
    private final List<WatchedConnection> watched = new CopyOnWriteArrayList<>();
    private final CountDownLatch aborted = new CountDownLatch(1);
    private final ScheduledFuture<?> alarm;
    private boolean fired;
    private boolean closed;

    private TaskTimeout(int seconds, String action) {
        this.seconds = seconds;
        this.action = action;
        this.worker = Thread.currentThread();
        this.alarm = seconds > 0 ? TIMER.schedule(this::fire, seconds, TimeUnit.SECONDS) : null;
    }

    /** Starts the clock for {@code action} on the calling thread; {@link #NONE} for 0 or less. */
    static TaskTimeout start(int seconds, String action) {
        return seconds > 0 ? new TaskTimeout(seconds, action) : NONE;
    }

    /** The connection as this task must use it: watched when there is a time limit. */
    Connection watch(Connection c, String host) {
        if (alarm == null) return c;
        WatchedConnection w = new WatchedConnection(c, host);
        watched.add(w);
        if (fired()) w.abort(message());
        return w;
    }

    private void fire() {
        synchronized (this) {
            if (closed) return;
            fired = true;
        }
        try {
            boolean killedOne = false;
            for (WatchedConnection w : watched) killedOne |= w.abort(message());
            synchronized (this) {
                // nothing to kill: the task sleeps, waits or transfers on this thread
                if (!killedOne && !closed) worker.interrupt();
            }
        } finally {
            aborted.countDown();
        }
    }

    synchronized boolean fired() { return fired; }

    String message() {
        return "The " + action + " action failed to execute in the expected time frame (" + seconds + ") and was terminated";
    }

    /** Ansible's result for a task that ran out of time. */
    Map<String, Object> result() {
        Map<String, Object> m = ActionRunner.failedResult(message());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("period", (long) seconds);
        m.put("timedout", t);
        return m;
    }

    /** Stops the clock; after a timeout, waits for the kill to finish and clears the interrupt meant for the task. */
    @Override
    public void close() {
        if (alarm == null) return;
        boolean wasFired;
        synchronized (this) {
            closed = true;
            wasFired = fired;
        }
        alarm.cancel(false);
        if (!wasFired) return;
        while (true) {
            try {
                aborted.await();
                break;
            } catch (InterruptedException e) {
                // the interrupt meant for the task itself
            }
        }
        Thread.interrupted();
    }
}
