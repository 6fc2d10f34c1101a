package playbook.engine.model;

/**
 * A {@code !vault} scalar: the encrypted payload, kept opaque until the vault (#7) decrypts it.
 * Its toString never reveals the payload.
 */
public record VaultText(String ciphertext, SourceLocation location) {
    @Override public String toString() { return "<vault-encrypted value at " + location + ">"; }
}
