package playbook.engine.vault;

import playbook.engine.connection.KeeperCrypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * PBKDF2-HMAC-SHA256 (RFC 8018) over the password's raw bytes. The JDK's
 * {@code PBKDF2WithHmacSHA256} takes a {@code char[]} and re-encodes it as UTF-8, which would
 * derive a different key than Ansible for a password file that is not valid UTF-8.
 */
public final class Pbkdf2 {
    private Pbkdf2() {}

    /** Computed here, or by the connection keeper for a run compiled by C1 only ({@link KeeperCrypto#pbkdf2}). */
    static byte[] derive(byte[] password, byte[] salt, int iterations, int length) {
        byte[] kept = KeeperCrypto.pbkdf2(password, salt, iterations, length);
        return kept != null ? kept : hmacSha256(password, salt, iterations, length);
    }

    /** Computed in this JVM (the keeper's side of {@link KeeperCrypto#pbkdf2} too). */
    public static byte[] hmacSha256(byte[] password, byte[] salt, int iterations, int length) {
        if (password.length == 0) throw new IllegalArgumentException("empty password");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(password, "HmacSHA256"));
            int hLen = mac.getMacLength();
            byte[] out = new byte[length];
            int blocks = (length + hLen - 1) / hLen;
            for (int i = 1; i <= blocks; i++) {
                mac.update(salt);
                mac.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
                byte[] u = mac.doFinal();
                byte[] t = u.clone();
                for (int n = 1; n < iterations; n++) {
                    u = mac.doFinal(u);
                    for (int k = 0; k < t.length; k++) t[k] ^= u[k];
                }
                int off = (i - 1) * hLen;
                System.arraycopy(t, 0, out, off, Math.min(hLen, length - off));
                Arrays.fill(t, (byte) 0);
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
