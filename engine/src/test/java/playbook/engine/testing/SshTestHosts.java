package playbook.engine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Inventory vars that point at a test sshd, for tests of the SSH transport and playbooks over SSH. */
public final class SshTestHosts {
    private SshTestHosts() {}

    /** ansible_host/port/user, the ed25519 key and the server's known_hosts. */
    public static Map<String, Object> vars(SshdExtension sshd) {
        return vars(sshd, "id_ed25519");
    }

    public static Map<String, Object> vars(SshdExtension sshd, String key) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("ansible_host", sshd.host());
        v.put("ansible_port", String.valueOf(sshd.port()));
        v.put("ansible_user", sshd.user());
        if (key != null) v.put("ansible_ssh_private_key_file", TestKeys.key(key).toString());
        v.put("ansible_ssh_common_args", "-o UserKnownHostsFile=" + sshd.knownHosts());
        return v;
    }

    /** An empty ssh client config, so the user's ~/.ssh/config never leaks into tests. */
    public static Path emptySshConfig() {
        try {
            Path p = Files.createTempFile("pb-ssh-config", "");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An INI inventory line for the host: {@code name ansible_host=... ansible_port=...}. */
    public static String inventoryLine(String name, SshdExtension sshd) {
        StringBuilder sb = new StringBuilder(name);
        vars(sshd).forEach((k, x) -> sb.append(' ').append(k).append('=').append(x.toString().contains(" ") ? "'" + x + "'" : x));
        return sb.toString();
    }
}
