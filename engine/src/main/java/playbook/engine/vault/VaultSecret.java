package playbook.engine.vault;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One vault password with its vault-id label ("default" for {@code --vault-password-file} and
 * {@code --ask-vault-pass}) and where it came from. The password is never part of toString.
 */
public final class VaultSecret {
    private final String label;
    private final byte[] password;
    private final String source;

    /**
     * @param label    the vault id ("default" when none was given)
     * @param password the raw password bytes (copied; must not be empty)
     * @param source   where it came from, for messages: a file path, "prompt", ...
     */
    public VaultSecret(String label, byte[] password, String source) {
        this.label = label == null || label.isEmpty() ? VaultEnvelope.DEFAULT_LABEL : label;
        Objects.requireNonNull(password, "password");
        if (password.length == 0) throw new IllegalArgumentException("a vault password must not be empty");
        this.password = password.clone();
        this.source = source == null ? "?" : source;
    }

    /** A secret from a password given as text (UTF-8, as Ansible encodes it). */
    public static VaultSecret of(String label, String password, String source) {
        return new VaultSecret(label, password.getBytes(StandardCharsets.UTF_8), source);
    }

    public String label() { return label; }

    /** The same password under another vault id (edit keeps a file's own id). */
    public VaultSecret withLabel(String newLabel) {
        return new VaultSecret(newLabel, password, source);
    }

    public String source() { return source; }

    /** A copy of the password bytes. */
    byte[] password() { return password.clone(); }

    /** The password as text, for a redactor; never print it. */
    String passwordText() { return new String(password, StandardCharsets.UTF_8); }

    @Override public String toString() { return "VaultSecret[" + label + " from " + source + "]"; }
}
