package playbook.engine.vault;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.VaultException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Password files, scripts, client scripts, prompts and --vault-id labels. */
class VaultSecretLoaderTest {
    @TempDir Path tmp;
    final List<String> prompts = new ArrayList<>();
    final Deque<String> answers = new ArrayDeque<>();

    VaultSecretLoader loader() {
        return new VaultSecretLoader(tmp, p -> {
            prompts.add(p);
            return answers.removeFirst().toCharArray();
        });
    }

    Path file(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve(name), content);
    }

    Path script(String name, String body) throws Exception {
        Path p = file(name, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    static String password(VaultSecret s) { return new String(s.password(), StandardCharsets.UTF_8); }

    @Test void passwordFileIsStrippedAndLabelledDefault() throws Exception {
        file("pw", "  hunter2pass \r\n\n");
        VaultSecrets s = loader().load(List.of(), List.of("pw"), false, false, false);
        assertEquals(List.of("default"), s.labels());
        assertEquals("hunter2pass", password(s.all().get(0)));
        assertEquals(VaultCryptoTest.PLAIN, new String(s.decrypt(VaultCryptoTest.ANSIBLE_11, "x").plaintext(), StandardCharsets.UTF_8));
    }

    @Test void passwordBytesAreUsedAsIs() throws Exception {
        byte[] raw = {(byte) 0xff, (byte) 0xfe, 'a', 'b'};
        Files.write(tmp.resolve("pw"), raw);
        VaultSecret s = loader().load(List.of(), List.of("pw"), false, false, false).all().get(0);
        assertArrayEquals(raw, s.password());
    }

    @Test void executableFileIsRunAndItsStdoutIsThePassword() throws Exception {
        script("pw.sh", "echo hunter2pass");
        VaultSecrets s = loader().load(List.of("ops@pw.sh"), List.of(), false, false, false);
        assertEquals(List.of("ops"), s.labels());
        assertEquals("hunter2pass", password(s.all().get(0)));
    }

    @Test void clientScriptGetsTheVaultId() throws Exception {
        script("keyring-client.sh", "[ \"$1\" = --vault-id ] && [ \"$2\" = prod ] && echo \"pw-for-$2\" && exit 0; echo unknown >&2; exit 2");
        assertEquals("pw-for-prod", password(loader().load(List.of("prod@keyring-client.sh"), List.of(), false, false, false).all().get(0)));
        VaultException e = assertThrows(VaultException.class, () -> loader().load(List.of("keyring-client.sh"), List.of(), false, false, false));
        assertTrue(e.getMessage().contains("did not find a secret for vault-id=default: unknown"), e.getMessage());
    }

    @Test void failingOrSilentScriptsAreErrors() throws Exception {
        script("bad.sh", "exit 3");
        VaultException e = assertThrows(VaultException.class, () -> loader().load(List.of(), List.of("bad.sh"), false, false, false));
        assertTrue(e.getMessage().contains("bad.sh returned non-zero (3)"), e.getMessage());
        script("quiet.sh", "true");
        VaultException q = assertThrows(VaultException.class, () -> loader().load(List.of(), List.of("quiet.sh"), false, false, false));
        assertTrue(q.getMessage().contains("Invalid vault password was provided from script"), q.getMessage());
    }

    @Test void missingOrEmptyFilesAreNamed() throws Exception {
        VaultException e = assertThrows(VaultException.class, () -> loader().load(List.of(), List.of("nope"), false, false, false));
        assertTrue(e.getMessage().contains("The vault password file " + tmp.resolve("nope") + " was not found"), e.getMessage());
        file("empty", "\n");
        VaultException e2 = assertThrows(VaultException.class, () -> loader().load(List.of("x@empty"), List.of(), false, false, false));
        assertTrue(e2.getMessage().contains("Invalid vault password was provided from file (" + tmp.resolve("empty") + ")"), e2.getMessage());
    }

    @Test void orderIsVaultIdsThenPasswordFilesThenPrompt() throws Exception {
        file("a", "pa");
        file("b", "pb");
        // ops@prompt asks with its label; --ask-vault-pass asks the old way
        answers.add("typed-ops");
        answers.add("typed-default");
        VaultSecrets s = loader().load(List.of("dev@b", "ops@prompt"), List.of("a"), true, false, false);
        assertEquals(List.of("dev", "ops", "default", "default"), s.labels());
        assertEquals(List.of("Vault password (ops): ", "Vault password: "), prompts);
        assertEquals("typed-default", password(s.all().get(3)));
    }

    @Test void newPasswordsAreConfirmed() {
        answers.addAll(List.of("one", "one"));
        VaultSecrets s = loader().load(List.of(), List.of(), false, true, true);
        assertEquals(List.of("New Vault password: ", "Confirm New Vault password: "), prompts);
        assertEquals("one", password(s.all().get(0)));
        answers.addAll(List.of("one", "two"));
        VaultException e = assertThrows(VaultException.class, () -> loader().load(List.of(), List.of(), false, true, true));
        assertTrue(e.getMessage().startsWith("Passwords do not match"), e.getMessage());
        assertFalse(e.getMessage().contains("two"));
    }

    @Test void noSourcesAndNoAutoPromptMeansNoSecrets() {
        assertTrue(loader().load(List.of(), List.of(), false, false, false).isEmpty());
        assertTrue(prompts.isEmpty());
    }

    @Test void vaultIdsMayNotContainSemicolons() {
        VaultException e = assertThrows(VaultException.class, () -> loader().load(List.of("a;b@pw"), List.of(), false, false, false));
        assertTrue(e.getMessage().contains("not a valid vault id"), e.getMessage());
    }

    @Test void aVaultedPasswordFileIsDecryptedWithAnEarlierSecret() throws Exception {
        file("outer", VaultCryptoTest.PASSWORD);
        // ANSIBLE_11 decrypts to PLAIN, which becomes the second password (stripped of its newline)
        file("inner", VaultCryptoTest.ANSIBLE_11);
        VaultSecrets s = loader().load(List.of("o@outer", "i@inner"), List.of(), false, false, false);
        assertEquals(VaultCryptoTest.PLAIN.strip(), password(s.all().get(1)));
    }

    @Test void askVaultPassWithoutATerminalIsAClearError() {
        Assumptions.assumeTrue(System.console() == null, "needs a run without a terminal");
        VaultSecretLoader l = new VaultSecretLoader(tmp, VaultPrompt.console());
        VaultException e = assertThrows(VaultException.class, () -> l.load(List.of(), List.of(), true, false, false));
        assertTrue(e.getMessage().contains("there is no terminal") && e.getMessage().contains("--vault-password-file"), e.getMessage());
    }
}
