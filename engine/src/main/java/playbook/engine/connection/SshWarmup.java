package playbook.engine.connection;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Set;

/**
 * Loads and exercises the SSH handshake's code on a second core while the main thread parses
 * the command line, the inventory and the playbook. The first handshake of a run otherwise pays
 * for loading sshj's transport, the JDK's X25519 and Ed25519 code and the AES-GCM provider, and
 * for running them interpreted, on the critical path: about 0.1 s of a short run on this
 * project's reference machine. Nothing here touches the network or any file; a run that never
 * connects only spent some CPU of an otherwise idle core.
 */
public final class SshWarmup {
    private SshWarmup() {}

    /**
     * Runs the warm-up on the calling thread (meant to be a second one). When a connection keeper
     * is up to do the handshakes, that would only take CPU from the main thread: then only the
     * digest, which the run still needs itself.
     */
    public static void runUnlessKept() {
        if (KeeperClient.persistSeconds() != 0 && java.nio.file.Files.exists(KeeperClient.socket())) {
            // the run still digests: the ssh -G cache's file name, the keeper's connection key
            digest();
            return;
        }
        run();
    }

    /** The JDK's security providers and SHA-256: about 10 ms of loading on whichever thread asks first. */
    static void digest() {
        try {
            MessageDigest.getInstance("SHA-256").digest(new byte[64]);
        } catch (Exception | LinkageError e) {
            // only a head start
        }
    }

    static void run() {
        try {
            SshAlgorithms.config(Set.of());
            KeyPairGenerator xg = KeyPairGenerator.getInstance("X25519");
            KeyPair a = xg.generateKeyPair();
            KeyPair b = xg.generateKeyPair();
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(a.getPrivate());
            ka.doPhase(b.getPublic(), true);
            byte[] secret = ka.generateSecret();
            MessageDigest.getInstance("SHA-256").digest(secret);
            KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(ed.getPrivate());
            s.update(secret);
            byte[] sig = s.sign();
            s.initVerify(ed.getPublic());
            s.update(secret);
            s.verify(sig);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"), new GCMParameterSpec(128, new byte[12]));
            gcm.doFinal(new byte[64]);
        } catch (Exception | LinkageError e) {
            // only a head start: the handshake reports any real problem itself
        }
    }
}
