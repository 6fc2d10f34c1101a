package playbook.engine.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import playbook.engine.PlaybookException;
import playbook.engine.vault.VaultEnvelope;
import playbook.engine.vault.VaultFiles;
import playbook.engine.vault.VaultPrompt;
import playbook.engine.vault.VaultSecret;
import playbook.engine.vault.VaultSecretLoader;
import playbook.engine.vault.VaultSecrets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code playbook vault create|encrypt|decrypt|view|edit|rekey|encrypt_string}: ansible-vault's
 * commands, options, output and exit codes (0 ok, 1 error, 5 bad options).
 */
@Command(name = "vault", mixinStandardHelpOptions = true, versionProvider = Version.class, scope = ScopeType.INHERIT,
        description = "Encrypt and decrypt Ansible Vault files and strings, like ansible-vault.",
        footer = {"", "Examples:", "  playbook vault encrypt_string --name postgres_password 'S3cret' --vault-password-file ~/.vault-pass",
                "  playbook vault view group_vars/all/vault.yaml --ask-vault-pass",
                "  playbook vault rekey secrets.yaml --vault-password-file old.pass --new-vault-password-file new.pass"})
final class VaultCommand implements Callable<Integer> {
    @ParentCommand RootCommand parent;

    /** Seams for tests: where stdin, prompts, the editor, the environment and relative paths come from. */
    InputStream in = System.in;
    VaultPrompt prompt = VaultPrompt.console();
    Map<String, String> env = System.getenv();
    Path cwd = Path.of("").toAbsolutePath();

    /** A wrong option combination: exit 5, like ansible-vault's AnsibleOptionsError. */
    static final class OptionsError extends PlaybookException {
        OptionsError(String message) { super(message); }
    }

    @FunctionalInterface
    private interface Action { int run() throws IOException; }

    @Override
    public Integer call() {
        parent.err.println("ERROR! missing vault command: create, decrypt, edit, view, encrypt, encrypt_string or rekey (see playbook vault --help)");
        return 5;
    }

