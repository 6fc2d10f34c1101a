package playbook.engine.exec;

import playbook.engine.ConnectionException;
import playbook.engine.connection.Connection;
import playbook.engine.connection.LocalConnection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection per host for the whole run, opened on first use and closed at the end.
 * The transport comes from {@code ansible_connection} (a host var wins over the play's
 * {@code connection:} keyword, as in Ansible).
 */
final class Connections implements AutoCloseable {
    private final Map<String, Connection> open = new ConcurrentHashMap<>();

    Connection get(String host, String type, Map<String, Object> vars) {
        return open.computeIfAbsent(host + "|" + type, k -> create(host, type, vars));
    }

    private static Connection create(String host, String type, Map<String, Object> vars) {
        return switch (type) {
            case "local" -> new LocalConnection(host);
            default -> throw new ConnectionException("Failed to connect to the host via " + type + ": the '" + type
                    + "' transport is not available in this build yet (only connection: local is). Use"
                    + " ansible_connection=local for " + host + ".");
        };
    }

    /** Drops a host's connection (meta: reset_connection). */
    void reset(String host) {
        open.entrySet().removeIf(e -> {
            if (!e.getKey().startsWith(host + "|")) return false;
            e.getValue().close();
            return true;
        });
    }

    @Override
    public void close() {
        for (Connection c : open.values()) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // closing is best effort at the end of a run
            }
        }
        open.clear();
    }
}
