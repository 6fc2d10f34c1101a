package playbook.engine.connection;

import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.PasswordResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;
import playbook.engine.ConnectionException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Authenticates an SSH connection the way ssh does, in this order: the key files the user named,
 * ssh-agent keys, the other configured or default key files, keyboard-interactive, password.
 * Keys are decrypted before they are offered, so a wrong passphrase gets its own message instead
 * of "exhausted available authentication methods".
 */
final class SshAuthenticator {
    private final ConnectionOptions options;

    SshAuthenticator(ConnectionOptions options) {
        this.options = options;
    }

    void authenticate(SSHClient client, SshSettings s) {
        List<AuthMethod> methods = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        AgentClient agent = null;
        try {
            for (String f : s.explicitIdentities()) {
                KeyProvider kp = loadKey(client, f, true);
                methods.add(new AuthPublickey(kp));
                tried.add(f);
            }
            Path sock = options.agentSocket() != null ? options.agentSocket()
                    : System.getenv("SSH_AUTH_SOCK") == null ? null : Path.of(System.getenv("SSH_AUTH_SOCK"));
            if (sock != null && !(s.identitiesOnly() && !s.explicitIdentities().isEmpty())) {
                try {
                    agent = AgentClient.open(sock);
                    List<AgentClient.Identity> ids = agent.identities();
                    for (AgentClient.Identity id : ids) methods.add(new AgentAuthMethod(agent, id));
                    tried.add("ssh-agent (" + ids.size() + " key" + (ids.size() == 1 ? "" : "s") + ")");
                } catch (IOException e) {
                    options.verbose().accept(1, "ssh-agent at " + sock + " is not usable: " + e.getMessage());
                }
            }
            for (String f : s.identities()) {
                if (s.explicitIdentities().contains(f) || !Files.isReadable(Path.of(f))) continue;
                KeyProvider kp = loadKey(client, f, false);
                if (kp != null) {
                    methods.add(new AuthPublickey(kp));
                    tried.add(f);
                }
            }
            if (s.password() != null) {
                char[] pw = s.password().toCharArray();
                PasswordFinder finder = fixed(pw);
                methods.add(new AuthKeyboardInteractive(new PasswordResponseProvider(finder)));
                methods.add(new AuthPassword(finder));
                tried.add("keyboard-interactive");
                tried.add("password");
            }
            if (methods.isEmpty()) {
                throw new AuthenticationException("Failed to authenticate to " + s.alias() + " as " + s.describe()
                        + ": no credentials to offer (no key file, no ssh-agent, no password). Set ansible_ssh_private_key_file,"
                        + " load a key into ssh-agent, or give a password (ansible_password or -k).");
            }
            client.auth(s.user(), methods);
        } catch (UserAuthException e) {
            String allowed = String.join(",", client.getUserAuth().getAllowedMethods());
            throw new AuthenticationException("Failed to authenticate to " + s.alias() + " as " + s.describe() + ": Permission denied ("
                    + (allowed.isEmpty() ? "no method accepted" : allowed) + "). Tried " + String.join(", ", tried) + ".", e);
        } catch (net.schmizz.sshj.transport.TransportException e) {
            throw new ConnectionException("lost the connection to " + s.alias() + " (" + s.describe() + ") during authentication: "
                    + e.getMessage(), e);
        } finally {
            // the agent is only needed during auth
            if (agent != null) agent.close();
        }
    }

    /**
     * Loads and decrypts one private key. Explicit keys must load; a default key that is
     * encrypted with no passphrase available is skipped (noted at -v).
     */
    private KeyProvider loadKey(SSHClient client, String file, boolean explicit) {
        if (!Files.isReadable(Path.of(file))) {
            throw new AuthenticationException("the private key file " + file + " does not exist or is not readable"
                    + " (ansible_ssh_private_key_file, --private-key or ssh -i).");
        }
        AtomicBoolean asked = new AtomicBoolean();
        AtomicBoolean had = new AtomicBoolean();
        PasswordFinder finder = new PasswordFinder() {
            @Override
            public char[] reqPassword(Resource<?> resource) {
                asked.set(true);
                char[] p = options.keyPassphrase() != null ? options.keyPassphrase().toCharArray()
                        : options.prompter().apply("Enter passphrase for key '" + file + "': ");
                had.set(p != null);
                return p;
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) { return false; }
        };
        try {
            KeyProvider kp = client.loadKeys(file, finder);
            kp.getPrivate(); // decrypt now: a wrong passphrase must not look like a refused key
            return kp;
        } catch (IOException | RuntimeException e) {
            if (asked.get() && !had.get()) {
                if (!explicit) {
                    options.verbose().accept(1, "skipping encrypted key " + file + ": no passphrase available");
                    return null;
                }
                throw new AuthenticationException("the private key " + file + " is encrypted and no passphrase is available: run"
                        + " interactively to be asked, configure the passphrase, or load the key into ssh-agent (ssh-add).", e);
            }
            if (asked.get()) {
                throw new AuthenticationException("wrong passphrase for the private key " + file + " (it could not be decrypted).", e);
            }
            if (!explicit) {
                options.verbose().accept(1, "skipping unreadable key " + file + ": " + e.getMessage());
                return null;
            }
            throw new AuthenticationException("can't read the private key " + file + ": " + e.getMessage()
                    + " (supported: OpenSSH and PEM ed25519, ecdsa and RSA keys).", e);
        }
    }

    private static PasswordFinder fixed(char[] pw) {
        return new PasswordFinder() {
            @Override public char[] reqPassword(Resource<?> resource) { return pw.clone(); }
            @Override public boolean shouldRetry(Resource<?> resource) { return false; }
        };
    }
}
