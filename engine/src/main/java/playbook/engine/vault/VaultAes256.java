package playbook.engine.vault;

import playbook.engine.VaultException;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ansible's VaultAES256: PBKDF2-HMAC-SHA256 (10,000 iterations, 80 bytes) gives the AES key,
 * the HMAC key and the CTR counter block; the plaintext is PKCS7-padded (even though CTR needs
 * no padding, Ansible pads) and AES-256-CTR encrypted; HMAC-SHA256 covers the ciphertext.
 * The body is {@code hex(hex(salt) + "\n" + hex(hmac) + "\n" + hex(ciphertext))}.
 */
final class VaultAes256 {
    static final int ITERATIONS = 10_000;
    private static final int KEY_LENGTH = 32;
    private static final int IV_LENGTH = 16;
    private static final int BLOCK = 16;
    private static final int SALT_LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    private VaultAes256() {}

    /** The three parts of a body. */
    record Parts(byte[] salt, byte[] hmac, byte[] ciphertext) {}

    /** Encrypts with a fresh random 32-byte salt and returns the hex body. */
    static String encrypt(byte[] plaintext, byte[] password) {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return encrypt(plaintext, password, salt);
    }

    static String encrypt(byte[] plaintext, byte[] password, byte[] salt) {
        byte[] keys = Pbkdf2.derive(password, salt, ITERATIONS, 2 * KEY_LENGTH + IV_LENGTH);
        try {
            byte[] padded = pad(plaintext);
            byte[] ciphertext = ctr(Cipher.ENCRYPT_MODE, keys, padded);
            Arrays.fill(padded, (byte) 0);
            byte[] hmac = hmac(keys, ciphertext);
            String inner = HEX.formatHex(salt) + "\n" + HEX.formatHex(hmac) + "\n" + HEX.formatHex(ciphertext);
            return HEX.formatHex(inner.getBytes(StandardCharsets.US_ASCII));
        } finally {
            Arrays.fill(keys, (byte) 0);
        }
    }

    /** Splits and hex-decodes a body. */
    static Parts parse(String body, String where) {
        byte[] inner = unhex(body, where, "the vault text");
        String s = new String(inner, StandardCharsets.ISO_8859_1);
        int a = s.indexOf('\n');
        int b = a < 0 ? -1 : s.indexOf('\n', a + 1);
        if (b < 0) throw VaultEnvelope.format(where, "the vault text should hold salt, HMAC and ciphertext; it is truncated or not vault data");
        byte[] salt = unhex(s.substring(0, a), where, "the salt");
        byte[] hmac = unhex(s.substring(a + 1, b), where, "the HMAC");
        byte[] ciphertext = unhex(s.substring(b + 1), where, "the ciphertext");
        if (salt.length == 0) throw VaultEnvelope.format(where, "the salt is empty");
        return new Parts(salt, hmac, ciphertext);
    }

    /**
     * Decrypts when the password's HMAC matches (checked in constant time before any decryption);
     * returns null when it does not, so the caller can try the next secret.
     */
    static byte[] decrypt(Parts parts, byte[] password, String where) {
        byte[] keys = Pbkdf2.derive(password, parts.salt(), ITERATIONS, 2 * KEY_LENGTH + IV_LENGTH);
        try {
            if (!MessageDigest.isEqual(hmac(keys, parts.ciphertext()), parts.hmac())) return null;
            if (parts.ciphertext().length == 0 || parts.ciphertext().length % BLOCK != 0) {
                throw VaultEnvelope.format(where, "the ciphertext length is not a multiple of 16 bytes");
            }
            byte[] padded = ctr(Cipher.DECRYPT_MODE, keys, parts.ciphertext());
            try {
                return unpad(padded, where);
            } finally {
                Arrays.fill(padded, (byte) 0);
            }
        } finally {
            Arrays.fill(keys, (byte) 0);
        }
    }

    private static byte[] ctr(int mode, byte[] keys, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(mode, new SecretKeySpec(keys, 0, KEY_LENGTH, "AES"), new IvParameterSpec(keys, 2 * KEY_LENGTH, IV_LENGTH));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding is missing from this JDK", e);
        }
    }

    private static byte[] hmac(byte[] keys, byte[] ciphertext) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys, KEY_LENGTH, KEY_LENGTH, "HmacSHA256"));
            return mac.doFinal(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    static byte[] pad(byte[] data) {
        int n = BLOCK - data.length % BLOCK;
        byte[] out = Arrays.copyOf(data, data.length + n);
        Arrays.fill(out, data.length, out.length, (byte) n);
        return out;
    }

    static byte[] unpad(byte[] data, String where) {
        int n = data.length == 0 ? 0 : data[data.length - 1] & 0xff;
        boolean ok = n >= 1 && n <= BLOCK && n <= data.length;
        for (int i = data.length - n; ok && i < data.length; i++) ok = (data[i] & 0xff) == n;
        if (!ok) throw VaultEnvelope.format(where, "invalid padding after decryption; the data was not written by ansible-vault");
        return Arrays.copyOf(data, data.length - n);
    }

    private static byte[] unhex(String s, String where, String what) {
        if (s.length() % 2 != 0) throw VaultEnvelope.format(where, what + " has an odd number of hex digits; the data is truncated");
        try {
            return HEX.parseHex(s);
        } catch (IllegalArgumentException e) {
            throw VaultEnvelope.format(where, what + " is not hexadecimal; the data is corrupt");
        }
    }
}
