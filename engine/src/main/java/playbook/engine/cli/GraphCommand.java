package playbook.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import playbook.engine.PlaybookException;
import playbook.engine.exec.PlaybookRunner;
import playbook.engine.exec.RunOptions;
import playbook.engine.graph.CompiledPlay;
import playbook.engine.graph.ModuleRegistry;
import playbook.engine.inventory.Host;
import playbook.engine.model.Playbook;
import playbook.engine.parse.PlaybookParser;
import playbook.engine.template.Templar;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code playbook graph PLAYBOOK}: the compiled task graph as Mermaid, Graphviz dot or text. */
@Command(name = "graph", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Draw a playbook's compiled task graph: plays, blocks with rescue/always, roles, includes, "
                + "handlers and who notifies them; with -i, the hosts of each play. Nothing runs.",
        footer = {"", "Examples:", "  playbook graph playbooks/restore.yaml -i inventory/homelab.yaml",
                "  playbook graph playbooks/site.yaml --format dot | dot -Tsvg > site.svg",
                "  playbook graph playbooks/backup.yaml --format text"})
final class GraphCommand implements Callable<Integer> {
    @ParentCommand RootCommand parent;

    @Mixin CommonOptions common;

    @Parameters(arity = "1", paramLabel = "PLAYBOOK", description = "The playbook to draw.")
    Path playbookFile;

    @Option(names = "--format", defaultValue = "mermaid", paramLabel = "mermaid|dot|text",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
        TaskGraphPrinter.Format f;
        try {
            f = TaskGraphPrinter.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            parent.err.println("ERROR! --format must be mermaid, dot or text, got '" + format + "'");
            return 5;
        }
        Setup setup = null;
        try {
            setup = Setup.create(parent.out, parent.err, common.verbosity(), false, common.inventory);
            playbook.engine.parse.YamlLoader.useVault(common.vault(setup));
            RunOptions options = common.runOptions(setup, List.of(), List.of(), null, false, false);
            Map<String, Object> extra = common.extraVars(setup);
            ModuleRegistry registry = ModuleRegistry.load();
            PlaybookParser parser = new PlaybookParser(registry::isAction, setup::warn);
            Path abs = setup.cwd.resolve(playbookFile).normalize();
            Playbook pb = parser.parse(abs);
            PlaybookRunner runner = new PlaybookRunner(setup.inventory(), registry, parser, new Templar(), options, setup.listener,
                    extra, setup.rolesPath(abs.getParent()), setup.yaml, abs.getParent());
            boolean withHosts = !common.inventory.isEmpty();
            List<TaskGraphPrinter.PlayView> plays = new ArrayList<>();
            for (CompiledPlay cp : runner.compileAll(pb)) {
                Object h = cp.play().keywords().get("hosts");
                String pattern = h instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(h);
                List<String> hosts = withHosts ? runner.hostsOf(cp.play()).stream().map(Host::name).toList() : List.of();
                plays.add(new TaskGraphPrinter.PlayView(cp, pattern, hosts));
            }
            parent.out.print(new TaskGraphPrinter(f).print(plays));
            return 0;
        } catch (PlaybookException e) {
            return common.error(parent.err, e);
        } finally {
            playbook.engine.parse.YamlLoader.useVault(null);
            if (setup != null) setup.close();
        }
    }
}
