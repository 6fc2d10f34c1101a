package playbook.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import playbook.engine.PlaybookException;
import playbook.engine.inventory.Host;
import playbook.engine.inventory.Inventory;
import playbook.engine.inventory.InventoryPrinter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code playbook inventory}: like ansible-inventory (--graph, --list) plus --list-hosts for a pattern. */
@Command(name = "inventory", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Show the inventory, like ansible-inventory.",
        footer = {"", "Examples:", "  playbook inventory -i inventory/homelab.yaml --graph",
                "  playbook inventory -i inventory/homelab.yaml --list-hosts 'servers:&offsite'",
                "  playbook inventory -i inventory/homelab.yaml --list"})
final class InventoryCommand implements Callable<Integer> {
    @ParentCommand RootCommand parent;

    @Option(names = {"-i", "--inventory"}, description = "Inventory source. Repeatable.")
    List<String> inventory = new ArrayList<>();

    @Option(names = "--graph", description = "Print the group tree.")
    boolean graph;

    @Option(names = "--list", description = "Print the whole inventory as JSON.")
    boolean list;

    @Option(names = "--list-hosts", description = "Print the hosts that match PATTERN (default all).")
    boolean listHosts;

    @Option(names = {"-l", "--limit"}, description = "Further limit hosts.")
    String limit;

    @Parameters(arity = "0..1", paramLabel = "PATTERN|GROUP", description = "Group for --graph, pattern for --list-hosts.")
    String pattern;

    @Override
    public Integer call() {
        try (Setup setup = Setup.create(parent.out, parent.err, 0, false, inventory)) {
            Inventory inv = setup.inventory();
            if (graph) {
                parent.out.println(InventoryPrinter.graph(inv, pattern == null ? "all" : pattern));
            } else if (listHosts) {
                List<Host> hosts = inv.select(pattern == null ? "all" : pattern);
                if (limit != null) hosts = inv.limit(hosts, limit);
                parent.out.println("  hosts (" + hosts.size() + "):");
                StringBuilder sb = new StringBuilder();
                for (Host h : hosts) sb.append("    ").append(h.name()).append('\n');
                parent.out.print(sb);
            } else {
                parent.out.println(InventoryPrinter.list(inv, setup.cwd));
            }
            return 0;
        } catch (PlaybookException e) {
            parent.err.println("ERROR! " + e.getMessage());
            return 1;
        }
    }
}
