package playbook.engine.exec;

import playbook.engine.ConnectionException;
import playbook.engine.PlaybookException;
import playbook.engine.api.ExecResult;
import playbook.engine.api.WaitClock;
import playbook.engine.connection.Connection;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    private final WaitClock clock;

    ConnectionWaiter(Connections connections, WaitClock clock) {
        this.connections = connections;
        this.clock = clock;
    }

    /** The settings of one wait, in seconds as the task gives them. */
    record Settings(long delay, long sleep, long timeout, long connectTimeout) {}

    /**
     * Waits for {@code host}. The result has {@code elapsed} (whole seconds) and, on timeout,
     * {@code failed} with a message naming the host and the last error.
     */
    Map<String, Object> await(String host, String type, Map<String, Object> vars, Settings s) {
        long start = clock.now();
        clock.sleep(TimeUnit.SECONDS.toMillis(s.delay()), ConnectionException::new);
        long deadline = clock.deadline(s.timeout());
        String last = null;
        int tries = 0;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", false);
        result.put("failed", false);
        while (true) {
            tries++;
            long leftSeconds = Math.max(1, TimeUnit.MILLISECONDS.toSeconds(clock.millisUntil(deadline)));
            connections.reset(host);
            Map<String, Object> v = new HashMap<>(vars);
            v.put("ansible_ssh_retries", 0L);
            v.put("ansible_timeout", Math.max(1, Math.min(s.connectTimeout(), leftSeconds)));
            try {
                Connection c = connections.get(host, type, v);
                ExecResult r = c.exec(PING, null);
                if (r.rc() == 0 && r.stdout().contains("pong")) {
                    result.put("elapsed", clock.secondsSince(start));
                    return result;
                }
                last = "'" + PING + "' exited " + r.rc() + (r.stderr().isBlank() ? "" : ": " + r.stderr().strip());
            } catch (PlaybookException e) {
                last = e.getMessage();
            }
            if (clock.millisUntil(deadline) == 0) break;
            clock.sleep(Math.min(TimeUnit.SECONDS.toMillis(Math.max(0, s.sleep())), clock.millisUntil(deadline)),
                    ConnectionException::new);
            if (clock.millisUntil(deadline) == 0) break;
        }
        result.put("elapsed", clock.secondsSince(start));
        result.put("failed", true);
        result.put("msg", "timed out waiting for the connection to " + host + " after " + s.timeout() + " s (" + tries
                + (tries == 1 ? " try" : " tries") + "): " + last);
        return result;
    }
}
