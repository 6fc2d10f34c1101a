package playbook.engine.cli;

import picocli.CommandLine.Option;
import playbook.engine.vault.VaultPrompt;
import playbook.engine.vault.VaultSecretLoader;
import playbook.engine.vault.VaultSecrets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ansible's vault options, as a picocli mixin: {@code @Mixin VaultOptions vault;} in a command
 * gives it {@code --vault-id}, {@code --vault-password-file} and {@code --ask-vault-pass}.
 */
final class VaultOptions {
    @Option(names = "--vault-id", paramLabel = "[LABEL@]SOURCE",
            description = "A vault identity: label@FILE, label@prompt, or FILE. Repeatable.")
    List<String> vaultIds = new ArrayList<>();

    @Option(names = {"--vault-password-file", "--vault-pass-file"}, paramLabel = "FILE",
            description = "Vault password file, or an executable that prints the password. Repeatable.")
    List<String> passwordFiles = new ArrayList<>();

    @Option(names = {"-J", "--ask-vault-pass", "--ask-vault-password"}, description = "Ask for the vault password.")
    boolean askVaultPass;

    /**
     * The secrets for decrypting what a run reads (no prompt unless asked for, as ansible-playbook).
     *
     * @param configPasswordFile ansible.cfg's vault_password_file / $ANSIBLE_VAULT_PASSWORD_FILE
     */
    VaultSecrets secrets(Path cwd, Optional<Path> configPasswordFile, VaultPrompt prompt) {
        return secrets(cwd, configPasswordFile, prompt, false, false);
    }

    VaultSecrets secrets(Path cwd, Optional<Path> configPasswordFile, VaultPrompt prompt, boolean newPassword, boolean autoPrompt) {
        List<String> files = new ArrayList<>(passwordFiles);
        configPasswordFile.ifPresent(p -> files.add(p.toString()));
        return new VaultSecretLoader(cwd, prompt).load(vaultIds, files, askVaultPass, newPassword, autoPrompt);
    }
}
