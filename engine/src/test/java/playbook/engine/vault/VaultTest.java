package playbook.engine.vault;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.VaultException;
import playbook.engine.model.SourceLocation;
import playbook.engine.model.VaultText;
import playbook.engine.parse.YamlLoader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine-facing facade: whole files, inline !vault values, and the redaction hook. */
class VaultTest {
    @TempDir Path tmp;
    final List<String> redacted = new ArrayList<>();

    Vault vault() {
        return new Vault(VaultCryptoTest.secrets("default", VaultCryptoTest.PASSWORD), redacted::add);
    }

    @Test void passwordsAreRegisteredForRedaction() {
        vault();
        assertEquals(List.of(VaultCryptoTest.PASSWORD), redacted);
    }

    @Test void isVaultedLooksAtTheHeader() {
        assertTrue(Vault.isVaulted(VaultCryptoTest.ANSIBLE_11.getBytes(StandardCharsets.US_ASCII)));
        assertTrue(Vault.isVaulted(VaultCryptoTest.ANSIBLE_12));
        assertFalse(Vault.isVaulted("secret: x\n".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(Vault.isVaulted(new byte[] {'$', 'A'}));
        assertFalse(Vault.isVaulted((byte[]) null));
    }

    @Test void readFileDecryptsVaultedFilesAndPassesPlainOnes() throws Exception {
        Path plain = Files.writeString(tmp.resolve("plain.yml"), "a: 1\n");
        Path vaulted = Files.writeString(tmp.resolve("vaulted.yml"), VaultCryptoTest.ANSIBLE_11);
        Vault v = vault();
        assertArrayEquals("a: 1\n".getBytes(StandardCharsets.UTF_8), v.readFile(plain));
        assertEquals(VaultCryptoTest.PLAIN, v.readText(vaulted));
        assertTrue(redacted.contains("secret: s3cr3t-value"), "each line of a decrypted file is registered: " + redacted);
        Object parsed = new YamlLoader(w -> { }).loadString(v.readText(vaulted), vaulted.toString());
        v.redactValues(parsed);
        assertTrue(redacted.contains("s3cr3t-value"), redacted.toString());
        assertTrue(redacted.contains("2222"), redacted.toString());
        assertFalse(redacted.contains("secret"), "keys are not secrets");
    }

    @Test void aWrongPasswordOnAFileNamesTheFile() throws Exception {
        Path vaulted = Files.writeString(tmp.resolve("vaulted.yml"), VaultCryptoTest.ANSIBLE_11);
        Vault v = new Vault(VaultCryptoTest.secrets("default", "wrongpass"), redacted::add);
        VaultException e = assertThrows(VaultException.class, () -> v.readFile(vaulted));
        assertTrue(e.getMessage().contains("Decryption failed (no vault secrets were found that could decrypt) on " + vaulted), e.getMessage());
        VaultException missing = assertThrows(VaultException.class, () -> v.readFile(tmp.resolve("nope.yml")));
        assertTrue(missing.getMessage().contains("nope.yml"), missing.getMessage());
    }

    @Test void inlineVaultValuesFromTheYamlLoaderDecryptAndAreRedacted() {
        String yaml = "user: admin\npassword: !vault |\n" + VaultCryptoTest.ANSIBLE_12.indent(10) + "nested:\n  - !vault |\n"
                + VaultCryptoTest.ANSIBLE_11.indent(6);
        Object tree = new YamlLoader(w -> { }).loadString(yaml, "vars.yml");
        Map<?, ?> m = (Map<?, ?>) tree;
        VaultText vt = (VaultText) m.get("password");
        Vault v = new Vault(VaultSecrets.of(VaultSecret.of("dev", VaultCryptoTest.PASSWORD, "t")), redacted::add);
        assertEquals(VaultCryptoTest.PLAIN, v.decrypt(vt));
        assertTrue(redacted.contains(VaultCryptoTest.PLAIN));
        Map<?, ?> revealed = (Map<?, ?>) v.reveal(tree);
        assertEquals("admin", revealed.get("user"));
        assertEquals(VaultCryptoTest.PLAIN, revealed.get("password"));
        assertEquals(List.of(VaultCryptoTest.PLAIN), revealed.get("nested"));
        assertTrue(m.get("password") instanceof VaultText, "the loaded tree is not changed");
    }

    @Test void inlineErrorsNameTheYamlLocation() {
        VaultText vt = new VaultText(VaultCryptoTest.ANSIBLE_11, new SourceLocation("group_vars/all.yml", 3, 11));
        VaultException e = assertThrows(VaultException.class, () -> Vault.none().decrypt(vt));
        assertTrue(e.getMessage().contains("group_vars/all.yml:3:11"), e.getMessage());
        Vault wrong = new Vault(VaultCryptoTest.secrets("default", "wrongpass"), redacted::add);
        VaultException e2 = assertThrows(VaultException.class, () -> wrong.decrypt(vt));
        assertEquals("Decryption failed (no vault secrets were found that could decrypt) on group_vars/all.yml:3:11; tried vault id default."
                + " Check the password file or --vault-id, or rekey the file", e2.getMessage());
        VaultText garbage = new VaultText("$ANSIBLE_VAULT;1.1;AES256\n12345", new SourceLocation("g.yml", 1, 5));
        VaultException e3 = assertThrows(VaultException.class, () -> wrong.decrypt(garbage));
        assertTrue(e3.getMessage().startsWith("Vault format error in g.yml:1:5"), e3.getMessage());
    }
}
