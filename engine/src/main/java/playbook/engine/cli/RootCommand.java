package playbook.engine.cli;

import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code playbook}: the command group. */
@Command(name = "playbook", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Agentless, Ansible-compatible playbook engine.",
        footer = {"", "Examples:", "  playbook run playbooks/site.yaml -i inventory/homelab.yaml",
                "  playbook run playbooks/restore.yaml -i inventory/homelab.yaml --check --diff",
                "  playbook graph playbooks/restore.yaml", "  playbook exec all -i inventory/homelab.yaml -m ping"},
        subcommands = {RunCommand.class, ExecCommand.class, InventoryCommand.class, GraphCommand.class, DocCommand.class,
                CompletionCommand.class, InitCommand.class,
                VaultCommand.class})
final class RootCommand implements Callable<Integer> {
    final PrintStream out;
    final PrintStream err;

    RootCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        err.println("ERROR! missing command. Usage: playbook run PLAYBOOK -i INVENTORY (see playbook --help)");
        return 5;
    }
}
