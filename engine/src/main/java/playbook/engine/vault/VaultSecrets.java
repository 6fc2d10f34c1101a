package playbook.engine.vault;

import playbook.engine.VaultException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The vault passwords of a run, in the order they were given. Decryption tries the secrets
 * whose label matches the envelope's label (1.1 envelopes count as "default") first, then all
 * the others, as Ansible does; the first whose HMAC matches wins.
 */
public final class VaultSecrets {
    private static final VaultSecrets NONE = new VaultSecrets(List.of());
    private final List<VaultSecret> secrets;

    public VaultSecrets(List<VaultSecret> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /** No secrets: decryption fails with a message that says how to pass one. */
    public static VaultSecrets none() { return NONE; }

    public static VaultSecrets of(VaultSecret... secrets) { return new VaultSecrets(Arrays.asList(secrets)); }

    public boolean isEmpty() { return secrets.isEmpty(); }

    public int size() { return secrets.size(); }

    public List<VaultSecret> all() { return Collections.unmodifiableList(secrets); }

    public List<String> labels() {
        List<String> out = new ArrayList<>();
        for (VaultSecret s : secrets) out.add(s.label());
        return out;
    }

    /** The plaintext and the secret that decrypted it. */
    public record Decrypted(byte[] plaintext, VaultSecret secret, VaultEnvelope envelope) {
        @Override public String toString() { return "Decrypted[" + plaintext.length + " bytes with " + secret + "]"; }
    }

    /**
     * Decrypts vault text (a whole file's content or a {@code !vault} scalar).
     *
     * @param where the file or file:line:col, named in every error
     * @throws VaultException no secrets, a malformed envelope, or no secret whose HMAC matches
     */
    public Decrypted decrypt(String vaulttext, String where) {
        VaultEnvelope envelope = VaultEnvelope.parse(vaulttext, where);
        if (secrets.isEmpty()) {
            throw new VaultException("Attempting to decrypt " + where + " but no vault secrets were given: pass"
                    + " --vault-password-file FILE, --vault-id label@FILE or --ask-vault-pass");
        }
        VaultAes256.Parts parts = VaultAes256.parse(envelope.body(), where);
        for (VaultSecret s : candidates(envelope.labelOrDefault())) {
            byte[] password = s.password();
            try {
                byte[] plain = VaultAes256.decrypt(parts, password, where);
                if (plain != null) return new Decrypted(plain, s, envelope);
            } finally {
                Arrays.fill(password, (byte) 0);
            }
        }
        throw new VaultException("Decryption failed (no vault secrets were found that could decrypt) on " + where
                + "; tried vault id" + (secrets.size() == 1 ? " " : "s ") + String.join(", ", labels())
                + ". Check the password file or --vault-id, or rekey the file");
    }

    public Decrypted decrypt(byte[] vaulttext, String where) {
        return decrypt(new String(vaulttext, StandardCharsets.UTF_8), where);
    }

    /** Secrets with the label first, then the rest, each in the order given. */
    List<VaultSecret> candidates(String label) {
        List<VaultSecret> first = new ArrayList<>();
        List<VaultSecret> rest = new ArrayList<>();
        for (VaultSecret s : secrets) (s.label().equals(label) ? first : rest).add(s);
        first.addAll(rest);
        return first;
    }

    /**
     * The secret to encrypt with: the one labelled {@code encryptVaultId} when given, else the
     * only secret.
     *
     * @throws VaultException no secret, no match for the id, or several and no id to choose
     */
    public VaultSecret forEncryption(String encryptVaultId) {
        if (secrets.isEmpty()) {
            throw new VaultException("A vault password is required to encrypt: pass --vault-password-file FILE,"
                    + " --vault-id label@FILE or --ask-vault-pass");
        }
        if (encryptVaultId != null && !encryptVaultId.isEmpty()) {
            for (VaultSecret s : secrets) if (s.label().equals(encryptVaultId)) return s;
            throw new VaultException("Did not find a match for --encrypt-vault-id=" + encryptVaultId
                    + " in the known vault-ids " + labels() + "; pass --vault-id " + encryptVaultId + "@FILE");
        }
        if (secrets.size() > 1) {
            throw new VaultException("The vault-ids " + String.join(",", labels())
                    + " are available to encrypt. Specify the vault-id to encrypt with --encrypt-vault-id");
        }
        return secrets.get(0);
    }

    /**
     * Encrypts with the given secret; the envelope is 1.2 with the secret's label unless the label
     * is "default" (then 1.1), as ansible-vault writes it.
     *
     * @throws VaultException when the plaintext is already vault data
     */
    public static String encrypt(byte[] plaintext, VaultSecret secret) {
        if (VaultEnvelope.isVaulted(plaintext)) {
            throw new VaultException("input is already encrypted; decrypt it first or use 'rekey' to change its password");
        }
        byte[] password = secret.password();
        try {
            return VaultEnvelope.of(VaultAes256.encrypt(plaintext, password), secret.label()).format();
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    @Override public String toString() { return "VaultSecrets" + labels(); }
}
