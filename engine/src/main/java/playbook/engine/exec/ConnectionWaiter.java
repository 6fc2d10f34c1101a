package playbook.engine.exec;

import playbook.engine.PlaybookException;
import playbook.engine.api.ExecResult;
import playbook.engine.connection.Connection;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * wait_for_connection: drops the host's connection and opens a new one (as meta:
 * reset_connection does) until a trivial command runs on it, or the timeout passes. Each try
 * connects once (no transport retries) within {@code connect_timeout}; the connection that
 * worked is kept for the tasks that follow.
 */
final class ConnectionWaiter {
    /** The command that proves the host answers: our stand-in for Ansible's ping module. */
    static final String PING = "echo pong";

    private final Connections connections;
    private final LongSupplier clock;
    private final Sleeper sleeper;

    /** Waits; a seam for tests. */
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    ConnectionWaiter(Connections connections) {
        this(connections, System::nanoTime, Thread::sleep);
    }

    ConnectionWaiter(Connections connections, LongSupplier nanoClock, Sleeper sleeper) {
        this.connections = connections;
        this.clock = nanoClock;
        this.sleeper = sleeper;
    }

    /** The settings of one wait, in seconds as the task gives them. */
    record Settings(long delay, long sleep, long timeout, long connectTimeout) {}

    /**
     * Waits for {@code host}. The result has {@code elapsed} (whole seconds) and, on timeout,
     * {@code failed} with a message naming the host and the last error.
     */
    Map<String, Object> await(String host, String type, Map<String, Object> vars, Settings s) {
        long start = clock.getAsLong();
        pause(TimeUnit.SECONDS.toMillis(s.delay()));
        long deadline = clock.getAsLong() + TimeUnit.SECONDS.toNanos(s.timeout());
        String last = null;
        int tries = 0;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", false);
        result.put("failed", false);
        while (true) {
            tries++;
            long leftSeconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - clock.getAsLong()));
            connections.reset(host);
            Map<String, Object> v = new HashMap<>(vars);
            v.put("ansible_ssh_retries", 0L);
            v.put("ansible_timeout", Math.max(1, Math.min(s.connectTimeout(), leftSeconds)));
            try {
                Connection c = connections.get(host, type, v);
                ExecResult r = c.exec(PING, null);
                if (r.rc() == 0 && r.stdout().contains("pong")) {
                    result.put("elapsed", elapsedSeconds(start));
                    return result;
                }
                last = "'" + PING + "' exited " + r.rc() + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip());
            } catch (PlaybookException e) {
                last = e.getMessage();
            }
            if (clock.getAsLong() >= deadline) break;
            pause(Math.min(TimeUnit.SECONDS.toMillis(Math.max(0, s.sleep())),
                    Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - clock.getAsLong()))));
            if (clock.getAsLong() >= deadline) break;
        }
        result.put("elapsed", elapsedSeconds(start));
        result.put("failed", true);
        result.put("msg", "timed out waiting for the connection to " + host + " after " + s.timeout() + " s (" + tries
                + (tries == 1 ? " try" : " tries") + "): " + last);
        return result;
    }

    private long elapsedSeconds(long start) {
        return TimeUnit.NANOSECONDS.toSeconds(clock.getAsLong() - start);
    }

    private void pause(long millis) {
        if (millis <= 0) return;
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new playbook.engine.ConnectionException("interrupted while waiting for a connection");
        }
    }
}
