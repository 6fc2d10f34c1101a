package playbook.engine.connection;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bulk crypto of a run compiled by C1 only, done by the connection keeper: digests of files
 * on the controller (copy's checksum of its src, fetch's of what landed, a local connection's
 * check of what it wrote) and vault key derivation.
 *
 * <p>When a connection keeper is up, the launcher starts a run with the C1 compiler only
 * ({@code -Dplaybook.jit=quick}): the run's own code then starts faster and takes less CPU from
 * the transfers it drives, while the keeper does the SSH crypto. But C1 has none of the JDK's
 * SHA and MD5 intrinsics (SHA-256 of 256 MiB: 1.95 s instead of 0.24 s; one vault key, 30,000
 * HMAC-SHA256: ~60 ms instead of ~10 ms), so such a run asks the keeper, which compiles them with
 * C2, for the digest of any file of {@link #KEEPER_MIN} bytes or more and for vault keys. Smaller
 * files, other runs, and a keeper that does not answer: the work is done here.
 */
public final class KeeperCrypto {
    private KeeperCrypto() {}

    /** Below this size a C1-compiled digest costs less than the keeper's round trip (~8 ms per MiB vs ~1 ms). */
    static final long KEEPER_MIN = 1 << 20;

    /** Digests the keeper computed for this JVM; tests check that a quick run's large files went there. */
    static final AtomicLong VIA_KEEPER = new AtomicLong();

    /** This JVM runs C1 only because a keeper was up when it started (the launcher's choice). */
    public static boolean quickJit() {
        return "quick".equals(System.getProperty("playbook.jit"));
    }

    /** Lower-case hex digests of {@code file}, one per algorithm (JCA names: SHA-1, MD5, SHA-256), from one read. */
    public static String[] hex(Path file, String... algorithms) throws IOException {
        return hex(file, quickJit(), algorithms);
    }

    /** Whether the keeper digests a file of {@code size} bytes, in a run that is ({@code quick}) or is not C1 only. */
    static boolean byKeeper(boolean quick, long size) {
        return quick && size >= KEEPER_MIN;
    }

    static String[] hex(Path file, boolean quick, String... algorithms) throws IOException {
        if (byKeeper(quick, quick ? Files.size(file) : 0)) {
            String[] kept = viaKeeper(file, algorithms);
            if (kept != null) {
                VIA_KEEPER.incrementAndGet();
                return kept;
            }
        }
        return here(file, algorithms);
    }

    /** Computed in this JVM; a thread interrupted meanwhile stops reading with an InterruptedIOException. */
    static String[] here(Path file, String... algorithms) throws IOException {
        MessageDigest[] mds = new MessageDigest[algorithms.length];
        for (int i = 0; i < mds.length; i++) mds[i] = instance(algorithms[i]);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[256 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("checksum of " + file + " cancelled");
                for (MessageDigest md : mds) md.update(buf, 0, n);
            }
        }
        String[] out = new String[mds.length];
        for (int i = 0; i < mds.length; i++) out[i] = HexFormat.of().formatHex(mds[i].digest());
        return out;
    }

    private static MessageDigest instance(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("no " + algorithm + " digest in this JVM", e);
        }
    }

    /**
     * PBKDF2-HMAC-SHA256 of {@code password} computed by the keeper (over its private socket, as
     * the keeper already gets SSH passwords), for a C1-only run; null when this run has C2, or no
     * keeper answers: then the caller derives the key itself.
     */
    public static byte[] pbkdf2(byte[] password, byte[] salt, int iterations, int length) {
        if (!quickJit()) return null;
        byte[] key = ask(KeeperProtocol.PBKDF2, d -> {
            writeBytes(d, password);
            writeBytes(d, salt);
            d.writeInt(iterations);
            d.writeInt(length);
        });
        if (key == null || key.length != length) return null;
        VIA_KEEPER.incrementAndGet();
        return key;
    }

    private static void writeBytes(DataOutputStream d, byte[] b) throws IOException {
        d.writeInt(b.length);
        d.write(b);
    }

    /**
     * The keeper's digests, or null when no keeper answers or it could not read the file (then
     * this JVM reads it, and reports any error itself). An interrupt closes the socket and ends the wait.
     */
    static String[] viaKeeper(Path file, String[] algorithms) {
        byte[] answer = ask(KeeperProtocol.DIGEST, d -> {
            d.writeUTF(file.toAbsolutePath().toString());
            d.writeInt(algorithms.length);
            for (String a : algorithms) d.writeUTF(a);
        });
        if (answer == null) return null;
        String[] hex = KeeperProtocol.utf(answer).split("\n", -1);
        if (hex.length != algorithms.length) return null;
        for (String h : hex) if (!h.matches("[0-9a-f]{32,128}")) return null;
        return hex;
    }

    private interface Fields {
        void write(DataOutputStream d) throws IOException;
    }

    /** One request without settings; the DONE frame's data, or null (no keeper, a failure, a broken socket). */
    private static byte[] ask(String op, Fields fields) {
        SocketChannel ch = KeeperClient.connect();
        if (ch == null) return null;
        try (ch) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (DataOutputStream d = new DataOutputStream(b)) {
                d.writeInt(KeeperProtocol.VERSION);
                d.writeUTF(op);
                fields.write(d);
            }
            byte[] request = b.toByteArray();
            try {
                KeeperProtocol.frame(KeeperClient.out(ch), KeeperProtocol.REQUEST, request);
            } finally {
                java.util.Arrays.fill(request, (byte) 0); // it may hold a vault password
            }
            KeeperProtocol.Frame f = KeeperProtocol.read(KeeperClient.in(ch));
            return f != null && f.type() == KeeperProtocol.DONE ? f.data() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
