package playbook.parity;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.extension.RegisterExtension;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;

import java.util.List;
import java.util.Map;

/**
 * The whole parity suite again, with our engine reaching every host over SSH: a real OpenSSH
 * sshd on 127.0.0.1 serves each inventory host (connection vars given as extra vars, which
 * outrank the inventory's ansible_connection=local), while ansible-playbook runs the reference
 * locally. Same exit code, same recap and same files prove the SSH transport changes nothing.
 */
class ParityOverSshIT extends ParityIT {
    @RegisterExtension
    static final SshdExtension SSHD = SshdExtension.builder().build();

    /** Guards against a silent fallback to local execution: sshd must have accepted our logins. */
    @org.junit.jupiter.api.AfterAll
    static void sshWasReallyUsed() {
        String log = SSHD.log();
        org.junit.jupiter.api.Assertions.assertTrue(log.contains("Accepted publickey"),
                "no SSH login reached the test sshd; its log:\n" + log);
    }

    @Override
    protected List<String> ourExtraArgs() {
        Map<String, Object> vars = SshTestHosts.vars(SSHD);
        vars.put("ansible_connection", "ssh");
        try {
            return List.of("-e", new ObjectMapper().writeValueAsString(vars));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
