package playbook.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** {@code playbook}: the command group. */
@Command(name = "playbook", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Agentless, Ansible-compatible playbook engine.",
        footer = {"", "Examples:", "  playbook run playbooks/site.yaml -i inventory/homelab.yaml",
                "  playbook run playbooks/restore.yaml -i inventory/homelab.yaml --check --diff",
                "  playbook graph playbooks/restore.yaml", "  playbook exec all -i inventory/homelab.yaml -m ping"})
final class RootCommand implements Callable<Integer> {
    /**
     * The subcommands, in the order help lists them. They are added in code, not through the
     * annotation, so that {@link #commandLine} builds only the one a command line names: picocli
     * introspects every subcommand it is given (options, mixins, converters), which was about
     * 60 ms of every run's start.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();
    static {
        SUBCOMMANDS.put("run", RunCommand::new);
        SUBCOMMANDS.put("exec", ExecCommand::new);
        SUBCOMMANDS.put("inventory", InventoryCommand::new);
        SUBCOMMANDS.put("graph", GraphCommand::new);
        SUBCOMMANDS.put("doc", DocCommand::new);
        SUBCOMMANDS.put("completion", CompletionCommand::new);
        SUBCOMMANDS.put("init", InitCommand::new);
        SUBCOMMANDS.put("vault", VaultCommand::new);
    }

    /**
     * The command tree for {@code args}: only the named subcommand when the first argument names
     * one that does not need the others (completion walks the whole tree), else all of them
     * (root help, and the suggestions for a mistyped command).
     */
    static CommandLine commandLine(RootCommand root, String... args) {
        CommandLine cl = new CommandLine(root);
        String first = args.length > 0 ? args[0] : "";
        if (SUBCOMMANDS.containsKey(first) && !first.equals("completion")) {
            cl.addSubcommand(first, SUBCOMMANDS.get(first).get());
        } else {
            SUBCOMMANDS.forEach((name, make) -> cl.addSubcommand(name, make.get()));
        }
        return cl;
    }

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
