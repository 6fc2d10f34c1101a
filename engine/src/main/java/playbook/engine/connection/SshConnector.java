package playbook.engine.connection;

import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.transport.TransportException;
import playbook.engine.ConnectionException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens authenticated sshj clients: modern algorithms ordered by known_hosts, keepalive set
 * before connecting, connect and handshake timeouts, bounded retries with backoff for refused
 * and timed-out connections, and ProxyJump chains through {@code newDirectConnection}.
 */
final class SshConnector {
    static final int DEFAULT_KEEPALIVE_SECONDS = 15;
    /** sshj logs broken transports at ERROR with stack traces; we report them ourselves. */
    private static final net.schmizz.sshj.common.LoggerFactory QUIET = new net.schmizz.sshj.common.LoggerFactory() {
        @Override public org.slf4j.Logger getLogger(String name) { return org.slf4j.helpers.NOPLogger.NOP_LOGGER; }
        @Override public org.slf4j.Logger getLogger(Class<?> clazz) { return org.slf4j.helpers.NOPLogger.NOP_LOGGER; }
    };
    private final ConnectionOptions options;
    private final SshSettingsResolver resolver;
    /** The jump hosts as a run resolved them (the keeper's connector); null: resolve the target's ProxyJump here. */
    private final List<SshSettings> resolvedHops;

    SshConnector(ConnectionOptions options, SshSettingsResolver resolver) {
        this(options, resolver, null);
    }

    SshConnector(ConnectionOptions options, SshSettingsResolver resolver, List<SshSettings> resolvedHops) {
        this.options = options;
        this.resolver = resolver;
        this.resolvedHops = resolvedHops;
    }

    /** The jump hosts of {@code target}'s ProxyJump, first hop first, with their own settings (ssh config, -J spec). */
    List<SshSettings> hops(SshSettings target) {
        if (resolvedHops != null) return resolvedHops;
        List<SshSettings> hops = new ArrayList<>();
        if (target.proxyJump() != null) {
            for (String spec : target.proxyJump().split(",")) hops.add(resolver.hop(spec.trim(), target));
        }
        return hops;
    }

    /** The clients of the chain, jump hosts first and the target last. */
    List<SSHClient> open(SshSettings target) {
        List<SshSettings> hops = new ArrayList<>(hops(target));
        hops.add(target);
        List<SSHClient> chain = new ArrayList<>();
        try {
            for (SshSettings hop : hops) {
                SSHClient via = chain.isEmpty() ? null : chain.get(chain.size() - 1);
                chain.add(connectWithRetries(hop, via, hop == target ? null : target));
            }
            return chain;
        } catch (RuntimeException e) {
            close(chain);
            throw e;
        }
    }

    private SSHClient connectWithRetries(SshSettings s, SSHClient via, SshSettings jumpFor) {
        int attempts = Math.max(1, s.retries() + 1);
        for (int attempt = 1; ; attempt++) {
            try {
                return connect(s, via, jumpFor);
            } catch (Retryable r) {
                if (attempt >= attempts) {
                    throw new ConnectionException(r.getMessage() + (attempts > 1 ? " (after " + attempts + " attempts)" : ""), r.getCause());
                }
                long backoff = Math.min(5000, 250L << (attempt - 1));
                options.verbose().accept(2, r.getMessage() + "; retrying in " + backoff + " ms (" + attempt + "/" + (attempts - 1) + ")");
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConnectionException("interrupted while connecting to " + s.alias(), e);
                }
            }
        }
    }

    /** A refused or timed-out attempt that may be retried. */
    private static final class Retryable extends RuntimeException {
        Retryable(String message, Throwable cause) { super(message, cause); }
    }

    private SSHClient connect(SshSettings s, SSHClient via, SshSettings jumpFor) {
        KnownHostsVerifier verifier = new KnownHostsVerifier(s.alias(), s.knownHostsFiles(), s.strictHostKeyChecking(), options.verbose());
        DefaultConfig config = SshAlgorithms.config(verifier.knownTypes(s.hostName(), s.port()));
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        config.setLoggerFactory(QUIET); // failures reach the user as one-line ConnectionExceptions, not sshj stack traces
        SSHClient client = new SSHClient(config);
        client.setSocketFactory(new NoDelaySocketFactory());
        client.addHostKeyVerifier(verifier);
        int interval = s.serverAliveInterval() > 0 ? s.serverAliveInterval() : DEFAULT_KEEPALIVE_SECONDS;
        client.getConnection().getKeepAlive().setKeepAliveInterval(interval);
        if (client.getConnection().getKeepAlive() instanceof KeepAliveRunner k) k.setMaxAliveCount(Math.max(1, s.serverAliveCountMax()));
        int timeoutMs = s.connectTimeoutSeconds() * 1000;
        client.setConnectTimeout(timeoutMs);
        client.setTimeout(timeoutMs);
        client.getTransport().setTimeoutMs(timeoutMs);
        String where = "connect to " + s.describe() + (jumpFor == null ? "" : " (jump host for " + jumpFor.alias() + ")")
                + (via == null ? "" : " through the jump host");
        try {
            if (via == null) {
                client.connect(s.hostName(), s.port());
            } else {
                DirectConnection dc = via.newDirectConnection(s.hostName(), s.port());
                client.connectVia(dc);
            }
        } catch (UnknownHostException e) {
            quietClose(client);
            throw new ConnectionException("Failed to " + where + ": could not resolve hostname " + s.hostName() + ".", e);
        } catch (ConnectException | NoRouteToHostException e) {
            quietClose(client);
            throw new Retryable("Failed to " + where + ": " + e.getMessage(), e);
        } catch (SocketTimeoutException e) {
            quietClose(client);
            throw new Retryable("Failed to " + where + ": timed out after " + s.connectTimeoutSeconds() + " s", e);
        } catch (TransportException e) {
            quietClose(client);
            if (verifier.failure() != null) throw new ConnectionException(verifier.failure(), e);
            if (isTimeout(e)) throw new Retryable("Failed to " + where + ": the server did not complete the SSH handshake within "
                    + s.connectTimeoutSeconds() + " s", e);
            throw new ConnectionException("Failed to " + where + ": " + describe(e), e);
        } catch (IOException e) {
            quietClose(client);
            if (verifier.failure() != null) throw new ConnectionException(verifier.failure(), e);
            if (isTimeout(e)) throw new Retryable("Failed to " + where + ": timed out after " + s.connectTimeoutSeconds() + " s", e);
            if (via != null && e instanceof net.schmizz.sshj.connection.ConnectionException) {
                throw new Retryable("Failed to " + where + ": the jump host could not open a channel (" + e.getMessage() + ")", e);
            }
            throw new ConnectionException("Failed to " + where + ": " + describe(e), e);
        }
        try {
            new SshAuthenticator(options).authenticate(client, s);
            if (client.getSocket() != null) client.getSocket().setSoTimeout(0); // keepalive watches an idle connection now
        } catch (IOException e) {
            quietClose(client);
            throw new ConnectionException("Failed to " + where + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            quietClose(client);
            throw e;
        }
        return client;
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException) return true;
            if (t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("timed out")) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return root != e && root.getMessage() != null && !m.contains(root.getMessage()) ? m + " (" + root.getMessage() + ")" : m;
    }

    static void close(List<SSHClient> chain) {
        for (int i = chain.size() - 1; i >= 0; i--) quietClose(chain.get(i));
    }

    private static void quietClose(SSHClient c) {
        try {
            c.close();
        } catch (IOException | RuntimeException ignored) {
            // closing is best effort
        }
    }
}
