package playbook.engine.api;

import java.util.ArrayList;
import java.util.List;

/**
 * How the run reaches a task's inventory host, as the inventory and the run's options say it
 * (not as ssh config resolves it): for modules such as synchronize whose own process (rsync over
 * OpenSSH) connects to the inventory host, from the controller or from a delegated host.
 *
 * @param name            the inventory name ({@code inventory_hostname})
 * @param transport       {@code ansible_connection} (ssh, local, ...)
 * @param address         {@code ansible_host}, else the inventory name
 * @param port            {@code ansible_port}; null when nothing sets it (ssh config or 22 decide)
 * @param user            {@code ansible_user}, else {@code -u}/{@code remote_user}; null when nothing sets it
 * @param privateKeyFile  {@code ansible_ssh_private_key_file}, else {@code --private-key}; null for none
 * @param sshArgs         {@code ssh_args}, {@code ansible_ssh_common_args} and {@code ansible_ssh_extra_args}
 *                        as written (OpenSSH command-line text, quoted by their author), joined by spaces
 * @param sshConfigFile   the ssh client config the run uses when it is not the default; null for ~/.ssh/config
 * @param hostKeyChecking false when the run turned host key checking off ({@code host_key_checking})
 * @param becomeMethod    the task's become method on the inventory host; null when become is off
 * @param becomeUser      the task's become user; null when become is off
 */
public record HostConnection(String name, String transport, String address, Integer port, String user,
                             String privateKeyFile, String sshArgs, String sshConfigFile, boolean hostKeyChecking,
                             String becomeMethod, String becomeUser) {

    public HostConnection {
        if (sshArgs == null) sshArgs = "";
    }

    /** A host reached over ssh with nothing but its name (tests, defaults). */
    public static HostConnection of(String name) {
        return new HostConnection(name, "ssh", name, null, null, null, "", null, true, null, null);
    }

    public boolean become() { return becomeMethod != null; }

    /**
     * The OpenSSH client command, as one shell-quoted string, that reaches this host from the
     * controller the way the run does: its config file, key, port and ssh args, host key checking
     * as the run has it (never weaker), no prompts ({@code BatchMode}) and no shared master
     * connection. The user goes in the destination ({@code user@host}), not here. {@link #sshArgs}
     * are appended as written, like Ansible's ssh connection does.
     */
    public String opensshCommand() {
        List<String> argv = new ArrayList<>(List.of("ssh", "-S", "none", "-o", "BatchMode=yes"));
        if (sshConfigFile != null) argv.addAll(List.of("-F", sshConfigFile));
        if (!hostKeyChecking) argv.addAll(List.of("-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"));
        if (privateKeyFile != null) argv.addAll(List.of("-i", privateKeyFile));
        if (port != null) argv.addAll(List.of("-o", "Port=" + port));
        String cmd = Shell.join(argv);
        return sshArgs.isBlank() ? cmd : cmd + " " + sshArgs.strip();
    }
}