    @Command(name = "create", description = "Create a new vault encrypted file in $EDITOR.")
    int create(@Mixin VaultOptions vault, @Mixin Common common,
               @Option(names = "--encrypt-vault-id", paramLabel = "LABEL", description = "The vault id to encrypt with.") String encryptVaultId,
               @Parameters(paramLabel = "FILE", arity = "0..*", description = "Vault file(s).") List<Path> files) {
        return guard(common, () -> {
            if (files == null || files.size() != 1) throw new OptionsError("vault create can take only one filename argument");
            Path file = abs(files.get(0));
            VaultSecret secret = encryptSecret(vault, encryptVaultId);
            if (Files.exists(file)) throw new PlaybookException(file + " exists, please use 'edit' instead");
            if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
                parent.err.println("[WARNING]: " + file.getParent() + " does not exist, creating...");
                Files.createDirectories(file.getParent());
            }
            byte[] plain = VaultFiles.edit(new byte[0], editor(), suffix(file));
            try {
                VaultFiles.writeAtomically(file, VaultSecrets.encrypt(plain, secret).getBytes(StandardCharsets.US_ASCII), VaultFiles.PRIVATE);
            } finally {
                VaultFiles.wipe(plain);
            }
            return 0;
        });
    }

    @Command(name = "encrypt", description = "Encrypt files (stdin when none or '-').")
    int encrypt(@Mixin VaultOptions vault, @Mixin Common common, @Mixin Output output,
                @Option(names = "--encrypt-vault-id", paramLabel = "LABEL", description = "The vault id to encrypt with.") String encryptVaultId,
                @Parameters(paramLabel = "FILE", arity = "0..*", description = "Vault file(s).") List<String> files) {
        return guard(common, () -> {
            List<String> inputs = inputs(files, output);
            VaultSecret secret = encryptSecret(vault, encryptVaultId);
            for (String f : inputs) {
                byte[] plain = readInput(f);
                try {
                    byte[] vaulted = VaultSecrets.encrypt(plain, secret).getBytes(StandardCharsets.US_ASCII);
                    write(output.file != null ? output.file : f, vaulted);
                } finally {
                    VaultFiles.wipe(plain);
                }
            }
            if (System.console() != null) parent.err.println("Encryption successful");
            return 0;
        });
    }

    @Command(name = "decrypt", description = "Decrypt vault encrypted files (stdin when none or '-').")
    int decrypt(@Mixin VaultOptions vault, @Mixin Common common, @Mixin Output output,
                @Parameters(paramLabel = "FILE", arity = "0..*", description = "Vault file(s).") List<String> files) {
        return guard(common, () -> {
            List<String> inputs = inputs(files, output);
            VaultSecrets secrets = decryptSecrets(vault);
            for (String f : inputs) {
                byte[] plain = secrets.decrypt(readInput(f), name(f)).plaintext();
                try {
                    write(output.file != null ? output.file : f, plain);
                } finally {
                    VaultFiles.wipe(plain);
                }
            }
            if (System.console() != null) parent.err.println("Decryption successful");
            return 0;
        });
    }

    @Command(name = "view", description = "Print the plaintext of vault encrypted files.")
    int view(@Mixin VaultOptions vault, @Mixin Common common,
             @Parameters(paramLabel = "FILE", arity = "1..*", description = "Vault file(s).") List<String> files) {
        return guard(common, () -> {
            VaultSecrets secrets = decryptSecrets(vault);
            for (String f : files) {
                byte[] plain = secrets.decrypt(readInput(f), name(f)).plaintext();
                parent.out.write(plain);
                parent.out.flush();
                VaultFiles.wipe(plain);
            }
            return 0;
        });
    }

    @Command(name = "edit", description = "Edit vault encrypted files in $EDITOR; they are encrypted again when it exits.")
    int edit(@Mixin VaultOptions vault, @Mixin Common common,
             @Option(names = "--encrypt-vault-id", paramLabel = "LABEL", description = "Accepted for ansible-vault compatibility; the file keeps its vault id.") String encryptVaultId,
             @Parameters(paramLabel = "FILE", arity = "1..*", description = "Vault file(s).") List<Path> files) {
        return guard(common, () -> {
            VaultSecrets secrets = decryptSecrets(vault);
            for (Path f : files) {
                Path file = abs(f);
                VaultSecrets.Decrypted d = secrets.decrypt(VaultFiles.read(file), file.toString());
                byte[] edited = VaultFiles.edit(d.plaintext(), editor(), suffix(file));
                try {
                    if (!Arrays.equals(edited, d.plaintext())) {
                        VaultSecret sameSecret = d.secret().withLabel(d.envelope().labelOrDefault());
                        VaultFiles.writeAtomically(file, VaultSecrets.encrypt(edited, sameSecret).getBytes(StandardCharsets.US_ASCII),
                                VaultFiles.permissions(file));
                    }
                } finally {
                    VaultFiles.wipe(edited);
                    VaultFiles.wipe(d.plaintext());
                }
            }
            return 0;
        });
    }

    @Command(name = "rekey", description = "Encrypt vault files again with a new password.")
    int rekey(@Mixin VaultOptions vault, @Mixin Common common,
              @Option(names = "--encrypt-vault-id", paramLabel = "LABEL", description = "The new vault id to encrypt with.") String encryptVaultId,
              @ArgGroup(exclusive = true) NewSecret newSecret,
              @Parameters(paramLabel = "FILE", arity = "1..*", description = "Vault file(s).") List<Path> files) {
        return guard(common, () -> {
            VaultSecrets old = decryptSecrets(vault);
            NewSecret n = newSecret == null ? new NewSecret() : newSecret;
            List<String> ids = n.vaultId == null ? List.of() : List.of(n.vaultId);
            List<String> pwFiles = n.passwordFile == null ? List.of() : List.of(n.passwordFile);
            VaultSecrets fresh = new VaultSecretLoader(cwd, prompt).load(ids, pwFiles, vault.askVaultPass, true, true);
            if (fresh.isEmpty()) throw new OptionsError("A new vault password is required to use Ansible's Vault rekey");
            VaultSecret secret = fresh.forEncryption(encryptVaultId);
            for (Path f : files) {
                Path file = abs(f);
                byte[] plain = old.decrypt(VaultFiles.read(file), file.toString()).plaintext();
                try {
                    VaultFiles.writeAtomically(file, VaultSecrets.encrypt(plain, secret).getBytes(StandardCharsets.US_ASCII),
                            VaultFiles.permissions(file));
                } finally {
                    VaultFiles.wipe(plain);
                }
            }
            parent.err.println("Rekey successful");
            return 0;
        });
    }

    /** {@code --new-vault-password-file} or {@code --new-vault-id}, not both. */
    static final class NewSecret {
        @Option(names = "--new-vault-password-file", paramLabel = "FILE", description = "New vault password file for rekey.")
        String passwordFile;
        @Option(names = "--new-vault-id", paramLabel = "[LABEL@]SOURCE", description = "The new vault identity to use for rekey.")
        String vaultId;
    }

    @Command(name = "encrypt_string", description = "Encrypt strings into '!vault |' YAML blocks.")
    int encryptString(@Mixin VaultOptions vault, @Mixin Common common, @Mixin Output output,
                      @Option(names = "--encrypt-vault-id", paramLabel = "LABEL", description = "The vault id to encrypt with.") String encryptVaultId,
                      @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The variable name. Repeatable, one per string.") List<String> names,
                      @Option(names = "--stdin-name", paramLabel = "NAME", description = "The variable name for the string read from stdin.") String stdinName,
                      @Option(names = {"-p", "--prompt"}, description = "Prompt for the string to encrypt.") boolean ask,
                      @Parameters(paramLabel = "STRING", arity = "0..*") List<String> strings) {
        return guard(common, () -> {
            List<String> args = new ArrayList<>();
            if (strings != null) for (String s : strings) if (!s.equals("-")) args.add(s);
            boolean fromStdin = (strings != null && strings.contains("-")) || stdinName != null || (args.isEmpty() && !ask);
            if (ask && fromStdin) throw new OptionsError("The --prompt option is not supported if also reading input from stdin");
            VaultSecret secret = encryptSecret(vault, encryptVaultId);
            List<VaultStringBlock> blocks = new ArrayList<>();
            if (ask) blocks.add(new VaultStringBlock(promptedString(), VaultStringBlock.FROM_PROMPT, null));
            if (fromStdin) {
                byte[] text = in.readAllBytes();
                if (text.length == 0) throw new OptionsError("stdin was empty, not encrypting");
                blocks.add(new VaultStringBlock(text, VaultStringBlock.FROM_STDIN, stdinName));
            }
            List<String> n = names == null ? List.of() : names;
            if (!n.isEmpty() && args.size() > n.size()) {
                parent.err.println("The number of --name options do not match the number of args.");
                parent.err.println("The last named variable will be \"" + n.get(n.size() - 1) + "\". The rest will not have names.");
            }
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).isEmpty()) throw new OptionsError("The plaintext provided from the command line args was empty, not encrypting");
                blocks.add(new VaultStringBlock(args.get(i).getBytes(StandardCharsets.UTF_8), VaultStringBlock.FROM_ARGS, i < n.size() ? n.get(i) : null));
            }
            String text = VaultStringBlock.render(blocks, secret, parent.err);
            write(output.file != null ? output.file : "-", text.getBytes(StandardCharsets.UTF_8));
            if (System.console() != null) parent.err.println("Encryption successful");
            return 0;
        });
    }

    /** {@code -v} (repeatable; -vvv shows stack traces). */
    static final class Common {
        @Option(names = "-v", description = "More output (-vvv shows stack traces).")
        boolean[] verbose = new boolean[0];
    }

    /** {@code --output FILE}, {@code -} for stdout. */
    static final class Output {
        @Option(names = "--output", paramLabel = "FILE", description = "Output file name; '-' for stdout.")
        String file;
    }

    private int guard(Common common, Action action) {
        try {
            return action.run();
        } catch (OptionsError e) {
            parent.err.println("ERROR! " + e.getMessage());
            return 5;
        } catch (PlaybookException e) {
            parent.err.println("ERROR! " + e.getMessage());
            if (common.verbose.length >= 3) e.printStackTrace(parent.err);
            return 1;
        } catch (IOException e) {
            parent.err.println("ERROR! " + e.getClass().getSimpleName() + ": " + e.getMessage());
            if (common.verbose.length >= 3) e.printStackTrace(parent.err);
            return 1;
        }
    }

    private VaultSecret encryptSecret(VaultOptions vault, String encryptVaultId) {
        checkIds(vault);
        VaultSecrets secrets = vault.secrets(cwd, configPasswordFile(), prompt, true, true);
        if (secrets.size() > 1 && (encryptVaultId == null || encryptVaultId.isEmpty())) {
            throw new OptionsError("The vault-ids " + String.join(",", secrets.labels())
                    + " are available to encrypt. Specify the vault-id to encrypt with --encrypt-vault-id");
        }
        return secrets.forEncryption(encryptVaultId);
    }

    private VaultSecrets decryptSecrets(VaultOptions vault) {
        checkIds(vault);
        VaultSecrets secrets = vault.secrets(cwd, configPasswordFile(), prompt, false, true);
        if (secrets.isEmpty()) throw new OptionsError("A vault password is required to use Ansible's Vault");
        return secrets;
    }

    private static void checkIds(VaultOptions vault) {
        try {
            for (String id : vault.vaultIds) VaultSecretLoader.checkVaultId(id);
        } catch (PlaybookException e) {
            throw new OptionsError(e.getMessage());
        }
    }

    private Optional<Path> configPasswordFile() {
        return AnsibleConfig.load(env, cwd).vaultPasswordFile();
    }

    private List<String> inputs(List<String> files, Output output) {
        List<String> inputs = files == null || files.isEmpty() ? List.of("-") : files;
        if (output.file != null && inputs.size() > 1) throw new OptionsError("At most one input file may be used with the --output option");
        return inputs;
    }

    private byte[] readInput(String f) throws IOException {
        return f.equals("-") ? in.readAllBytes() : VaultFiles.read(abs(Path.of(f)));
    }

    private void write(String target, byte[] data) {
        if (target.equals("-")) {
            parent.out.write(data, 0, data.length);
            parent.out.flush();
        } else {
            VaultFiles.writeAtomically(abs(Path.of(target)), data, VaultFiles.PRIVATE);
        }
    }

    private byte[] promptedString() {
        char[] typed = prompt.readPassword("String to encrypt (hidden): ");
        if (typed.length == 0) throw new OptionsError("The plaintext provided from the prompt was empty, not encrypting");
        byte[] b = new String(typed).getBytes(StandardCharsets.UTF_8);
        Arrays.fill(typed, '\0');
        return b;
    }

    private String name(String f) { return f.equals("-") ? "<stdin>" : abs(Path.of(f)).toString(); }

    private Path abs(Path p) { return cwd.resolve(p).toAbsolutePath().normalize(); }

    private String editor() {
        String e = env.get("EDITOR");
        return e == null || e.isBlank() ? "vi" : e;
    }

    private static String suffix(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(dot) : "";
    }
}
