package playbook.engine.connection;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

import java.io.IOException;

/**
 * "publickey" auth with one ssh-agent identity, signed in the first request. RSA keys are offered
 * as rsa-sha2-512 and signed with the agent's SHA-512 flag.
 */
final class AgentAuthMethod extends AbstractAuthMethod {
    private final AgentClient agent;
    private final AgentClient.Identity identity;

    AgentAuthMethod(AgentClient agent, AgentClient.Identity identity) {
        super("publickey");
        this.agent = agent;
        this.identity = identity;
    }

    static String algorithm(String keyType) {
        return switch (keyType) {
            case "ssh-rsa" -> "rsa-sha2-512";
            case "ssh-rsa-cert-v01@openssh.com" -> "rsa-sha2-512-cert-v01@openssh.com";
            default -> keyType;
        };
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        String alg = algorithm(identity.type());
        SSHPacket req = super.buildReq().putBoolean(true).putString(alg).putString(identity.blob());
        byte[] data = new Buffer.PlainBuffer().putString(params.getTransport().getSessionID()).putBuffer(req).getCompactData();
        int flags = identity.type().startsWith("ssh-rsa") ? AgentClient.RSA_SHA2_512 : 0;
        try {
            return req.putString(agent.sign(identity.blob(), data, flags));
        } catch (IOException e) {
            throw new UserAuthException("ssh-agent could not sign with " + identity.comment() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "agent key " + identity.type() + " " + identity.comment();
    }
}
