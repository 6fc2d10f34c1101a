package playbook.engine.vault;

import playbook.engine.VaultException;
import playbook.engine.model.VaultText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What the engine calls: decrypts whole vaulted files and {@code !vault} values with the run's
 * secrets, and hands every password and every decrypted plaintext to the redaction hook (the
 * console's Redactor) before returning it, so that no reporter prints it. Thread-safe; decrypted
 * {@code !vault} values are cached (key derivation costs about 10 ms each).
 */
public final class Vault {
    private final VaultSecrets secrets;
    private final Consumer<String> redaction;
    private final Map<String, String> inline = new ConcurrentHashMap<>();

    /**
     * @param secrets   from {@link VaultSecretLoader#load} (or {@link VaultSecrets#none()})
     * @param redaction receives each password and each decrypted plaintext; e.g. {@code Redactor.shared()::register}
     */
    public Vault(VaultSecrets secrets, Consumer<String> redaction) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.redaction = Objects.requireNonNull(redaction, "redaction");
        for (VaultSecret s : secrets.all()) redaction.accept(s.passwordText());
    }

    /** A vault without secrets: any vaulted input fails with "no vault secrets were given". */
    public static Vault none() { return new Vault(VaultSecrets.none(), s -> { }); }

    public VaultSecrets secrets() { return secrets; }

    /** True when the bytes are vault data ({@code $ANSIBLE_VAULT;...}). */
    public static boolean isVaulted(byte[] data) { return VaultEnvelope.isVaulted(data); }

    /** True when the text is vault data. */
    public static boolean isVaulted(CharSequence text) { return VaultEnvelope.isVaulted(text); }

    /**
     * Decrypts vault data, e.g. a file's bytes.
     *
     * @param where the file (or file:line:col) named in errors
     * @return the plaintext bytes, already registered for redaction
     * @throws VaultException wrong password, malformed or truncated data, no secrets
     */
    public byte[] decrypt(byte[] vaulttext, String where) {
        byte[] plain = secrets.decrypt(vaulttext, where).plaintext();
        register(new String(plain, StandardCharsets.UTF_8).strip());
        return plain;
    }

    /**
     * Reads a file (a vars file, group_vars file, {@code -e @file}, a copied src): its content
     * as is, or decrypted when it starts with {@code $ANSIBLE_VAULT;}. The whole plaintext is
     * registered for redaction; call {@link #redactValues} on what you parse from it to mask
     * each value too.
     *
     * @throws VaultException the file cannot be read, or cannot be decrypted
     */
    public byte[] readFile(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new VaultException("Could not read " + file + ": " + e.getMessage());
        }
        return isVaulted(data) ? decrypt(data, file.toString()) : data;
    }

    /** {@link #readFile} as UTF-8 text, ready for {@code YamlLoader.loadString(text, file.toString())}. */
    public String readText(Path file) {
        return new String(readFile(file), StandardCharsets.UTF_8);
    }

    /**
     * Decrypts an inline {@code !vault |} value to its string, registered for redaction. Errors
     * name the value's file:line:col.
     */
    public String decrypt(VaultText value) {
        String cached = inline.get(value.ciphertext());
        if (cached != null) return cached;
        String where = value.location() == null ? "<!vault value>" : value.location().toString();
        String plain = new String(secrets.decrypt(value.ciphertext(), where).plaintext(), StandardCharsets.UTF_8);
        register(plain);
        inline.put(value.ciphertext(), plain);
        return plain;
    }

    /**
     * A copy of a loaded YAML tree (maps, lists, scalars) in which every {@link VaultText} is
     * replaced by its decrypted string. Other values are kept as they are.
     */
    public Object reveal(Object tree) {
        if (tree instanceof VaultText v) return decrypt(v);
        if (tree instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, reveal(v)));
            return out;
        }
        if (tree instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(reveal(o));
            return out;
        }
        return tree;
    }

    /**
     * Registers every string and number in a tree (the values parsed from a vaulted file) for
     * redaction; keys are not secrets and are left alone. The redactor ignores short values.
     */
    public void redactValues(Object tree) {
        if (tree instanceof Map<?, ?> m) {
            m.values().forEach(this::redactValues);
        } else if (tree instanceof List<?> l) {
            l.forEach(this::redactValues);
        } else if (tree instanceof VaultText v) {
            decrypt(v);
        } else if (tree instanceof CharSequence || tree instanceof Number) {
            register(tree.toString());
        }
    }

    /** The whole plaintext, and each line of a multi-line one (a key printed line by line). */
    private void register(String plaintext) {
        if (plaintext.isEmpty()) return;
        redaction.accept(plaintext);
        if (plaintext.indexOf('\n') >= 0) {
            for (String line : plaintext.split("\r?\n")) if (!line.isBlank()) redaction.accept(line.strip());
        }
    }

    @Override public String toString() { return "Vault" + secrets.labels(); }
}
