package playbook.engine.cli;

import picocli.CommandLine.Option;
import playbook.engine.PlaybookException;
import playbook.engine.ParseException;
import playbook.engine.exec.RunOptions;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Options shared by {@code run} and {@code exec} (ansible-playbook's and ansible's common ones). */
final class CommonOptions {
    @picocli.CommandLine.Mixin VaultOptions vault = new VaultOptions();

    @Option(names = {"-i", "--inventory", "--inventory-file"}, description = "Inventory file, directory or host list (a,b,). Repeatable.")
    List<String> inventory = new ArrayList<>();

    @Option(names = {"-e", "--extra-vars"}, description = "key=value, @file.yml, or JSON/YAML. Repeatable.")
    List<String> extraVars = new ArrayList<>();

    @Option(names = {"-l", "--limit"}, description = "Further limit hosts to a pattern (or @file).")
    String limit;

    @Option(names = {"-C", "--check"}, description = "Predict changes without making them.")
    boolean check;

    @Option(names = {"-D", "--diff"}, description = "Show the differences in changed files.")
    boolean diff;

    @Option(names = {"-f", "--forks"}, description = "Parallel hosts (default: ansible.cfg forks, else 5).")
    Integer forks;

    @Option(names = "-v", description = "More output (-vvv shows stack traces).")
    boolean[] verbose = new boolean[0];

    @Option(names = {"-T", "--timeout"}, description = "Connection timeout in seconds (default 10).")
    Integer timeout;

    @Option(names = "--task-timeout", paramLabel = "SECONDS",
            description = "End a task that runs longer than this, and the commands it started on the host (default: ansible.cfg "
                    + "task_timeout, else 0, no limit). A task's own timeout: wins.")
    Integer taskTimeout;

    @Option(names = {"-u", "--user"}, description = "Remote user.")
    String user;

    @Option(names = {"-b", "--become"}, description = "Run operations with become.")
    boolean become;

    @Option(names = "--become-user", description = "Become this user (default root).")
    String becomeUser;

    @Option(names = "--become-method", description = "sudo (default), su or doas.")
    String becomeMethod;

    @Option(names = {"-c", "--connection"}, description = "Connection type for hosts that set none (ssh, local).")
    String connection;

    /** The run's vault from --vault-id / --vault-password-file / --ask-vault-pass / ansible.cfg; plaintexts are redacted. */
    playbook.engine.vault.Vault vault(Setup setup) {
        playbook.engine.vault.VaultSecrets secrets = vault.secrets(setup.cwd, setup.config.vaultPasswordFile(),
                playbook.engine.vault.VaultPrompt.console());
        return new playbook.engine.vault.Vault(secrets, setup.redactor::register);
    }

    @Option(names = {"-k", "--ask-pass"}, description = "Ask for the SSH password.")
    boolean askPass;

    @Option(names = {"-K", "--ask-become-pass"}, description = "Ask for the become (sudo) password.")
    boolean askBecomePass;

    @Option(names = "--connection-password-file", paramLabel = "FILE", description = "Read the SSH password from FILE.")
    java.nio.file.Path connectionPasswordFile;

    @Option(names = "--become-password-file", paramLabel = "FILE", description = "Read the become password from FILE.")
    java.nio.file.Path becomePasswordFile;

    @Option(names = {"--private-key", "--key-file"}, paramLabel = "FILE", description = "SSH private key file.")
    String privateKey;

    @Option(names = "--ssh-common-args", description = "Extra ssh arguments (-o K=V, -J, -F, -i, -p) for every host.")
    String sshCommonArgs;

    @Option(names = "--ssh-extra-args", description = "More ssh arguments, added after --ssh-common-args.")
    String sshExtraArgs;

