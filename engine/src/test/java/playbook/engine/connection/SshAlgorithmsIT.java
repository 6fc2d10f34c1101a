package playbook.engine.connection;

import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.connection.channel.direct.Session;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import playbook.engine.testing.SshdExtension;
import playbook.engine.testing.TestKeys;

import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every algorithm the client offers, negotiated alone against a real OpenSSH sshd: the client's
 * list is cut down to that one algorithm, so the handshake either uses it or fails. This is what
 * proves that the JDK's providers (and BouncyCastle, added only for chacha20-poly1305) cover
 * everything {@link SshAlgorithms} advertises now that sshj no longer registers BouncyCastle.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshAlgorithmsIT {
    @RegisterExtension
    static final SshdExtension SSHD = SshdExtension.builder().build();

    /** The key exchanges we offer that OpenSSH implements (ssh -Q kex); ext-info-c is a flag, not an algorithm. */
    static Stream<String> kex() throws Exception {
        Process p = new ProcessBuilder("ssh", "-Q", "kex").redirectErrorStream(true).start();
        List<String> openssh = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, p.waitFor());
        List<String> ours = SshAlgorithms.names(SshAlgorithms.config(java.util.Set.of()).getKeyExchangeFactories());
        assertTrue(ours.stream().filter(openssh::contains).count() >= 6, ours + " vs " + openssh);
        return ours.stream().filter(openssh::contains);
    }

    static Stream<String> ciphers() { return SshAlgorithms.names(SshAlgorithms.config(java.util.Set.of()).getCipherFactories()).stream(); }

    static Stream<String> macs() { return SshAlgorithms.names(SshAlgorithms.config(java.util.Set.of()).getMACFactories()).stream(); }

    @ParameterizedTest
    @MethodSource("kex")
    void eachKeyExchange(String name) throws Exception {
        assertNegotiates(c -> c.setKeyExchangeFactories(only(c.getKeyExchangeFactories(), name)), "id_ed25519");
    }

    @ParameterizedTest
    @MethodSource("ciphers")
    void eachCipher(String name) throws Exception {
        assertNegotiates(c -> c.setCipherFactories(only(c.getCipherFactories(), name)), "id_ed25519");
    }

    /** MACs are only used with a cipher that has none of its own: AES-CTR. */
    @ParameterizedTest
    @MethodSource("macs")
    void eachMacWithAesCtr(String name) throws Exception {
        assertNegotiates(c -> {
            c.setCipherFactories(only(c.getCipherFactories(), "aes128-ctr"));
            c.setMACFactories(only(c.getMACFactories(), name));
        }, "id_ed25519");
    }

    /**
     * The server's host key types (its ecdsa key is nistp256), each checked against known_hosts.
     * The list also signs the user's key, so the one under test goes first rather than alone.
     */
    @ParameterizedTest
    @CsvSource({"ssh-ed25519,ssh-ed25519", "ecdsa-sha2-nistp256,ecdsa-sha2-nistp256", "rsa-sha2-512,ssh-rsa", "rsa-sha2-256,ssh-rsa"})
    void eachHostKeyAlgorithm(String name, String keyType) throws Exception {
        String seen = assertNegotiates(c -> {
            List<Factory.Named<com.hierynomus.sshj.key.KeyAlgorithm>> first = new java.util.ArrayList<>(only(c.getKeyAlgorithms(), name));
            for (var f : c.getKeyAlgorithms()) if (!first.contains(f)) first.add(f);
            c.setKeyAlgorithms(first);
        }, "id_ed25519");
        assertEquals(keyType, seen);
    }

    @ParameterizedTest
    @ValueSource(strings = {"id_ed25519", "id_ecdsa", "id_rsa"})
    void eachUserKeyType(String key) throws Exception {
        assertNegotiates(c -> { }, key);
    }

    /** First in this class, before eachCipher negotiates chacha20; no other test negotiates it. */
    @Test
    @Order(1)
    void bouncyCastleIsAddedOnlyWhenChachaIsNegotiated() throws Exception {
        assertNegotiates(c -> { }, "id_ed25519");
        assertNull(Security.getProvider("BC"), "a default handshake (and loading an ed25519 key) must not register BouncyCastle");
        assertNegotiates(c -> c.setCipherFactories(only(c.getCipherFactories(), "chacha20-poly1305@openssh.com")), "id_ed25519");
        assertNotNull(Security.getProvider("BC"), "chacha20-poly1305 adds BouncyCastle to the JCA providers");
        assertNotEquals("BC", net.schmizz.sshj.common.SecurityUtils.getSecurityProvider(),
                "BouncyCastle is a fallback for chacha20, not sshj's provider for everything");
    }

    private static <T> List<Factory.Named<T>> only(List<Factory.Named<T>> all, String name) {
        List<Factory.Named<T>> one = all.stream().filter(f -> f.getName().equals(name)).toList();
        assertEquals(1, one.size(), name + " is not among " + SshAlgorithms.names(all));
        return one;
    }

    /** Connects, authenticates with {@code key} and runs a command; returns the host key's type. */
    private static String assertNegotiates(Consumer<DefaultConfig> restrict, String key) throws Exception {
        KnownHostsVerifier verifier = new KnownHostsVerifier("testhost", List.of(SSHD.knownHosts().toString()), "yes", (l, m) -> { });
        DefaultConfig config = SshAlgorithms.config(verifier.knownTypes(SSHD.host(), SSHD.port()));
        String[] seen = new String[1];
        restrict.accept(config);
        try (SSHClient client = new SSHClient(config)) {
            // sshj asks each verifier in turn until one accepts: this one records the key and defers to known_hosts
            client.addHostKeyVerifier(new net.schmizz.sshj.transport.verification.HostKeyVerifier() {
                @Override public boolean verify(String host, int port, java.security.PublicKey k) {
                    seen[0] = net.schmizz.sshj.common.KeyType.fromKey(k).toString();
                    return false;
                }
                @Override public List<String> findExistingAlgorithms(String host, int port) { return List.of(); }
            });
            client.addHostKeyVerifier(verifier);
            client.setConnectTimeout(10_000);
            client.connect(SSHD.host(), SSHD.port());
            client.authPublickey(SSHD.user(), client.loadKeys(TestKeys.key(key).toString()));
            try (Session s = client.startSession(); Session.Command cmd = s.exec("echo ok")) {
                String out = new String(cmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                cmd.join();
                assertEquals("ok", out);
                assertEquals(0, cmd.getExitStatus());
            }
        }
        assertNull(verifier.failure(), verifier.failure());
        return seen[0];
    }
}
