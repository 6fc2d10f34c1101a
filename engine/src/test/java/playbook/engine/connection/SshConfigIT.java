package playbook.engine.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;
import playbook.engine.testing.TestKeys;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** ~/.ssh/config (through ssh -G and through the built-in parser), ssh args, and ProxyJump through a second sshd. */
class SshConfigIT {
    @RegisterExtension
    static final SshdExtension TARGET = SshdExtension.builder().build();
    @RegisterExtension
    static final SshdExtension BASTION = SshdExtension.builder().build();

    @TempDir
    Path tmp;

    Path knownHostsForBoth() throws Exception {
        Path kh = tmp.resolve("known_hosts");
        Files.writeString(kh, Files.readString(TARGET.knownHosts()) + Files.readString(BASTION.knownHosts()));
        return kh;
    }

    static String hostname(ConnectionOptions o, String alias, Map<String, Object> vars) {
        try (Connection c = new SshTransport(o).connection(alias, vars)) {
            return c.exec("echo $SSH_CONNECTION", null).stdout().strip();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void hostAliasFromConfigWithInclude(boolean useSshBinary) throws Exception {
        Path kh = knownHostsForBoth();
        Files.writeString(tmp.resolve("extra.conf"), "Host web*\n  HostName 127.0.0.1\n  Port " + TARGET.port() + "\n  User "
                + TARGET.user() + "\n  IdentityFile " + TestKeys.key("id_ecdsa") + "\n  IdentitiesOnly yes\n  UserKnownHostsFile " + kh
                + "\n  StrictHostKeyChecking yes\n  ServerAliveInterval 5\n  ConnectTimeout 3\n");
        Path cfg = Files.writeString(tmp.resolve("config"), "Include " + tmp.resolve("extra.conf") + "\nHost *\n  Port 1\n");
        ConnectionOptions o = ConnectionOptions.defaults().withSshConfig(cfg, useSshBinary).withRetries(0);
        String conn = hostname(o, "web1", new LinkedHashMap<>());
        assertTrue(conn.endsWith(" " + TARGET.port()), conn);
    }

    @Test
    void sshArgsOverrideConfig() throws Exception {
        Path kh = knownHostsForBoth();
        Path cfg = Files.writeString(tmp.resolve("config"), "Host *\n  Port 1\n");
        ConnectionOptions o = ConnectionOptions.defaults().withSshConfig(cfg, true).withRetries(0)
                .withSshArgs("-C -o ControlMaster=auto -o ControlPersist=60s");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("ansible_host", "127.0.0.1");
        v.put("ansible_ssh_common_args", "-p " + TARGET.port() + " -o UserKnownHostsFile=" + kh);
        v.put("ansible_ssh_extra_args", "-i " + TestKeys.key("id_rsa") + " -o User=" + TARGET.user());
        assertTrue(hostname(o, "h", v).endsWith(" " + TARGET.port()));
    }

    @Test
    void proxyJumpThroughABastion() throws Exception {
        Path kh = knownHostsForBoth();
        Map<String, Object> v = SshTestHosts.vars(TARGET);
        v.put("ansible_ssh_common_args", "-o UserKnownHostsFile=" + kh + " -J " + BASTION.user() + "@127.0.0.1:" + BASTION.port());
        String before = BASTION.log();
        ConnectionOptions o = ConnectionOptions.defaults().withSshConfig(SshTestHosts.emptySshConfig(), true).withRetries(0);
        String conn = hostname(o, "behind", v);
        assertTrue(conn.endsWith(" " + TARGET.port()), conn);
        String bastionLog = BASTION.log().substring(before.length());
        assertTrue(bastionLog.contains("Accepted publickey"), "the bastion saw the jump login: " + bastionLog);
    }

    @Test
    void theKeeperHoldsAProxyJumpChainWithTheHopsThisRunResolved() throws Exception {
        Path keep = Files.createTempDirectory("pbkeepj", java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        System.setProperty("playbook.keeper.dir", keep.toString());
        try {
            KeeperIT.startKeeper();
            Path kh = knownHostsForBoth();
            // the jump host is an alias of this run's ssh config, which the keeper never reads
            Path cfg = Files.writeString(tmp.resolve("config"), "Host jumpbox\n  HostName 127.0.0.1\n  Port " + BASTION.port()
                    + "\n  User " + BASTION.user() + "\n");
            Map<String, Object> v = SshTestHosts.vars(TARGET);
            v.put("ansible_ssh_common_args", "-o UserKnownHostsFile=" + kh + " -J jumpbox");
            ConnectionOptions o = ConnectionOptions.defaults().withSshConfig(cfg, true).withRetries(0);
            long jumps = logins(BASTION);
            long targets = logins(TARGET);
            for (int run = 1; run <= 2; run++) {
                try (Connection c = new SshTransport(o, 30).connection("behind", v)) {
                    assertTrue(c instanceof KeeperConnection, c.getClass().getName());
                    String conn = c.exec("echo $SSH_CONNECTION", null).stdout().strip();
                    assertTrue(conn.endsWith(" " + TARGET.port()), conn);
                }
                // one login on each, by the keeper: the second run finds the chain held
                assertEquals(jumps + 1, logins(BASTION), "run " + run + ":\n" + BASTION.log());
                assertEquals(targets + 1, logins(TARGET), "run " + run + ":\n" + TARGET.log());
            }
        } finally {
            KeeperIT.stopKeeperIn(keep);
            KeeperClient.allowSpawnAgain();
            System.clearProperty("playbook.keeper.dir");
            try (var files = Files.list(keep)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(keep);
        }
    }

    private static long logins(SshdExtension sshd) {
        return sshd.log().lines().filter(l -> l.contains("Accepted publickey")).count();
    }

    @Test
    void multiHopProxyJump() throws Exception {
        Path kh = knownHostsForBoth();
        Map<String, Object> v = SshTestHosts.vars(TARGET);
        String hop = BASTION.user() + "@127.0.0.1:" + BASTION.port();
        v.put("ansible_ssh_common_args", "-o UserKnownHostsFile=" + kh + " -o ProxyJump=" + hop + "," + hop);
        ConnectionOptions o = ConnectionOptions.defaults().withSshConfig(SshTestHosts.emptySshConfig(), true).withRetries(0);
        assertTrue(hostname(o, "behind2", v).endsWith(" " + TARGET.port()));
    }

    @Test
    void unsupportedArgsAreReportedOnceAtVerbose() throws Exception {
        List<String> said = new java.util.ArrayList<>();
        ConnectionOptions o = ConnectionOptions.defaults().withSshConfig(SshTestHosts.emptySshConfig(), true)
                .withSshArgs("-o ControlPath=/tmp/x -o ForwardAgent=yes").withListeners((l, m) -> said.add(l + ":" + m), null, null);
        SshTransport t = new SshTransport(o);
        t.connection("a", SshTestHosts.vars(TARGET)).close();
        t.connection("b", SshTestHosts.vars(TARGET)).close();
        assertEquals(2, said.stream().filter(s -> s.startsWith("1:") && s.contains("ignored")).count(), said.toString());
    }
}
