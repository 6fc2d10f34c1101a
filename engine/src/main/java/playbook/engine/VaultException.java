package playbook.engine;

/** Vault data could not be decrypted or encrypted. */
public class VaultException extends PlaybookException {
    public VaultException(String message) { super(message); }
    public VaultException(String message, Throwable cause) { super(message, cause); }
}
