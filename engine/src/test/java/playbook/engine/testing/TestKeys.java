package playbook.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * User key pairs for the SSH tests, generated once per JVM with ssh-keygen: ed25519, ecdsa,
 * RSA (OpenSSH format), RSA in legacy PEM, and passphrase-protected ed25519 and PEM RSA keys.
 */
public final class TestKeys {
    public static final String PASSPHRASE = "correct horse";
    /** name -> (ssh-keygen args, passphrase) */
    private static final String[][] KEYS = {
            {"id_ed25519", "ed25519", "", "openssh"},
            {"id_ecdsa", "ecdsa", "", "openssh"},
            {"id_rsa", "rsa", "", "openssh"},
            {"id_rsa_pem", "rsa", "", "pem"},
            {"id_ed25519_pass", "ed25519", PASSPHRASE, "openssh"},
            {"id_rsa_pem_pass", "rsa", PASSPHRASE, "pem"},
    };
    private static Path dir;

    private TestKeys() {}

    /** The directory holding all test keys (created on first use, deleted at JVM exit). */
    public static synchronized Path dir() {
        if (dir != null) return dir;
        try {
            Path d = Files.createTempDirectory("pbkeys");
            for (String[] k : KEYS) {
                List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", k[1], "-N", k[2], "-C", k[0], "-f", d.resolve(k[0]).toString()));
                if (k[1].equals("rsa")) cmd.addAll(List.of("-b", "2048"));
                if (k[3].equals("pem")) cmd.addAll(List.of("-m", "PEM"));
                run(cmd);
            }
            dir = d;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> SshdExtension.deleteTree(d)));
            return d;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("can't generate test keys: " + e.getMessage(), e);
        }
    }

    /** Private key file of one of the names above (e.g. "id_ed25519"). */
    public static Path key(String name) {
        return dir().resolve(name);
    }

    static String authorizedKeys() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String[] k : KEYS) sb.append(Files.readString(dir().resolve(k[0] + ".pub")).trim()).append('\n');
        return sb.toString();
    }

    /** Keys an agent holds: the unencrypted ed25519, ecdsa and RSA keys. */
    static List<Path> agentKeys() {
        return List.of(key("id_ed25519"), key("id_ecdsa"), key("id_rsa"));
    }

    /** Runs a helper command and returns its stdout; fails on a non-zero exit. */
    public static String run(List<String> cmd) throws IOException, InterruptedException {
        return run(cmd, null);
    }

    public static String run(List<String> cmd, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
        return out;
    }
}
