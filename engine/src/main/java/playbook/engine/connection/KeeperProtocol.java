package playbook.engine.connection;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The wire format between a run and the connection keeper ({@link Keeper}), over a Unix socket
 * in a directory only the user can enter. One socket connection per request. The request is one
 * frame ({@link #REQUEST}): protocol version, operation, the host's resolved SSH settings (none for
 * {@link #DIGEST} and {@link #PBKDF2}, which only compute), then the operation's own fields.
 * Everything after it is frames of {@code [type][length][bytes]}.
 * Both sides are the same jar: the socket's name carries the build, so a run never talks to a
 * keeper of another version.
 */
final class KeeperProtocol {
    private KeeperProtocol() {}

    static final int VERSION = 2;  // 2: digest, pbkdf2, ProxyJump hops

    // client -> keeper
    static final byte REQUEST = 'Q';
    static final byte STDIN = 'I';
    static final byte STDIN_EOF = 'E';
    static final byte KILL = 'K';
    // keeper -> client
    static final byte STDOUT = 'O';
    static final byte STDERR = 'R';
    static final byte EXIT = 'X';
    static final byte PROGRESS = 'P';
    static final byte DONE = 'D';
    static final byte FAILED = 'F';

    // operations
    static final String OPEN = "open";        // connect now (or reuse); DONE or FAILED
    static final String WARM = "warm";        // connect in the background; DONE at once
    static final String EXEC = "exec";        // field: mode (plain, terminal, killable), command
    static final String PUT = "put";          // fields: local path, remote path
    static final String GET = "get";          // fields: remote path, local path
    static final String DROP = "drop";        // close this host's connection (meta: reset_connection)
    static final String DIGEST = "digest";    // no settings; fields: local path, count, algorithms; DONE (hex lines) or FAILED
    static final String PBKDF2 = "pbkdf2";    // no settings; fields: password, salt, iterations, length; DONE (the key)

    // failure kinds
    static final byte UNREACHABLE = 'c';     // ConnectionException: the host can't be reached, or the link broke
    static final byte AUTH = 'a';            // authentication failed in the keeper: the run retries itself (it may prompt)
    static final byte MODULE = 'm';          // ModuleException: the host answered, the operation failed
    static final byte OTHER = 'e';

    /**
     * What the keeper needs to open the same connection the run would: settings, plus the options
     * that reach auth, and the ProxyJump hops as the run resolved them (its ssh config, not the keeper's).
     */
    record Target(SshSettings settings, String keyPassphrase, String agentSocket, int maxChannels, int timeoutSeconds,
                  int persistSeconds, List<SshSettings> hops) {
        Target(SshSettings settings, String keyPassphrase, String agentSocket, int maxChannels, int timeoutSeconds, int persistSeconds) {
            this(settings, keyPassphrase, agentSocket, maxChannels, timeoutSeconds, persistSeconds, List.of());
        }

        /** Identifies the connection: a digest (the settings may hold a password). Persist time is not part of it. */
        String key() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (DataOutputStream d = new DataOutputStream(b)) {
                writeSettings(d, new Target(settings, keyPassphrase, agentSocket, maxChannels, timeoutSeconds, 0, hops));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toByteArray()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static void writeSettings(DataOutputStream d, Target t) throws IOException {
        writeSsh(d, t.settings());
        writeNullable(d, t.keyPassphrase());
        writeNullable(d, t.agentSocket());
        d.writeInt(t.maxChannels());
        d.writeInt(t.timeoutSeconds());
        d.writeInt(t.persistSeconds());
        d.writeInt(t.hops().size());
        for (SshSettings hop : t.hops()) writeSsh(d, hop);
    }

    static Target readSettings(DataInputStream d) throws IOException {
        SshSettings s = readSsh(d);
        String passphrase = readNullable(d);
        String agent = readNullable(d);
        int maxChannels = d.readInt();
        int timeout = d.readInt();
        int persist = d.readInt();
        int n = d.readInt();
        if (n < 0 || n > 16) throw new IOException("bad hop count " + n);
        List<SshSettings> hops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) hops.add(readSsh(d));
        return new Target(s, passphrase, agent, maxChannels, timeout, persist, List.copyOf(hops));
    }

    private static void writeSsh(DataOutputStream d, SshSettings s) throws IOException {
        d.writeUTF(s.alias());
        d.writeUTF(s.hostName());
        d.writeInt(s.port());
        d.writeUTF(s.user());
        writeList(d, s.explicitIdentities());
        writeList(d, s.identities());
        d.writeBoolean(s.identitiesOnly());
        writeNullable(d, s.proxyJump());
        d.writeInt(s.connectTimeoutSeconds());
        d.writeInt(s.serverAliveInterval());
        d.writeInt(s.serverAliveCountMax());
        writeList(d, s.knownHostsFiles());
        d.writeUTF(s.strictHostKeyChecking());
        writeNullable(d, s.password());
        d.writeInt(s.retries());
    }

    private static SshSettings readSsh(DataInputStream d) throws IOException {
        return new SshSettings(d.readUTF(), d.readUTF(), d.readInt(), d.readUTF(), readList(d), readList(d),
                d.readBoolean(), readNullable(d), d.readInt(), d.readInt(), d.readInt(), readList(d), d.readUTF(),
                readNullable(d), d.readInt(), 0);
    }

    static void writeList(DataOutputStream d, List<String> l) throws IOException {
        d.writeInt(l.size());
        for (String x : l) d.writeUTF(x);
    }

    static List<String> readList(DataInputStream d) throws IOException {
        int n = d.readInt();
        if (n < 0 || n > 10_000) throw new IOException("bad list length " + n);
        List<String> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) l.add(d.readUTF());
        return List.copyOf(l);
    }

    static void writeNullable(DataOutputStream d, String s) throws IOException {
        d.writeBoolean(s != null);
        if (s != null) d.writeUTF(s);
    }

    static String readNullable(DataInputStream d) throws IOException {
        return d.readBoolean() ? d.readUTF() : null;
    }

    /** One frame; synchronized on {@code out} by the caller when several threads write. */
    static void frame(OutputStream out, byte type, byte[] data, int off, int len) throws IOException {
        byte[] head = {type, (byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len};
        out.write(head);
        if (len > 0) out.write(data, off, len);
        out.flush();
    }

    static void frame(OutputStream out, byte type, byte[] data) throws IOException {
        frame(out, type, data, 0, data.length);
    }

    static void frame(OutputStream out, byte type) throws IOException {
        frame(out, type, new byte[0], 0, 0);
    }

    /** A frame read from the socket; null at a clean end of stream between frames. */
    record Frame(byte type, byte[] data) {}

    static Frame read(InputStream in) throws IOException {
        // the header in one read: on an unbuffered socket stream that is one system call, not five
        byte[] head = new byte[5];
        int got = in.readNBytes(head, 0, head.length);
        if (got == 0) return null;
        if (got < head.length) throw new EOFException("the keeper's frame ended after " + got + " of 5 header bytes");
        int len = (head[1] & 0xff) << 24 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 8 | head[4] & 0xff;
        if (len < 0 || len > (64 << 20)) throw new IOException("bad frame length " + len);
        byte[] b = new byte[len];
        if (in.readNBytes(b, 0, len) < len) throw new EOFException("the keeper's frame ended before its " + len + " bytes");
        return new Frame(head[0], b);
    }

    static byte[] utf(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String utf(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] failure(byte kind, String message) {
        byte[] m = utf(message == null ? "" : message);
        byte[] b = new byte[m.length + 1];
        b[0] = kind;
        System.arraycopy(m, 0, b, 1, m.length);
        return b;
    }

    /** The kind byte of a FAILED frame's data ({@link #OTHER} when it is empty). */
    static byte failureKind(byte[] data) {
        return data.length > 0 ? data[0] : OTHER;
    }

    /** The message of a FAILED frame's data. */
    static String failureMessage(byte[] data) {
        return data.length > 1 ? utf(java.util.Arrays.copyOfRange(data, 1, data.length)) : "";
    }

    static byte[] intBytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    static int intOf(byte[] b) throws EOFException {
        if (b.length < 4) throw new EOFException("short int frame");
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    static byte[] event(TransferListener.Event e) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(b)) {
            d.writeUTF(e.host());
            d.writeUTF(e.path());
            d.writeBoolean(e.upload());
            d.writeLong(e.bytes());
            d.writeLong(e.total());
            d.writeDouble(e.bytesPerSecond());
            d.writeBoolean(e.done());
        }
        return b.toByteArray();
    }

    static TransferListener.Event event(byte[] data) throws IOException {
        DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(data));
        return new TransferListener.Event(d.readUTF(), d.readUTF(), d.readBoolean(), d.readLong(), d.readLong(), d.readDouble(),
                d.readBoolean());
    }

    /**
     * The socket directory: PLAYBOOK_KEEPER_DIR (or the system property playbook.keeper.dir),
     * else $XDG_RUNTIME_DIR/playbook, else /tmp/playbook-UID; created 0700, and refused unless it
     * is ours and private.
     */
    static Path socketDir() {
        String own = System.getProperty("playbook.keeper.dir", System.getenv("PLAYBOOK_KEEPER_DIR"));
        if (own != null && !own.isBlank()) return Path.of(own);
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        String uid = uid();
        return xdg != null && !xdg.isBlank() ? Path.of(xdg, "playbook") : Path.of("/tmp", "playbook-" + uid);
    }

    static String uid() {
        try {
            return String.valueOf(java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return System.getProperty("user.name");
        }
    }
}
