package playbook.engine.connection;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * How a run finds (and, the first time, starts) the connection keeper ({@link Keeper}). The
 * socket lives in {@link KeeperProtocol#socketDir()}, which must be a directory of ours that
 * nobody else may enter (as OpenSSH asks of a ControlPath); otherwise the keeper is not used.
 * Its name carries the build, so a run of another version starts a keeper of its own.
 */
final class KeeperClient {
    private KeeperClient() {}

    private static final AtomicBoolean SPAWNED = new AtomicBoolean();

    /**
     * PLAYBOOK_CONTROL_PERSIST: seconds to keep every SSH connection after the run (0 keeps none),
     * whatever the ssh args say; -1 when it is not set (the ssh args' ControlPersist decides).
     */
    static int persistSeconds() {
        String v = System.getenv("PLAYBOOK_CONTROL_PERSIST");
        if (v == null || v.isBlank()) return -1;
        try {
            return Math.max(0, Math.min(Integer.parseInt(v.strip()), SshSettingsResolver.MAX_PERSIST_SECONDS));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Path pidFile() {
        Path s = socket();
        return s.resolveSibling(s.getFileName().toString().replaceAll("\\.sock$", "") + ".pid");
    }

    /** The prefix of requests left for a keeper that is still starting: {@code keeper-ID.warm-KEY}. */
    static String warmPrefix(Path socket) {
        return socket.getFileName().toString().replaceAll("\\.sock$", "") + ".warm-";
    }

    /**
     * Leaves "open this connection" for the keeper in its private directory (0600), for a run
     * that ends before the keeper it started is listening. Never for settings that carry a
     * password or a key passphrase: those are not written to disk.
     */
    static void leaveWarmRequest(KeeperProtocol.Target t) {
        if (t.settings().password() != null || t.keyPassphrase() != null) return;
        Path s = socket();
        if (!safeDir(s.getParent(), false)) return;
        Path f = s.resolveSibling(warmPrefix(s) + t.key());
        removeStaleWarmRequests(s.getParent());
        try {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            try (java.io.DataOutputStream d = new java.io.DataOutputStream(b)) {
                d.writeInt(KeeperProtocol.VERSION);
                KeeperProtocol.writeSettings(d, t);
            }
            Path tmp = Files.createTempFile(s.getParent(), ".warm", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, b.toByteArray());
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException ignored) {
            // the next run connects directly and tries again
        }
    }

    /** Requests no keeper picked up within 10 minutes (its start failed, or it was another build's): gone. */
    static void removeStaleWarmRequests(Path dir) {
        long cutoff = System.currentTimeMillis() - 10 * 60_000L;
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(x -> x.getFileName().toString().matches("keeper-.*\\.warm-[0-9a-f]+")).toList()) {
                try {
                    if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // another run removed it
                }
            }
        } catch (IOException ignored) {
            // nothing to tidy
        }
    }

    /** A run starts at most one keeper; tests that stop theirs let the next test start another. */
    static void allowSpawnAgain() {
        SPAWNED.set(false);
    }

    static Path socket() {
        return KeeperProtocol.socketDir().resolve("keeper-" + buildId() + ".sock");
    }

    /**
     * The jar (or classes dir) this code runs from: size and date, so a rebuilt jar gets a new
     * keeper. The launcher passes its own key of the jar and the JVM ({@code -Dplaybook.build}, the
     * class archive's checksum), so that it can find a keeper that is up without starting a JVM
     * (it then starts the run with C1 only, see {@link KeeperCrypto}).
     */
    static String buildId() {
        return BuildId.VALUE;
    }

    private static final class BuildId {
        static final String VALUE = compute();
    }

    private static String compute() {
        String launcher = System.getProperty("playbook.build", "");
        if (launcher.matches("[0-9A-Za-z]{1,40}")) return KeeperProtocol.VERSION + "-c" + launcher;
        try {
            Path p = Path.of(Keeper.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            long stamp = Files.getLastModifiedTime(p).toMillis() ^ (Files.isRegularFile(p) ? Files.size(p) : 0);
            return KeeperProtocol.VERSION + "-" + Long.toHexString((p.toString().hashCode() * 31L) ^ stamp);
        } catch (Exception e) {
            return KeeperProtocol.VERSION + "-unknown";
        }
    }

    /** The directory is ours and private (created so when {@code create}). */
    static boolean safeDir(Path dir, boolean create) {
        try {
            if (create && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (java.nio.file.FileAlreadyExistsException ignored) {
                    // another run made it: checked below like any other
                }
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return false;
            Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (!String.valueOf(owner).equals(KeeperProtocol.uid())) return false;
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            for (PosixFilePermission p : perms) if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) return false;
            return true;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A connected channel to the keeper, or null when none answers (or the directory is not private). */
    static SocketChannel connect() {
        Path s = socket();
        if (!safeDir(s.getParent(), false)) return null;
        return connect(s);
    }

    static SocketChannel connect(Path socket) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) return null;
        try {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                return ch;
            } catch (IOException e) {
                ch.close();
                return null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Starts the keeper once per run, detached (its own session when setsid exists; signals from
     * the run's terminal ignored either way), with no stdin/stdout/stderr of the run's: a keeper
     * holding the run's output pipe open would keep {@code playbook run | tee log} from ending.
     */
    static void spawnOnce(BiConsumer<Integer, String> verbose) {
        if (!SPAWNED.compareAndSet(false, true)) return;
        Path s = socket();
        if (!safeDir(s.getParent(), true)) {
            verbose.accept(3, "connection keeper not started: " + s.getParent() + " is not a private directory of ours");
            return;
        }
        List<String> cmd = new ArrayList<>();
        for (String setsid : new String[] {"/usr/bin/setsid", "/bin/setsid"}) {
            if (Files.isExecutable(Path.of(setsid))) {
                cmd.add(setsid);
                break;
            }
        }
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions());
        cmd.add("-cp");
        // a test runner that loads the classes itself names the real class path (as the tests' child JVMs do)
        cmd.add(System.getProperty("playbook.test.classpath", System.getProperty("java.class.path")));
        cmd.add(Keeper.class.getName());
        cmd.add(s.toString());
        try {
            new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            verbose.accept(3, "started the connection keeper (" + s + ")");
        } catch (IOException e) {
            verbose.accept(3, "connection keeper not started: " + e.getMessage());
        }
    }

    /** The run's JVM options that also suit the keeper (its class archive and JIT directives), and a small heap. */
    static List<String> jvmOptions() {
        // a small heap: the keeper holds connections and streams through 32-64 KiB buffers; with the
        // JVM's default (a quarter of RAM) its RSS only grew (125 MiB after W1n's 20 hosts)
        List<String> out = new ArrayList<>(List.of("-XX:+UseSerialGC", "-Xss1m", "-XX:-UsePerfData", "-Xmx64m"));
        for (String a : ProcessHandle.current().info().arguments().orElse(new String[0])) {
            if (a.equals("-jar") || a.equals("-cp") || a.equals("-classpath")) break;
            if (a.startsWith("-XX:SharedArchiveFile=") || a.startsWith("-XX:CompilerDirectivesFile=")
                    || a.equals("-XX:+UnlockDiagnosticVMOptions") || a.equals("-XX:-DisplayVMOutput") || a.startsWith("-Xlog:cds")) {
                out.add(a);
            }
        }
        return out;
    }

    /** Reads a channel without the JDK stream adapters' lock, which would stop writes while a read blocks. */
    static InputStream in(SocketChannel ch) {
        return new InputStream() {
            @Override public int read() throws IOException {
                byte[] b = new byte[1];
                int n = read(b, 0, 1);
                return n < 0 ? -1 : b[0] & 0xff;
            }

            @Override public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) return 0;
                int n = ch.read(ByteBuffer.wrap(b, off, len));
                return n;
            }
        };
    }

    static OutputStream out(SocketChannel ch) {
        return new OutputStream() {
            @Override public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) ch.write(buf);
            }
        };
    }
}
