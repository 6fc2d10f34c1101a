package playbook.engine.connection;

import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.transport.cipher.Cipher;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class JceGcmCiphersTest {
    /** Seals packets with our SunJCE cipher and opens them with sshj's own (BouncyCastle) one, and back. */
    @Test
    void sealsWhatSshjsGcmOpensAndOpensWhatItSeals() {
        for (int bits : new int[] {128, 256}) {
            Random r = new Random(bits);
            byte[] key = new byte[bits / 8];
            byte[] iv = new byte[12];
            r.nextBytes(key);
            r.nextBytes(iv);
            Cipher ours = (bits == 128 ? JceGcmCiphers.aes128() : JceGcmCiphers.aes256()).create();
            Cipher sshj = (bits == 128 ? GcmCiphers.AES128GCM() : GcmCiphers.AES256GCM()).create();
            ours.init(Cipher.Mode.Encrypt, key.clone(), iv.clone());
            sshj.init(Cipher.Mode.Decrypt, key.clone(), iv.clone());
            assertEquals("SunJCE", ((JceGcmCiphers.JceGcm) ours).provider());
            for (int packet = 0; packet < 3; packet++) { // the nonce counts up per packet on both sides
                byte[] plain = new byte[4 + 32 * (packet + 1)];
                r.nextBytes(plain);
                byte[] buf = Arrays.copyOf(plain, plain.length + 16);
                ours.updateAAD(buf, 0, 4);
                ours.update(buf, 4, plain.length - 4);
                byte[] sealed = buf.clone();
                assertFalse(Arrays.equals(Arrays.copyOfRange(plain, 4, plain.length), Arrays.copyOfRange(sealed, 4, plain.length)));
                sshj.updateAAD(sealed, 0, 4);
                sshj.update(sealed, 4, plain.length - 4);
                assertArrayEquals(plain, Arrays.copyOf(sealed, plain.length), "packet " + packet + ", aes" + bits);
            }
        }
    }

    @Test
    void aFlippedBitFailsTheTag() {
        byte[] key = new byte[16];
        byte[] iv = new byte[12];
        Cipher ours = JceGcmCiphers.aes128().create();
        Cipher sshj = GcmCiphers.AES128GCM().create();
        ours.init(Cipher.Mode.Encrypt, key.clone(), iv.clone());
        sshj.init(Cipher.Mode.Decrypt, key.clone(), iv.clone());
        byte[] buf = new byte[4 + 64 + 16];
        ours.updateAAD(buf, 0, 4);
        ours.update(buf, 4, 64);
        buf[10] ^= 1;
        sshj.updateAAD(buf, 0, 4);
        assertThrows(RuntimeException.class, () -> sshj.update(buf, 4, 64));
    }

    @Test
    void gcmOnTheJdkProviderIsPreferredThenChachaThenCtr() {
        DefaultConfig c = SshAlgorithms.config(Set.of());
        var names = SshAlgorithms.names(c.getCipherFactories());
        assertEquals("aes128-gcm@openssh.com", names.get(0));
        assertEquals("aes256-gcm@openssh.com", names.get(1));
        assertEquals("chacha20-poly1305@openssh.com", names.get(2));
        assertTrue(names.stream().noneMatch(n -> n.contains("cbc") || n.contains("arcfour")), names.toString());
        assertTrue(names.contains("aes128-ctr"), names.toString());
        assertTrue(c.getCipherFactories().get(0).create() instanceof JceGcmCiphers.JceGcm);
    }
}
