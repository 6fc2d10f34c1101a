package playbook.engine.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a real OpenSSH {@code /usr/sbin/sshd} on a free 127.0.0.1 port from a temp dir, for
 * {@code *IT} tests. Register it as a static field:
 * <pre>{@code @RegisterExtension static final SshdExtension SSHD = SshdExtension.builder().password("pw").build();}</pre>
 * Host keys (ed25519, ecdsa, RSA) are generated per server; the user keys come from
 * {@link TestKeys} and are all in authorized_keys for the current user. When a password is set,
 * sshd runs in a private mount namespace whose {@code /etc/shadow} gives the current user that
 * password, so the machine's own files are never changed. Everything started is recorded by PID
 * and stopped by PID (sessions included), never by name.
 */
public final class SshdExtension implements BeforeAllCallback, AfterAllCallback {
    private final String password;
    private final boolean sftp;
    private final int maxSessions;
    private final String extraConfig;
    private Path dir;
    private int port;
    private Process sshd;
    private SshAgentProcess agent;
    private final boolean withAgent;
    private final boolean hostCertificate;

    private SshdExtension(Builder b) {
        this.password = b.password;
        this.sftp = b.sftp;
        this.maxSessions = b.maxSessions;
        this.extraConfig = b.extraConfig;
        this.withAgent = b.agent;
        this.hostCertificate = b.hostCertificate;
    }

    public static Builder builder() { return new Builder(); }

    public static final class Builder {
        private String password;
        private boolean sftp = true;
        private int maxSessions = 10;
        private String extraConfig = "";
        private boolean agent;
        private boolean hostCertificate;

        /** Signs the ed25519 host key with a fresh CA ({@link #caPublicKey()}) and serves the certificate. */
        public Builder hostCertificate() { this.hostCertificate = true; return this; }

        /** Turns password and keyboard-interactive auth on, with this password for the current user. */
        public Builder password(String p) { this.password = p; return this; }
        /** Turns the sftp subsystem off (to test the exec fallback). */
        public Builder noSftp() { this.sftp = false; return this; }
        public Builder maxSessions(int n) { this.maxSessions = n; return this; }
        /** Extra sshd_config lines. */
        public Builder config(String lines) { this.extraConfig += lines + "\n"; return this; }
        /** Also starts an ssh-agent holding the ed25519, ecdsa and RSA test keys. */
        public Builder agent() { this.agent = true; return this; }
        public SshdExtension build() { return new SshdExtension(this); }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
        if (agent != null) agent.stop();
        deleteTree(dir);
    }

    /** Creates the dir, host keys and config, and starts sshd (and the agent when asked). */
    public synchronized void start() throws IOException, InterruptedException {
        if (dir == null) {
            dir = Files.createTempDirectory("pbsshd");
            port = freePort();
            generateHostKeys();
            Files.writeString(dir.resolve("authorized_keys"), TestKeys.authorizedKeys());
            writeKnownHosts(dir.resolve("known_hosts"), List.of("ed25519", "ecdsa", "rsa"));
            if (withAgent) agent = SshAgentProcess.start(dir.resolve("agent.sock"), TestKeys.agentKeys());
        }
        writeConfig();
        launch();
    }

    private void generateHostKeys() throws IOException, InterruptedException {
        for (String t : List.of("ed25519", "ecdsa", "rsa")) {
            Path k = dir.resolve("ssh_host_" + t + "_key");
            Files.deleteIfExists(k);
            Files.deleteIfExists(Path.of(k + ".pub"));
            List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", t, "-N", "", "-C", "host", "-f", k.toString()));
            if (t.equals("rsa")) cmd.addAll(List.of("-b", "2048"));
            TestKeys.run(cmd);
        }
        if (hostCertificate) {
            Path ca = dir.resolve("host_ca");
            if (!Files.exists(ca)) TestKeys.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ca", "-f", ca.toString()));
            TestKeys.run(List.of("ssh-keygen", "-q", "-s", ca.toString(), "-I", "test-host", "-h", "-n", "127.0.0.1",
                    dir.resolve("ssh_host_ed25519_key.pub").toString()));
        }
    }

    /** The CA public key that signed the host certificate (with {@code hostCertificate()}). */
    public String caPublicKey() throws IOException {
        return Files.readString(dir.resolve("host_ca.pub")).trim();
    }

    private void writeConfig() throws IOException {
        StringBuilder c = new StringBuilder();
        c.append("Port ").append(port).append('\n')
                .append("ListenAddress 127.0.0.1\n");
        for (String t : List.of("ed25519", "ecdsa", "rsa")) c.append("HostKey ").append(dir.resolve("ssh_host_" + t + "_key")).append('\n');
        c.append("PidFile ").append(dir.resolve("sshd.pid")).append('\n')
                .append("AuthorizedKeysFile ").append(dir.resolve("authorized_keys")).append('\n')
                .append("StrictModes no\nUsePAM no\nPermitRootLogin yes\nUseDNS no\nLogLevel VERBOSE\n")
                .append("MaxSessions ").append(maxSessions).append('\n')
                .append("PasswordAuthentication ").append(password != null ? "yes" : "no").append('\n')
                .append("KbdInteractiveAuthentication ").append(password != null ? "yes" : "no").append('\n')
                .append("PubkeyAuthentication yes\n");
        if (sftp) c.append("Subsystem sftp internal-sftp\n");
        if (hostCertificate) c.append("HostCertificate ").append(dir.resolve("ssh_host_ed25519_key-cert.pub")).append('\n');
        // Sessions get a HOME of their own: the login shell then never reads the machine's ~/.bashrc,
        // whose `pyenv init` (on this kind of machine) costs time on every command and, when a test kills
        // a session in the middle of it, leaves a stale pyenv lock that stalls every later login.
        // sshd honours only the first SetEnv line, so HOME joins a SetEnv the test gives.
        Path home = Files.createDirectories(dir.resolve("home"));
        String extra = extraConfig.toString();
        if (extra.lines().anyMatch(l -> l.startsWith("SetEnv "))) {
            extra = extra.replaceFirst("(?m)^SetEnv ", "SetEnv HOME=" + home + " ");
        } else {
            c.append("SetEnv HOME=").append(home).append('\n');
        }
        c.append(extra);
        Files.writeString(dir.resolve("sshd_config"), c.toString());
    }

