package playbook.engine.connection;

import com.hierynomus.sshj.transport.cipher.GcmCipher;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.transport.cipher.Cipher;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;

/**
 * aes128-gcm@openssh.com and aes256-gcm@openssh.com on the JDK's own provider (SunJCE). sshj
 * asks for its ciphers through {@code SecurityUtils}, which picks BouncyCastle once that is
 * registered: a pure-Java AES. SunJCE's AES/GCM uses the CPU's AES and carry-less multiply
 * instructions once C2 compiles it, several times faster on bulk transfers. The SSH framing
 * (implicit counter nonce, tag handling) stays sshj's {@link GcmCipher}; only the
 * {@code javax.crypto.Cipher} under it changes. Falls back to sshj's choice where SunJCE lacks it.
 */
final class JceGcmCiphers {
    private JceGcmCiphers() {}

    static Factory.Named<Cipher> aes128() {
        return new F("aes128-gcm@openssh.com", 128);
    }

    static Factory.Named<Cipher> aes256() {
        return new F("aes256-gcm@openssh.com", 256);
    }

    private record F(String name, int keyBits) implements Factory.Named<Cipher> {
        @Override public String getName() { return name; }

        // the same sizes as sshj's GcmCiphers: 12-byte IV, 16-byte tag
        @Override public Cipher create() { return new JceGcm(keyBits / 8); }
    }

    static final class JceGcm extends GcmCipher {
        JceGcm(int keyBytes) {
            super(12, 16, keyBytes, "AES", "AES/GCM/NoPadding");
        }

        @Override
        protected void initCipher(javax.crypto.Cipher c, Mode mode, byte[] key, byte[] iv)
                throws InvalidKeyException, InvalidAlgorithmParameterException {
            javax.crypto.Cipher jce = c;
            try {
                jce = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            } catch (GeneralSecurityException e) {
                // no SunJCE (an unusual JVM): keep the provider sshj chose
            }
            cipher = jce;
            super.initCipher(jce, mode, key, iv);
        }

        /** The provider doing the work, for tests. */
        String provider() {
            return cipher.getProvider().getName();
        }
    }
}
