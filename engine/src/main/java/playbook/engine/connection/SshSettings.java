package playbook.engine.connection;

import java.util.List;

/**
 * Where and how to reach one host, after ssh config, inventory vars and ssh args are merged.
 *
 * @param alias                the inventory name (for messages)
 * @param hostName             the address to connect to
 * @param explicitIdentities   key files the user named (-i, ansible_ssh_private_key_file, private_key_file): must load
 * @param identities           all candidate key files (explicit first, then ssh config and defaults): used when present
 * @param proxyJump            {@code [user@]host[:port]} hops, comma separated; null for a direct connection
 * @param connectTimeoutSeconds the TCP connect and handshake timeout
 * @param strictHostKeyChecking yes, accept-new or no ({@code ask} acts as yes: there is nobody to ask)
 * @param persistSeconds       how long the connection keeper keeps the connection after the run
 *                             (ControlMaster with ControlPersist in the ssh args or config); 0 for no keeper
 */
record SshSettings(String alias, String hostName, int port, String user, List<String> explicitIdentities,
                   List<String> identities, boolean identitiesOnly, String proxyJump, int connectTimeoutSeconds,
                   int serverAliveInterval, int serverAliveCountMax, List<String> knownHostsFiles,
                   String strictHostKeyChecking, String password, int retries, int persistSeconds) {

    /** The known_hosts host key: {@code host} on 22, {@code [host]:port} otherwise. */
    String knownHostsName() {
        return port == 22 ? hostName : "[" + hostName + "]:" + port;
    }

    String describe() {
        return user + "@" + hostName + ":" + port;
    }
}