    /** SSH settings from the options and ansible.cfg; passwords asked for are registered as secrets. */
    playbook.engine.connection.ConnectionOptions connectionOptions(Setup setup, int timeoutSeconds) {
        AnsibleConfig cfg = setup.config;
        String password = secret(setup, connectionPasswordFile, askPass, "SSH password: ");
        String becomePassword = secret(setup, becomePasswordFile, askBecomePass || cfg.becomeAskPass(),
                "BECOME password" + (password != null ? "[defaults to SSH password]" : "") + ": ");
        if (becomePassword != null && becomePassword.isEmpty() && password != null) becomePassword = password;
        StringBuilder args = new StringBuilder(cfg.sshArgs() == null ? "" : cfg.sshArgs());
        if (sshCommonArgs != null) args.append(' ').append(sshCommonArgs);
        if (sshExtraArgs != null) args.append(' ').append(sshExtraArgs);
        String key = privateKey != null ? privateKey : cfg.privateKeyFile().map(Object::toString).orElse(null);
        String remoteUser = user != null ? user : cfg.remoteUser().orElse(null);
        return playbook.engine.connection.ConnectionOptions.defaults()
                .withTimeout(timeoutSeconds)
                .withHostKeyChecking(cfg.hostKeyChecking())
                .withSshArgs(args.toString().trim())
                .withCredentials(key, password, becomePassword, null)
                .withRemoteUser(remoteUser)
                .withRetries(cfg.sshRetries() > 0 ? cfg.sshRetries() : playbook.engine.connection.ConnectionOptions.defaults().retries())
                .withListeners(null, progressAware(setup), setup.progress);
    }

    /** The console prompt for key passphrases, with the live progress line kept off the screen while it asks. */
    private static java.util.function.Function<String, char[]> progressAware(Setup setup) {
        java.util.function.Function<String, char[]> ask = playbook.engine.connection.ConnectionOptions.defaults().prompter();
        if (setup.progress == null) return ask;
        return prompt -> setup.progress.paused(() -> ask.apply(prompt));
    }

    private static String secret(Setup setup, java.nio.file.Path file, boolean ask, String prompt) {
        String value = null;
        if (file != null) {
            try {
                value = java.nio.file.Files.readString(setup.cwd.resolve(file)).lines().findFirst().orElse("");
            } catch (java.io.IOException e) {
                throw new playbook.engine.PlaybookException("can't read the password file " + file + ": " + e.getMessage());
            }
        } else if (ask) {
            java.io.Console c = System.console();
            if (c == null) {
                throw new playbook.engine.PlaybookException("can't ask for a password without a terminal; use "
                        + "--connection-password-file / --become-password-file, or ansible_password / ansible_become_password");
            }
            char[] answer = c.readPassword("%s", prompt);
            value = answer == null ? "" : new String(answer);
        }
        if (value != null && !value.isEmpty()) setup.redactor.register(value);
        return value;
    }

    int verbosity() {
        return verbose.length;
    }

    /** -e values, with -c/-u folded in as the lowest-priority connection vars; secret-looking ones registered. */
    Map<String, Object> extraVars(Setup setup) {
        Map<String, Object> extra = ExtraVars.parse(extraVars, setup.cwd, setup.yaml);
        setup.registerSecrets(extra);
        if (connection != null) extra.putIfAbsent("ansible_connection", connection);
        if (user != null) extra.putIfAbsent("ansible_user", user);
        return extra;
    }

    RunOptions runOptions(Setup setup, List<String> tags, List<String> skipTags, String startAtTask, boolean step,
                          boolean forceHandlers) {
        AnsibleConfig cfg = setup.config;
        Set<String> t = new LinkedHashSet<>(tags.isEmpty() ? List.of("all") : tags);
        int seconds = timeout != null ? timeout : cfg.timeout();
        return new RunOptions(check, diff, forks != null ? forks : cfg.forks(), t, new LinkedHashSet<>(skipTags), limit,
                Math.max(verbosity(), cfg.verbosity()), startAtTask, step, forceHandlers || cfg.forceHandlers(),
                seconds, inventory, user, become || cfg.become(),
                becomeUser != null ? becomeUser : cfg.becomeUser(), becomeMethod != null ? becomeMethod : cfg.becomeMethod(),
                connectionOptions(setup, seconds)).withTaskTimeout(taskTimeout != null ? taskTimeout : cfg.taskTimeout());
    }

    /** Prints a known error the way ansible does and returns its exit code (4 for parse errors, else 1). */
    int error(PrintStream err, PlaybookException e) {
        err.println("ERROR! " + e.getMessage());
        if (verbosity() >= 3) e.printStackTrace(err);
        return e instanceof ParseException ? 4 : 1;
    }
}
