package playbook.engine.connection;

import com.hierynomus.sshj.key.KeyAlgorithms;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.KeyType;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An OpenSSH-like modern algorithm set for sshj: no SHA-1 key exchange or MACs, no CBC, no
 * arcfour, no ssh-rsa/DSA signatures. Host-key algorithms are ordered by what known_hosts holds
 * for the host, with RSA mapped to rsa-sha2-512/256 (sshj 0.40 would only promote the legacy
 * ssh-rsa name, negotiate another key type and then fail the check).
 */
final class SshAlgorithms {
    private SshAlgorithms() {}

    static DefaultConfig config(Set<String> knownTypes) {
        SshProviders.init();
        DefaultConfig c = new DefaultConfig();
        c.setKeyExchangeFactories(keep(c.getKeyExchangeFactories(), n -> !n.contains("sha1") && !n.contains("group1-")
                && !n.contains("@ssh.com") && !n.contains("group15") && !n.contains("group17")));
        c.setCipherFactories(ciphers(c.getCipherFactories()));
        List<Factory.Named<net.schmizz.sshj.transport.mac.MAC>> macs = new ArrayList<>();
        for (String want : List.of("hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512")) {
            for (var f : c.getMACFactories()) if (f.getName().equals(want)) macs.add(f);
        }
        c.setMACFactories(macs);
        List<Factory.Named<com.hierynomus.sshj.key.KeyAlgorithm>> algs = keep(c.getKeyAlgorithms(),
                n -> !n.equals("ssh-rsa") && !n.startsWith("ssh-dss") && !n.startsWith("ssh-rsa-cert"));
        c.setKeyAlgorithms(order(algs, knownTypes));
        return c;
    }

    /** Known plain key types first (RSA as rsa-sha2-512, rsa-sha2-256); certificates first when a CA is trusted. */
    static List<Factory.Named<com.hierynomus.sshj.key.KeyAlgorithm>> order(
            List<Factory.Named<com.hierynomus.sshj.key.KeyAlgorithm>> algs, Set<String> knownTypes) {
        List<String> preferred = new ArrayList<>();
        if (knownTypes.contains("cert-authority")) {
            for (var f : algs) if (f.getName().contains("-cert-")) preferred.add(f.getName());
        }
        for (String t : knownTypes) {
            if (t.equals(KeyType.RSA.toString())) {
                preferred.add(KeyAlgorithms.RSASHA512().getName());
                preferred.add(KeyAlgorithms.RSASHA256().getName());
            } else {
                preferred.add(t);
            }
        }
        List<Factory.Named<com.hierynomus.sshj.key.KeyAlgorithm>> out = new ArrayList<>();
        for (String p : preferred) for (var f : algs) if (f.getName().equals(p) && !out.contains(f)) out.add(f);
        for (var f : algs) if (!out.contains(f) && !f.getName().contains("-cert-")) out.add(f);
        for (var f : algs) if (!out.contains(f)) out.add(f);
        return out;
    }

    /**
     * AES-GCM on the JDK's provider first (AES-NI and CLMUL once compiled: a bulk transfer is
     * several times faster than with sshj's default ChaCha20-Poly1305 in pure-Java BouncyCastle),
     * then chacha20-poly1305 (BouncyCastle, added only when negotiated: see {@link SshProviders}) and AES-CTR for servers without GCM. No CBC, no arcfour.
     */
    static List<Factory.Named<net.schmizz.sshj.transport.cipher.Cipher>> ciphers(
            List<Factory.Named<net.schmizz.sshj.transport.cipher.Cipher>> defaults) {
        List<Factory.Named<net.schmizz.sshj.transport.cipher.Cipher>> out = new ArrayList<>();
        out.add(JceGcmCiphers.aes128());
        out.add(JceGcmCiphers.aes256());
        // not from defaults: without BouncyCastle registered, DefaultConfig's availability check drops it
        out.add(SshProviders.needingBouncyCastle(com.hierynomus.sshj.transport.cipher.ChachaPolyCiphers.CHACHA_POLY_OPENSSH()));
        out.addAll(keep(defaults, n -> n.startsWith("aes") && n.contains("ctr")));
        return out;
    }

    static List<String> names(List<? extends Factory.Named<?>> fs) {
        return fs.stream().map(Factory.Named::getName).toList();
    }

    private static <T> List<Factory.Named<T>> keep(List<Factory.Named<T>> in, Predicate<String> ok) {
        List<Factory.Named<T>> out = new ArrayList<>();
        for (Factory.Named<T> f : in) if (ok.test(f.getName())) out.add(f);
        return out;
    }

}
