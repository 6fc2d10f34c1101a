package playbook.engine.connection;

import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Run-wide transport settings from the command line and ansible.cfg. Host variables
 * ({@code ansible_port}, {@code ansible_ssh_common_args}, ...) and {@code ~/.ssh/config}
 * refine them per host; see {@link SshSettingsResolver}.
 *
 * @param timeoutSeconds     connect timeout and become-prompt timeout ({@code -T/--timeout}, {@code [defaults] timeout})
 * @param hostKeyChecking    false turns host key checking off ({@code host_key_checking}, {@code ANSIBLE_HOST_KEY_CHECKING})
 * @param sshArgs            {@code [ssh_connection] ssh_args}; honoured for -o/-J/-F/-i/-p like {@code ansible_ssh_common_args}
 * @param privateKeyFile     {@code --private-key} / {@code private_key_file}; null for none
 * @param remoteUser         {@code -u} / {@code remote_user}; null lets ssh config or the local user decide
 * @param password           {@code -k/--ask-pass} answer; {@code ansible_password} wins per host; null for none
 * @param becomePassword     {@code -K} / {@code --become-password-file}; {@code ansible_become_password} wins per host
 * @param keyPassphrase      passphrase for encrypted private keys; null to ask on a TTY (or fail clearly without one)
 * @param retries            reconnect attempts after refused/timeout ({@code [ssh_connection] retries}); {@code ansible_ssh_retries} wins
 * @param sshConfigFile      the ssh client config; null for {@code ~/.ssh/config}
 * @param useSshBinary       resolve ssh config with {@code ssh -G} when the binary exists (else the built-in parser)
 * @param agentSocket        ssh-agent socket; null for {@code $SSH_AUTH_SOCK}
 * @param maxChannels        channels open at once per connection (OpenSSH MaxSessions is 10)
 * @param verbose            (level, message) sink for -v output; never receives secrets
 * @param prompter           asks the user for a secret (prompt -> answer), null answer when there is no TTY
 * @param transfers          progress of put/get
 */
public record ConnectionOptions(int timeoutSeconds, boolean hostKeyChecking, String sshArgs, String privateKeyFile,
                                String remoteUser, String password, String becomePassword, String keyPassphrase,
                                int retries, Path sshConfigFile, boolean useSshBinary, Path agentSocket, int maxChannels,
                                BiConsumer<Integer, String> verbose, Function<String, char[]> prompter,
                                TransferListener transfers) {

    public ConnectionOptions {
        if (timeoutSeconds <= 0) timeoutSeconds = 10;
        if (retries < 0) retries = 0;
        if (maxChannels <= 0) maxChannels = 10;
        if (sshArgs == null) sshArgs = "";
        if (verbose == null) verbose = (l, m) -> {};
        if (prompter == null) prompter = ConnectionOptions::consolePrompt;
        if (transfers == null) transfers = TransferListener.NONE;
    }

    public static ConnectionOptions defaults() {
        return new ConnectionOptions(10, true, "", null, null, null, null, null, 3, null, true, null, 10,
                null, null, null);
    }

    public ConnectionOptions withTimeout(int seconds) {
        return new ConnectionOptions(seconds, hostKeyChecking, sshArgs, privateKeyFile, remoteUser, password, becomePassword,
                keyPassphrase, retries, sshConfigFile, useSshBinary, agentSocket, maxChannels, verbose, prompter, transfers);
    }

    public ConnectionOptions withHostKeyChecking(boolean on) {
        return new ConnectionOptions(timeoutSeconds, on, sshArgs, privateKeyFile, remoteUser, password, becomePassword,
                keyPassphrase, retries, sshConfigFile, useSshBinary, agentSocket, maxChannels, verbose, prompter, transfers);
    }

    public ConnectionOptions withSshConfig(Path file, boolean useSshBinary) {
        return new ConnectionOptions(timeoutSeconds, hostKeyChecking, sshArgs, privateKeyFile, remoteUser, password, becomePassword,
                keyPassphrase, retries, file, useSshBinary, agentSocket, maxChannels, verbose, prompter, transfers);
    }

    public ConnectionOptions withSshArgs(String args) {
        return new ConnectionOptions(timeoutSeconds, hostKeyChecking, args, privateKeyFile, remoteUser, password, becomePassword,
                keyPassphrase, retries, sshConfigFile, useSshBinary, agentSocket, maxChannels, verbose, prompter, transfers);
    }

    public ConnectionOptions withCredentials(String privateKeyFile, String password, String becomePassword, String keyPassphrase) {
        return new ConnectionOptions(timeoutSeconds, hostKeyChecking, sshArgs, privateKeyFile, remoteUser, password, becomePassword,
                keyPassphrase, retries, sshConfigFile, useSshBinary, agentSocket, maxChannels, verbose, prompter, transfers);
    }

    public ConnectionOptions withRetries(int n) {
        return new ConnectionOptions(timeoutSeconds, hostKeyChecking, sshArgs, privateKeyFile, remoteUser, password, becomePassword,
                keyPassphrase, n, sshConfigFile, useSshBinary, agentSocket, maxChannels, verbose, prompter, transfers);
    }

    public ConnectionOptions withAgent(Path socket) {
        return new ConnectionOptions(timeoutSeconds, hostKeyChecking, sshArgs, privateKeyFile, remoteUser, password, becomePassword,
                keyPassphrase, retries, sshConfigFile, useSshBinary, socket, maxChannels, verbose, prompter, transfers);
    }

    public ConnectionOptions withListeners(BiConsumer<Integer, String> verbose, Function<String, char[]> prompter,
                                           TransferListener transfers) {
        return new ConnectionOptions(timeoutSeconds, hostKeyChecking, sshArgs, privateKeyFile, remoteUser, password, becomePassword,
                keyPassphrase, retries, sshConfigFile, useSshBinary, agentSocket, maxChannels, verbose, prompter, transfers);
    }

    public ConnectionOptions withRemoteUser(String user) {
        return new ConnectionOptions(timeoutSeconds, hostKeyChecking, sshArgs, privateKeyFile, user, password, becomePassword,
                keyPassphrase, retries, sshConfigFile, useSshBinary, agentSocket, maxChannels, verbose, prompter, transfers);
    }

    /** Reads a secret from the controlling terminal; null when there is none (CI, tests). */
    static char[] consolePrompt(String prompt) {
        java.io.Console c = System.console();
        return c == null ? null : c.readPassword("%s", prompt);
    }

    @Override
    public String toString() { // never print secrets
        return "ConnectionOptions[timeout=" + timeoutSeconds + "s, hostKeyChecking=" + hostKeyChecking + ", retries=" + retries
                + ", sshConfig=" + sshConfigFile + ", key=" + privateKeyFile + ", user=" + remoteUser
                + ", password=" + (password == null ? "no" : "***") + ", becomePassword=" + (becomePassword == null ? "no" : "***") + "]";
    }
}