    private void launch() throws IOException, InterruptedException {
        Path privsep = Path.of("/run/sshd"); // sshd's privilege separation dir; the package's tmpfiles.d normally makes it
        if (!Files.isDirectory(privsep)) Files.createDirectories(privsep);
        List<String> sshdCmd = List.of("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString(),
                "-E", dir.resolve("sshd.log").toString());
        List<String> cmd = new ArrayList<>();
        if (password != null) {
            // A private mount namespace whose /etc/shadow knows the test password; `exec` keeps the PID sshd's.
            Path shadow = dir.resolve("shadow");
            Files.writeString(shadow, shadowWithPassword(password));
            cmd.addAll(List.of("unshare", "-m", "/bin/sh", "-c",
                    "mount --bind \"$0\" /etc/shadow && exec \"$@\"", shadow.toString()));
        }
        cmd.addAll(sshdCmd);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.out").toFile());
        sshd = pb.start();
        waitForBanner();
    }

    private void waitForBanner() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!sshd.isAlive()) throw new IOException("sshd exited: " + log());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                s.setSoTimeout(2000);
                InputStream in = s.getInputStream();
                byte[] b = new byte[4];
                if (in.readNBytes(b, 0, 4) == 4 && new String(b, StandardCharsets.US_ASCII).equals("SSH-")) return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("sshd did not start on port " + port + ": " + log());
    }

    /** Stops sshd and every session process it forked, by PID. */
    public synchronized void stop() {
        if (sshd == null) return;
        List<ProcessHandle> tree = new ArrayList<>(sshd.descendants().toList());
        sshd.destroy();
        tree.forEach(ProcessHandle::destroy);
        try {
            if (!sshd.waitFor(5, TimeUnit.SECONDS)) sshd.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.forEach(p -> { if (p.isAlive()) p.destroyForcibly(); });
        sshd = null;
    }

    /** SIGKILLs sshd and its sessions at once: a host that dies mid-task. */
    public synchronized void kill() {
        if (sshd == null) return;
        List<ProcessHandle> tree = new ArrayList<>(sshd.descendants().toList());
        sshd.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            sshd.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sshd = null;
    }

    /** Restarts the server on the same port with freshly generated host keys (a man in the middle). */
    public synchronized void swapHostKeys() throws IOException, InterruptedException {
        stop();
        generateHostKeys();
        launch();
    }

    /** Restarts the server on the same port with the same keys. */
    public synchronized void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    public String host() { return "127.0.0.1"; }
    public int port() { return port; }
    public Path dir() { return dir; }
    public long pid() { return sshd == null ? -1 : sshd.pid(); }
    public String user() { return System.getProperty("user.name"); }
    public String password() { return password; }
    /** A known_hosts file that trusts all of this server's host keys. */
    public Path knownHosts() { return dir.resolve("known_hosts"); }
    /** Null unless the builder asked for an agent. */
    public Path agentSocket() { return agent == null ? null : agent.socket(); }
    public Path hostPublicKey(String type) { return dir.resolve("ssh_host_" + type + "_key.pub"); }

    /** Writes a known_hosts file holding only the given host key types ("ed25519", "ecdsa", "rsa"). */
    public void writeKnownHosts(Path file, List<String> types) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String t : types) {
            String[] pub = Files.readString(hostPublicKey(t)).trim().split("\\s+");
            sb.append("[127.0.0.1]:").append(port).append(' ').append(pub[0]).append(' ').append(pub[1]).append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    /** The server's log so far (for assertion messages). */
    public String log() {
        try {
            Path l = dir.resolve("sshd.log");
            Path o = dir.resolve("sshd.out");
            return (Files.exists(o) ? Files.readString(o) : "") + (Files.exists(l) ? Files.readString(l) : "");
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Environment for a child process that should use this server's agent. */
    public Map<String, String> agentEnv() {
        return agent == null ? Map.of() : Map.of("SSH_AUTH_SOCK", agent.socket().toString());
    }

    private static String shadowWithPassword(String password) throws IOException, InterruptedException {
        String hash = TestKeys.run(List.of("openssl", "passwd", "-6", "-stdin"), password + "\n").trim();
        String user = System.getProperty("user.name");
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("/etc/shadow"))) {
            String[] f = line.split(":", -1);
            if (f.length > 2 && f[0].equals(user)) {
                f[1] = hash;
                line = String.join(":", f);
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path p) {
        if (p == null || !Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
