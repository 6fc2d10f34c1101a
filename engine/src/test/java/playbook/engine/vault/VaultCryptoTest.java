package playbook.engine.vault;

import org.junit.jupiter.api.Test;
import playbook.engine.VaultException;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AES256 vault format: known answers from ansible-vault 2.14, round trips, and every way the input can be bad. */
class VaultCryptoTest {
    static final String PASSWORD = "hunter2pass";
    static final String PLAIN = "secret: s3cr3t-value\nport: 2222\n";
    /** {@code ansible-vault encrypt --vault-password-file pw} of PLAIN. */
    static final String ANSIBLE_11 = """
            $ANSIBLE_VAULT;1.1;AES256
            39346365336562633863623136653264386332333432333838643735653837346563343238346662
            3463623361616330356234646134313762393962333530300a393763633535326563356261336536
            65346637336161363764636439343165383533366437646164316363643632313835636236623536
            3565336365663237310a656135346661353232663736393963353166623764363466623466373262
            33613439633766386566353230343832663133623833653961666466306563353038343132323532
            3565396233396339633539303438656339333036623338336264
            """;
    /** {@code ansible-vault encrypt --vault-id dev@pw} of PLAIN. */
    static final String ANSIBLE_12 = """
            $ANSIBLE_VAULT;1.2;AES256;dev
            33613535396363616163653830616631626635666133393765653233373364633933383231383232
            6232633634636535656663356237613365346135663965650a343764666238346435613666333161
            37626339663831653032363336316330633339623436313139386435333264303566653264346665
            6236363465366537330a643238316234353235653330333534613234383230363730656666323531
            31373430376664363730393766343363613664643235343565663763323264653133643031396361
            3761663430666664653063373164613832346537313439393432
            """;

    static VaultSecrets secrets(String label, String password) {
        return VaultSecrets.of(VaultSecret.of(label, password, "test"));
    }

