package playbook.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An {@code ssh-agent -D} on its own socket, holding given keys; stopped by PID. */
final class SshAgentProcess {
    private final Process process;
    private final Path socket;

    private SshAgentProcess(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    static SshAgentProcess start(Path socket, List<Path> keys) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        SshAgentProcess agent = new SshAgentProcess(p, socket);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                agent.stop();
                throw new IOException("ssh-agent did not start");
            }
            Thread.sleep(20);
        }
        for (Path k : keys) {
            ProcessBuilder add = new ProcessBuilder("ssh-add", "-q", k.toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process a = add.start();
            String out = new String(a.getInputStream().readAllBytes());
            if (a.waitFor() != 0) {
                agent.stop();
                throw new IOException("ssh-add " + k + " failed: " + out);
            }
        }
        return agent;
    }

    Path socket() { return socket; }

    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
