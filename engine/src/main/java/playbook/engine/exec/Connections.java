package playbook.engine.exec;

import playbook.engine.ConnectionException;
import playbook.engine.connection.Connection;
import playbook.engine.connection.ConnectionOptions;
import playbook.engine.connection.LocalConnection;
import playbook.engine.connection.SshTransport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection per host for the whole run, opened on first use and closed at the end.
 * The transport comes from {@code ansible_connection} (a host var wins over the play's
 * {@code connection:} keyword, as in Ansible). SSH connections connect lazily on their first
 * command, so a slow host does not hold up the others.
 */
final class Connections implements AutoCloseable {
    private final Map<String, Connection> open = new ConcurrentHashMap<>();
    private final ConnectionOptions options;
    private final SshTransport ssh;

    Connections() {
        this(ConnectionOptions.defaults());
    }

    Connections(ConnectionOptions options) {
        this.options = options;
        this.ssh = new SshTransport(options);
    }

    Connection get(String host, String type, Map<String, Object> vars) {
        return open.computeIfAbsent(host + "|" + type, k -> create(host, type, vars));
    }

    private Connection create(String host, String type, Map<String, Object> vars) {
        return switch (type) {
            case "local" -> new LocalConnection(host, SshTransport.becomePassword(vars, options), options.timeoutSeconds());
            case "ssh", "smart", "paramiko", "ansible.builtin.ssh", "ansible.builtin.paramiko_ssh" -> ssh.connection(host, vars);
            default -> throw new ConnectionException("Failed to connect to the host via " + type + ": the '" + type
                    + "' transport is not available in this build (use ssh or local) for " + host + ".");
        };
    }

    /** Drops a host's connection (meta: reset_connection). */
    void reset(String host) {
        open.entrySet().removeIf(e -> {
            if (!e.getKey().startsWith(host + "|")) return false;
            e.getValue().reset();
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