    @Test void pbkdf2MatchesTheJdkForUtf8Passwords() throws Exception {
        byte[] salt = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        for (String pw : List.of("p", "hunter2pass", "pässwörd ☃")) {
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] jdk = f.generateSecret(new PBEKeySpec(pw.toCharArray(), salt, 10_000, 80 * 8)).getEncoded();
            assertArrayEquals(jdk, Pbkdf2.hmacSha256(pw.getBytes(StandardCharsets.UTF_8), salt, 10_000, 80), pw);
        }
    }

    @Test void decryptsAnsibleVault11And12() {
        VaultSecrets.Decrypted d = secrets("default", PASSWORD).decrypt(ANSIBLE_11, "p11.yml");
        assertEquals(PLAIN, new String(d.plaintext(), StandardCharsets.UTF_8));
        assertEquals("1.1", d.envelope().version());
        VaultSecrets.Decrypted d2 = secrets("dev", PASSWORD).decrypt(ANSIBLE_12, "p12.yml");
        assertEquals(PLAIN, new String(d2.plaintext(), StandardCharsets.UTF_8));
        assertEquals("dev", d2.envelope().label());
    }

    @Test void encryptsInAnsiblesLayout() {
        String v11 = VaultSecrets.encrypt(PLAIN.getBytes(StandardCharsets.UTF_8), VaultSecret.of("default", PASSWORD, "t"));
        String[] lines = v11.split("\n", -1);
        assertEquals("$ANSIBLE_VAULT;1.1;AES256", lines[0]);
        assertEquals("", lines[lines.length - 1], "ends with a newline");
        for (int i = 1; i < lines.length - 2; i++) assertEquals(80, lines[i].length(), "line " + i);
        assertTrue(lines[lines.length - 2].length() <= 80 && lines[lines.length - 2].matches("[0-9a-f]+"));
        String v12 = VaultSecrets.encrypt(PLAIN.getBytes(StandardCharsets.UTF_8), VaultSecret.of("prod", PASSWORD, "t"));
        assertTrue(v12.startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n"), v12);
        assertEquals(PLAIN, new String(secrets("prod", PASSWORD).decrypt(v12, "x").plaintext(), StandardCharsets.UTF_8));
        assertNotEquals(v11, VaultSecrets.encrypt(PLAIN.getBytes(StandardCharsets.UTF_8), VaultSecret.of("default", PASSWORD, "t")), "fresh salt each time");
    }

    @Test void paddingIsPkcs7EvenInCtrMode() {
        assertEquals(16, VaultAes256.pad(new byte[0]).length);
        assertEquals(32, VaultAes256.pad(new byte[16]).length);
        byte[] p = VaultAes256.pad(new byte[] {1, 2, 3});
        assertEquals(13, p[15]);
        for (int n : new int[] {0, 1, 15, 16, 17, 31, 32, 1000}) {
            byte[] data = new byte[n];
            new Random(n).nextBytes(data);
            String v = VaultSecrets.encrypt(data, VaultSecret.of(null, PASSWORD, "t"));
            byte[] inner = HexFormat.of().parseHex(VaultEnvelope.parse(v, "x").body());
            String ct = new String(inner, StandardCharsets.US_ASCII).split("\n")[2];
            assertEquals((n / 16 + 1) * 16 * 2, ct.length(), "ciphertext of " + n + " bytes is padded to the next block");
            assertArrayEquals(data, secrets("default", PASSWORD).decrypt(v, "x").plaintext());
        }
    }

    @Test void wrongPasswordNamesTheLocationAndLeaksNothing() {
        VaultException e = assertThrows(VaultException.class, () -> secrets("default", "not-the-password").decrypt(ANSIBLE_11, "group_vars/all/vault.yml"));
        assertTrue(e.getMessage().startsWith("Decryption failed (no vault secrets were found that could decrypt) on group_vars/all/vault.yml"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-password"));
        assertFalse(e.getMessage().contains("s3cr3t"));
    }

    @Test void theLabelledSecretIsTriedFirstThenTheOthers() {
        VaultSecrets s = new VaultSecrets(List.of(VaultSecret.of("a", "wrong1", "t"), VaultSecret.of("b", "wrong2", "t"),
                VaultSecret.of("dev", PASSWORD, "t")));
        assertEquals(List.of("dev", "a", "b"), s.candidates("dev").stream().map(VaultSecret::label).toList());
        assertEquals(PLAIN, new String(s.decrypt(ANSIBLE_12, "x").plaintext(), StandardCharsets.UTF_8));
        // a 1.1 file has no label: the right password under another label is still found
        assertEquals("dev", s.decrypt(ANSIBLE_11, "x").secret().label());
    }

    @Test void tamperedHmacOrCiphertextIsRejected() {
        String body = VaultEnvelope.parse(ANSIBLE_11, "x").body();
        String inner = new String(HexFormat.of().parseHex(body), StandardCharsets.US_ASCII);
        String[] parts = inner.split("\n");
        for (int which = 1; which <= 2; which++) {
            String[] t = parts.clone();
            char c = t[which].charAt(10);
            t[which] = t[which].substring(0, 10) + (c == '0' ? '1' : '0') + t[which].substring(11);
            String tampered = VaultEnvelope.of(HexFormat.of().formatHex(String.join("\n", t).getBytes(StandardCharsets.US_ASCII)), null).format();
            VaultException e = assertThrows(VaultException.class, () -> secrets("default", PASSWORD).decrypt(tampered, "t.yml"));
            assertTrue(e.getMessage().startsWith("Decryption failed"), e.getMessage());
        }
    }

    @Test void hmacIsCheckedBeforeDecrypting() {
        // ciphertext with bad padding: only a matching HMAC lets decryption (and the padding check) happen
        byte[] salt = new byte[32];
        byte[] keys = Pbkdf2.hmacSha256(PASSWORD.getBytes(StandardCharsets.UTF_8), salt, 10_000, 80);
        byte[] ct = new byte[16];
        byte[] goodMac = mac(keys, ct);
        VaultAes256.Parts signed = new VaultAes256.Parts(salt, goodMac, ct);
        VaultException e = assertThrows(VaultException.class, () -> VaultAes256.decrypt(signed, PASSWORD.getBytes(StandardCharsets.UTF_8), "w"));
        assertTrue(e.getMessage().contains("invalid padding"), e.getMessage());
        goodMac[0] ^= 1;
        assertNull(VaultAes256.decrypt(new VaultAes256.Parts(salt, goodMac, ct), PASSWORD.getBytes(StandardCharsets.UTF_8), "w"),
                "a wrong HMAC stops before decryption");
    }

    private static byte[] mac(byte[] keys, byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(keys, 32, 32, "HmacSHA256"));
            return m.doFinal(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test void malformedInputGivesAFormatErrorWithTheLocation() {
        VaultSecrets s = secrets("default", PASSWORD);
        String body = VaultEnvelope.parse(ANSIBLE_11, "x").body();
        List<String> bad = List.of(
                "$ANSIBLE_VAULT;1.1;AES256\n",
                "$ANSIBLE_VAULT;1.1\n" + body,
                "$ANSIBLE_VAULT;1.1;AES\n" + body,
                "$ANSIBLE_VAULT;1.1;AES256\n" + body.substring(0, body.length() - 1),
                "$ANSIBLE_VAULT;1.1;AES256\n" + body.substring(0, 100),
                "$ANSIBLE_VAULT;1.1;AES256\nzz" + body.substring(2),
                "$ANSIBLE_VAULT;1.1;AES256\n" + HexFormat.of().formatHex("abc\ndef".getBytes(StandardCharsets.US_ASCII)),
                "$ANSIBLE_VAULT;1.1;AES256\n" + HexFormat.of().formatHex("\n\n".getBytes(StandardCharsets.US_ASCII)),
                "not a vault at all");
        for (String b : bad) {
            VaultException e = assertThrows(VaultException.class, () -> s.decrypt(b, "vars/secret.yml"), b);
            assertTrue(e.getMessage().contains("vars/secret.yml"), e.getMessage());
        }
    }

    @Test void seededMutationsOnlyEverGiveVaultExceptions() {
        Random r = new Random(7);
        VaultSecrets s = secrets("default", PASSWORD);
        int failures = 0;
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder(ANSIBLE_11);
            int op = r.nextInt(3);
            int at = r.nextInt(sb.length());
            if (op == 0) sb.setLength(at);
            else if (op == 1) sb.setCharAt(at, (char) (32 + r.nextInt(95)));
            else sb.insert(at, (char) r.nextInt(256));
            try {
                s.decrypt(sb.toString(), "fuzz.yml");
            } catch (VaultException e) {
                failures++;
                assertTrue(e.getMessage().contains("fuzz.yml"), e.getMessage());
            }
        }
        assertTrue(failures > 250, "mutations are rejected: " + failures);
    }

    @Test void toStringsNeverShowPasswordsOrPlaintext() {
        VaultSecret secret = VaultSecret.of("dev", PASSWORD, "/etc/pw");
        VaultSecrets all = VaultSecrets.of(secret);
        VaultSecrets.Decrypted d = all.decrypt(ANSIBLE_12, "x");
        for (Object o : List.of(secret, all, d, new Vault(all, x -> { }), d.envelope())) {
            assertFalse(o.toString().contains(PASSWORD), o.toString());
            assertFalse(o.toString().contains("s3cr3t"), o.toString());
        }
    }

    @Test void encryptingVaultDataTwiceIsRefused() {
        assertThrows(VaultException.class, () -> VaultSecrets.encrypt(ANSIBLE_11.getBytes(StandardCharsets.US_ASCII), VaultSecret.of(null, "x1234", "t")));
    }

    @Test void noSecretsSaysHowToPassOne() {
        VaultException e = assertThrows(VaultException.class, () -> VaultSecrets.none().decrypt(ANSIBLE_11, "host_vars/pi.yml"));
        assertTrue(e.getMessage().contains("host_vars/pi.yml") && e.getMessage().contains("--vault-password-file"), e.getMessage());
    }
}
