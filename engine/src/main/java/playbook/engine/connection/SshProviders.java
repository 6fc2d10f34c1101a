package playbook.engine.connection;

import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.cipher.Cipher;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;

/**
 * Which JCA provider sshj uses. sshj registers BouncyCastle as its provider on its first
 * crypto call; BouncyCastle's provider constructor loads and registers several hundred classes
 * (about 45 ms of every run's start, measured with C1), and afterwards sshj takes BouncyCastle's
 * pure-Java key exchange and signatures as well. JDK 17's own providers have everything we
 * negotiate (X25519, Ed25519, ECDH/ECDSA, DH, RSA, AES-GCM, AES-CTR, HMAC-SHA2), so sshj is told
 * not to register it. Two names differ: sshj asks for BouncyCastle's "ECDSA" key factory, which
 * a small provider maps onto the JDK's "EC" one; and chacha20-poly1305 needs BouncyCastle (the
 * JDK has no Poly1305 MAC), so that cipher adds BouncyCastle to the JCA list (as a fallback
 * provider, not as sshj's provider) when, and only when, a server negotiates it.
 */
final class SshProviders {
    private SshProviders() {}

    private static volatile boolean initialised;

    /** Before sshj's first crypto call (SshConnector and KnownHostsVerifier call this). */
    static void init() {
        if (initialised) return;
        synchronized (SshProviders.class) {
            if (!initialised) {
                SecurityUtils.setRegisterBouncyCastle(false);
                if (Security.getProvider(EcdsaAlias.NAME) == null) Security.addProvider(new EcdsaAlias());
                initialised = true;
            }
        }
    }

    /** {@code f}, which adds BouncyCastle to the JCA provider list before its first cipher is made. */
    static Factory.Named<Cipher> needingBouncyCastle(Factory.Named<Cipher> f) {
        return new Factory.Named<>() {
            @Override public String getName() { return f.getName(); }
            @Override public Cipher create() {
                addBouncyCastle();
                return f.create();
            }
        };
    }

    /** KeyFactory "ECDSA" (BouncyCastle's name, which sshj uses) on the JDK's "EC" key factory. */
    static final class EcdsaAlias extends Provider {
        static final String NAME = "PlaybookEcdsaAlias";

        EcdsaAlias() {
            super(NAME, "1.0", "KeyFactory.ECDSA on the JDK's EC key factory, for sshj");
            putService(new Service(this, "KeyFactory", "ECDSA", EcKeyFactory.class.getName(), null, null) {
                @Override public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
                    return new EcKeyFactory(KeyFactory.getInstance("EC"));
                }
            });
        }
    }

    static final class EcKeyFactory extends KeyFactorySpi {
        private final KeyFactory ec;

        EcKeyFactory(KeyFactory ec) { this.ec = ec; }

        @Override protected PublicKey engineGeneratePublic(KeySpec spec) throws InvalidKeySpecException {
            return ec.generatePublic(spec);
        }

        @Override protected PrivateKey engineGeneratePrivate(KeySpec spec) throws InvalidKeySpecException {
            return ec.generatePrivate(spec);
        }

        @Override protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> type) throws InvalidKeySpecException {
            return ec.getKeySpec(key, type);
        }

        @Override protected Key engineTranslateKey(Key key) throws InvalidKeyException {
            return ec.translateKey(key);
        }
    }

    static synchronized void addBouncyCastle() {
        if (Security.getProvider("BC") != null) return;
        try {
            Security.addProvider((Provider) Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider")
                    .getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("BouncyCastle is missing from playbook.jar: " + e, e);
        }
    }
}
