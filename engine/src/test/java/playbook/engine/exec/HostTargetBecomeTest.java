package playbook.engine.exec;

import org.junit.jupiter.api.Test;
import playbook.engine.api.ExecResult;
import playbook.engine.connection.Connection;
import playbook.engine.connection.RemoteProcess;
import playbook.engine.connection.TransferListener;
import playbook.engine.report.RunListener;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Become is skipped only when it would change nothing: the login user already is the become user, without flags. */
class HostTargetBecomeTest {
    /** Records the commands it is asked to run; the login user is given. */
    private static final class Recording implements Connection {
        final String login;
        final List<String> commands = new ArrayList<>();

        Recording(String login) { this.login = login; }

        @Override public String loginUser() { return login; }
        @Override public ExecResult exec(String command, byte[] stdin) {
            commands.add(command);
            return new ExecResult(0, "", "");
        }
        @Override public RemoteProcess start(String command) {
            commands.add(command);
            return new RemoteProcess() {
                @Override public java.io.OutputStream stdin() { return java.io.OutputStream.nullOutputStream(); }
                @Override public java.io.InputStream stdout() { return java.io.InputStream.nullInputStream(); }
                @Override public java.io.InputStream stderr() { return java.io.InputStream.nullInputStream(); }
                @Override public int waitFor() { return 0; }
                @Override public void close() { }
            };
        }
        @Override public void put(Path local, String remotePath, TransferListener progress) { commands.add("put " + remotePath); }
        @Override public void get(String remotePath, Path local, TransferListener progress) { commands.add("get " + remotePath); }
        @Override public void close() { }
    }

    private static String sent(String login, Become become) {
        Recording c = new Recording(login);
        new HostTarget("pi", c, become, Map.of(), false, false, e -> null, e -> true, t -> t, List.of(),
                new RunListener() {}, "t", null, false, null, null).probe("id -u", null);
        assertEquals(1, c.commands.size(), c.commands.toString());
        return c.commands.get(0);
    }

    @Test
    void rootLoginBecomingRootRunsTheCommandAsItIs() {
        assertEquals("id -u", sent("root", new Become(true, "sudo", "root", null)));
        assertEquals("id -u", sent("root", new Become(true, "su", null, "")));
    }

    @Test
    void aTaskTimeLimitKeepsTheLoginUserVisible() {
        Recording c = new Recording("root");
        new HostTarget("pi", new playbook.engine.connection.WatchedConnection(c, "pi"), new Become(true, "sudo", "root", null),
                Map.of(), false, false, e -> null, e -> true, t -> t, List.of(), new RunListener() {}, "t", null, false, null, null)
                .probe("id -u", null);
        assertEquals(List.of("id -u"), c.commands);
    }

    @Test
    void anotherLoginUserStillEscalates() {
        assertTrue(sent("alice", new Become(true, "sudo", "root", null)).startsWith("sudo -H -S -n -u root /bin/sh -c "));
        assertTrue(sent("root", new Become(true, "sudo", "nobody", null)).startsWith("sudo -H -S -n -u nobody "));
        assertTrue(sent(null, new Become(true, "sudo", "root", null)).startsWith("sudo "), "an unknown login user escalates");
    }

    @Test
    void becomeFlagsAreHonouredEvenForTheSameUser() {
        assertTrue(sent("root", new Become(true, "sudo", "root", "-i")).startsWith("sudo -i -u root "));
    }

    @Test
    void putWithRedundantBecomeIsAPlainPut() {
        Recording c = new Recording("root");
        new HostTarget("pi", c, new Become(true, "sudo", "root", null), Map.of(), false, false, e -> null, e -> true, t -> t,
                List.of(), new RunListener() {}, "t", null, false, null, null).put(Path.of("/etc/hostname"), "/tmp/x");
        assertEquals(List.of("put /tmp/x"), c.commands);
    }
}
