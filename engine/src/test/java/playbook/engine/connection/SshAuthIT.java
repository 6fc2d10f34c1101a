package playbook.engine.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import playbook.engine.ConnectionException;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;
import playbook.engine.testing.TestKeys;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Authentication against a real sshd: key types and formats, passphrases, ssh-agent (RSA-SHA2 too), passwords. */
class SshAuthIT {
    @RegisterExtension
    static final SshdExtension SSHD = SshdExtension.builder().password("Tr0ub4dor&3").agent().build();

    /** Only RSA keys are accepted: an agent RSA key must sign with rsa-sha2-*, never ssh-rsa/SHA-1. */
    @RegisterExtension
    static final SshdExtension RSA_ONLY = SshdExtension.builder().agent()
            .config("PubkeyAcceptedAlgorithms rsa-sha2-512,rsa-sha2-256").build();

    static ConnectionOptions options() {
        return ConnectionOptions.defaults().withSshConfig(SshTestHosts.emptySshConfig(), true).withRetries(0)
                .withAgent(java.nio.file.Path.of("/nonexistent/agent.sock"))
                .withListeners(null, p -> null, null); // no TTY: never prompt
    }

    static String whoami(ConnectionOptions o, Map<String, Object> vars) {
        try (Connection c = new SshTransport(o).connection("testhost", vars)) {
            return c.exec("id -un", null).stdout().strip();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"id_ed25519", "id_ecdsa", "id_rsa", "id_rsa_pem"})
    void keyFilesOfEveryTypeAndFormat(String key) {
        assertEquals(SSHD.user(), whoami(options(), SshTestHosts.vars(SSHD, key)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"id_ed25519_pass", "id_rsa_pem_pass"})
    void encryptedKeysWithTheRightPassphrase(String key) {
        ConnectionOptions o = options().withCredentials(null, null, null, TestKeys.PASSPHRASE);
        assertEquals(SSHD.user(), whoami(o, SshTestHosts.vars(SSHD, key)));
    }

    @Test
    void passphraseFromThePrompter() {
        ConnectionOptions o = options().withListeners(null, prompt -> {
            assertTrue(prompt.contains("id_ed25519_pass"), prompt);
            return TestKeys.PASSPHRASE.toCharArray();
        }, null);
        assertEquals(SSHD.user(), whoami(o, SshTestHosts.vars(SSHD, "id_ed25519_pass")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"id_ed25519_pass", "id_rsa_pem_pass"})
    void wrongPassphraseHasItsOwnMessage(String key) {
        ConnectionOptions o = options().withCredentials(null, null, null, "wrong");
        ConnectionException e = assertThrows(ConnectionException.class, () -> whoami(o, SshTestHosts.vars(SSHD, key)));
        assertTrue(e.getMessage().contains("wrong passphrase") && e.getMessage().contains(key), e.getMessage());
        assertFalse(e.getMessage().contains("Exhausted"), e.getMessage());
    }

    @Test
    void missingPassphraseWithoutTtyIsClear() {
        ConnectionException e = assertThrows(ConnectionException.class, () -> whoami(options(), SshTestHosts.vars(SSHD, "id_ed25519_pass")));
        assertTrue(e.getMessage().contains("encrypted and no passphrase"), e.getMessage());
    }

    @Test
    void agentKeys() {
        assertEquals(SSHD.user(), whoami(options().withAgent(SSHD.agentSocket()), SshTestHosts.vars(SSHD, null)));
    }

    @Test
    void agentRsaKeySignsWithSha2() {
        assertEquals(RSA_ONLY.user(), whoami(options().withAgent(RSA_ONLY.agentSocket()), SshTestHosts.vars(RSA_ONLY, null)));
        assertTrue(RSA_ONLY.log().contains("Accepted publickey") && RSA_ONLY.log().contains("RSA SHA256:"), RSA_ONLY.log());
    }

    @Test
    void passwordAuth() {
        Map<String, Object> v = SshTestHosts.vars(SSHD, null);
        v.put("ansible_password", "Tr0ub4dor&3");
        assertEquals(SSHD.user(), whoami(options(), v));
        assertTrue(SSHD.log().contains("Accepted password") || SSHD.log().contains("Accepted keyboard-interactive"), SSHD.log());
    }

    @Test
    void wrongPasswordIsUnreachableWithTheReason() {
        Map<String, Object> v = SshTestHosts.vars(SSHD, null);
        v.put("ansible_ssh_pass", "nope");
        ConnectionException e = assertThrows(ConnectionException.class, () -> whoami(options(), v));
        assertTrue(e.getMessage().contains("Permission denied") && e.getMessage().contains("password"), e.getMessage());
    }

    @Test
    void noCredentialsAtAll() {
        ConnectionException e = assertThrows(ConnectionException.class, () -> whoami(options(), SshTestHosts.vars(SSHD, null)));
        assertTrue(e.getMessage().contains("no credentials"), e.getMessage());
    }
}
