package playbook.engine.connection;

import java.util.List;
import java.util.Map;

/**
 * The factory for SSH connections of one run: it owns the ssh-config resolver (so unsupported
 * options are reported once per run) and builds lazily connecting {@link SshConnection}s.
 */
public final class SshTransport {
    private final ConnectionOptions options;
    private final SshSettingsResolver resolver;
    private final SshConnector connector;

    private final int persistSeconds;

    public SshTransport(ConnectionOptions options) {
        this(options, KeeperClient.persistSeconds());
    }

    /**
     * {@code persistSeconds}: how long the connection keeper keeps connections after the run, for
     * every host; 0 for no keeper; -1 to follow each host's ssh args (ControlMaster/ControlPersist).
     */
    SshTransport(ConnectionOptions options, int persistSeconds) {
        this.persistSeconds = persistSeconds;
        this.options = options;
        this.resolver = new SshSettingsResolver(options);
        this.connector = new SshConnector(options, resolver);
    }

    /**
     * A connection that opens on its first command; errors surface then as ConnectionException.
     * With PLAYBOOK_CONTROL_PERSIST set, it goes through the connection keeper, which keeps it for
     * that many seconds after the run; a ProxyJump chain too, with its hops resolved here (this
     * run's ssh config).
     */
    public Connection connection(String host, Map<String, Object> vars) {
        SshSettings s = resolver.resolve(host, vars);
        SshConnection direct = new SshConnection(s, connector, options, becomePassword(vars, options));
        int persist = persistSeconds >= 0 ? persistSeconds : s.persistSeconds();
        if (persist <= 0) return direct;
        String agent = options.agentSocket() != null ? options.agentSocket().toString() : System.getenv("SSH_AUTH_SOCK");
        List<SshSettings> hops;
        try {
            hops = List.copyOf(connector.hops(s));
        } catch (RuntimeException e) {
            return direct; // a hop that does not resolve is reported by the connection's first use
        }
        KeeperProtocol.Target t = new KeeperProtocol.Target(s, options.keyPassphrase(), agent, options.maxChannels(),
                options.timeoutSeconds(), persist, hops);
        return new KeeperConnection(direct, t, options, becomePassword(vars, options));
    }

    /** ansible_become_password (or _pass) for the host, else -K / --become-password-file. */
    public static String becomePassword(Map<String, Object> vars, ConnectionOptions options) {
        String v = SshSettingsResolver.str(vars, "ansible_become_password", "ansible_become_pass");
        return v != null ? v : options.becomePassword();
    }
}
