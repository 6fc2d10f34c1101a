package playbook.engine.connection;

import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SecurityUtils;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Host key checking against OpenSSH known_hosts files (plain and hashed names,
 * {@code @cert-authority}, {@code @revoked}), with OpenSSH's StrictHostKeyChecking modes. A
 * rejection leaves its user-facing reason in {@link #failure()}: sshj's own exception only says
 * the key could not be verified.
 */
final class KnownHostsVerifier implements HostKeyVerifier {
    /** One JVM-wide lock: FileLock does not exclude threads of the same process. */
    private static final Object APPEND_LOCK = new Object();

    private final String alias;
    private final List<Path> files;
    private final String mode;
    private final java.util.function.BiConsumer<Integer, String> verbose;
    private volatile String failure;

    record Line(Path file, int number, String text, OpenSSHKnownHosts.KnownHostEntry entry) {
        boolean revoked() { return text.startsWith("@revoked"); }
        boolean authority() { return text.startsWith("@cert-authority"); }
        String where() { return file + ":" + number; }
    }

    KnownHostsVerifier(String alias, List<String> files, String mode, java.util.function.BiConsumer<Integer, String> verbose) {
        SshProviders.init();
        this.alias = alias;
        List<Path> fs = new ArrayList<>();
        for (String f : files) fs.add(Path.of(f));
        Path global = Path.of("/etc/ssh/ssh_known_hosts");
        if (Files.exists(global) && !fs.contains(global)) fs.add(global);
        this.files = fs;
        this.mode = mode;
        this.verbose = verbose;
    }

    String failure() { return failure; }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        String name = adjust(hostname, port);
        if (mode.equals("no")) return true;
        KeyType type = KeyType.fromKey(key);
        String fp = SecurityUtils.getFingerprint(key);
        List<Line> lines = load();
        for (Line l : lines) {
            if (l.revoked() && applies(l, name) && matchesRevoked(l, key)) {
                failure = "Host key verification failed for " + alias + " (" + name + "): its " + type + " key " + fp
                        + " is marked @revoked in " + l.where() + ". Do not connect; find out why the host presents a revoked key.";
                return false;
            }
        }
        Line changed = null;
        for (Line l : lines) {
            if (l.revoked()) continue;
            try {
                if (!l.entry().appliesTo(type, name)) continue;
                if (l.entry().verify(key)) return true;
                if (!l.authority() && changed == null) changed = l;
            } catch (IOException e) {
                // an unreadable line is skipped, as ssh does
            }
        }
        if (changed != null) {
            failure = "WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED for " + alias + " (" + name + ")! Someone could be"
                    + " eavesdropping on you right now (man-in-the-middle attack), or the host key has just been changed."
                    + " The " + type + " key the host sent has fingerprint " + fp + ", but " + changed.where()
                    + " holds a different key for it. If the change is expected, remove the old key with"
                    + " `ssh-keygen -R '" + name + "' -f " + changed.file() + "` and trust the new one.";
            return false;
        }
        if (mode.equals("accept-new")) return append(name, key, type, fp);
        failure = "Host key verification failed for " + alias + ": " + name + " is not a known host (checked "
                + String.join(", ", files.stream().map(Path::toString).toList()) + "). Its " + type + " key fingerprint is " + fp
                + ". After checking that fingerprint, trust it with `ssh-keyscan" + (port == 22 ? "" : " -p " + port) + " "
                + hostname + " >> " + files.get(0) + "`, or turn checking off with host_key_checking = False in ansible.cfg"
                + " (or ANSIBLE_HOST_KEY_CHECKING=False).";
        return false;
    }

    /**
     * Known key types for the host, so the algorithm list can put them first. RSA expands to
     * the rsa-sha2 names; a @cert-authority line adds the certificate algorithms.
     */
    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        return List.of(); // the order is set up front by SshAlgorithms, see knownTypes()
    }

    Set<String> knownTypes(String hostname, int port) {
        String name = adjust(hostname, port);
        Set<String> out = new LinkedHashSet<>();
        for (Line l : load()) {
            if (l.revoked() || !applies(l, name)) continue;
            out.add(l.authority() ? "cert-authority" : l.entry().getType().toString());
        }
        return out;
    }

    private static boolean applies(Line l, String name) {
        try {
            return l.entry().appliesTo(name);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean matchesRevoked(Line l, PublicKey key) {
        String[] parts = l.text().trim().split("\\s+");
        if (parts.length < 4) return false;
        return parts[3].equals(Base64.getEncoder().encodeToString(new net.schmizz.sshj.common.Buffer.PlainBuffer().putPublicKey(key).getCompactData()));
    }

    private List<Line> load() {
        List<Line> out = new ArrayList<>();
        OpenSSHKnownHosts.EntryFactory factory;
        try {
            factory = new OpenSSHKnownHosts(new StringReader("")).new EntryFactory();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (Path f : files) {
            if (!Files.isReadable(f)) continue;
            List<String> text;
            try {
                text = Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                verbose.accept(1, "can't read " + f + ": " + e.getMessage());
                continue;
            }
            for (int i = 0; i < text.size(); i++) {
                String t = text.get(i).strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                try {
                    OpenSSHKnownHosts.KnownHostEntry e = factory.parseEntry(t);
                    if (e instanceof OpenSSHKnownHosts.HostEntry) out.add(new Line(f, i + 1, t, e));
                } catch (IOException | RuntimeException e) {
                    verbose.accept(3, "skipping unreadable known_hosts line " + f + ":" + (i + 1));
                }
            }
        }
        return out;
    }

    /** accept-new: records the key under a file lock; a concurrent fork that got there first wins. */
    private boolean append(String name, PublicKey key, KeyType type, String fp) {
        Path file = files.get(0);
        String keyB64 = Base64.getEncoder().encodeToString(new net.schmizz.sshj.common.Buffer.PlainBuffer().putPublicKey(key).getCompactData());
        synchronized (APPEND_LOCK) {
            try {
                if (file.getParent() != null) Files.createDirectories(file.getParent());
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = ch.lock()) {
                    for (Line l : load()) { // re-read under the lock: another process may have added it
                        if (!l.revoked() && l.entry().appliesTo(type, name)) {
                            if (l.entry().verify(key)) return true;
                            failure = "Host key for " + alias + " (" + name + ") was just recorded with a different key in "
                                    + l.where() + " by another process; refusing to continue.";
                            return false;
                        }
                    }
                    byte[] line = (name + " " + type + " " + keyB64 + "\n").getBytes(StandardCharsets.UTF_8);
                    ch.position(ch.size());
                    ch.write(java.nio.ByteBuffer.wrap(line));
                    ch.force(true);
                }
                verbose.accept(1, "Warning: permanently added '" + name + "' (" + type + ", " + fp + ") to " + file);
                return true;
            } catch (IOException | RuntimeException e) {
                failure = "can't record the host key of " + alias + " in " + file + ": " + e.getMessage();
                return false;
            }
        }
    }

    private static String adjust(String host, int port) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return port == 22 ? h : "[" + h + "]:" + port;
    }
}
