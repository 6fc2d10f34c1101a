package playbook.engine.connection;

import java.util.Map;

/**
 * The factory for SSH connections of one run: it owns the ssh-config resolver (so unsupported
 * options are reported once per run) and builds lazily connecting {@link SshConnection}s.
 */
public final class SshTransport {
    private final ConnectionOptions options;
    private final SshSettingsResolver resolver;
    private final SshConnector connector;

    public SshTransport(ConnectionOptions options) {
        this.options = options;
        this.resolver = new SshSettingsResolver(options);
        this.connector = new SshConnector(options, resolver);
    }

    /** A connection that opens on its first command; errors surface then as ConnectionException. */
    public Connection connection(String host, Map<String, Object> vars) {
        return new SshConnection(resolver.resolve(host, vars), connector, options, becomePassword(vars, options));
    }

    /** ansible_become_password (or _pass) for the host, else -K / --become-password-file. */
    public static String becomePassword(Map<String, Object> vars, ConnectionOptions options) {
        String v = SshSettingsResolver.str(vars, "ansible_become_password", "ansible_become_pass");
        return v != null ? v : options.becomePassword();
    }
}
