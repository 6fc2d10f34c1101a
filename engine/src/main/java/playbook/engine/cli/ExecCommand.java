package playbook.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import playbook.engine.PlaybookException;
import playbook.engine.exec.PlaybookRunner;
import playbook.engine.graph.ModuleRegistry;
import playbook.engine.model.Play;
import playbook.engine.model.Playbook;
import playbook.engine.model.SourceLocation;
import playbook.engine.model.Task;
import playbook.engine.parse.PlaybookParser;
import playbook.engine.template.Templar;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code playbook exec PATTERN -m MODULE -a ARGS}: one task on matching hosts, like the {@code ansible} command. */
@Command(name = "exec", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run one module on the hosts matching PATTERN (ad hoc, like the ansible command).",
        footer = {"", "Examples:", "  playbook exec all -i inventory -m ping",
                "  playbook exec pi -i inventory -a 'df -h /mnt/hdd'",
                "  playbook exec pi -i inventory -b -m file -a 'path=/srv/services state=directory mode=0755'"})
final class ExecCommand implements Callable<Integer> {
    private static final SourceLocation WHERE = new SourceLocation("<command line>", 0, 0);

    @ParentCommand RootCommand parent;

    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "PATTERN", description = "Host pattern (all, a group, web*, a:!b).")
    String pattern;

    @Option(names = {"-m", "--module-name"}, description = "Module to run (default: command).")
    String module = "command";

    @Option(names = {"-a", "--args"}, description = "Module arguments: free text or k=v pairs.")
    String args;

    @Override
    public Integer call() {
        Setup setup = null;
        try {
            setup = Setup.create(parent.out, parent.err, common.verbosity(), common.diff, common.inventory, true);
            playbook.engine.parse.YamlLoader.useVault(common.vault(setup));
            ModuleRegistry registry = ModuleRegistry.load();
            PlaybookParser parser = new PlaybookParser(registry::isAction, setup::warn);
            Map<String, Object> keywords = new LinkedHashMap<>();
            keywords.put("hosts", pattern);
            keywords.put("gather_facts", false);
            Task task = new Task(null, ModuleRegistry.shortName(module), Map.of(), args, Map.of(), WHERE, Map.of());
            Play play = new Play("Ansible Ad-Hoc", keywords, List.of(), List.of(), List.of(task), List.of(), List.of(),
                    WHERE, setup.cwd);
            PlaybookRunner runner = new PlaybookRunner(setup.inventory(), registry, parser, new Templar(),
                    common.runOptions(setup, List.of(), List.of(), null, false, false), setup.listener,
                    common.extraVars(setup), setup.rolesPath(setup.cwd), setup.yaml, setup.cwd);
            if (runner.hostsOf(play).isEmpty()) {
                parent.err.println("[WARNING]: No hosts matched, nothing to do");
                return 0;
            }
            return runner.run(new Playbook(Path.of("<ad hoc>"), List.of(play)));
        } catch (PlaybookException e) {
            return common.error(parent.err, e);
        } finally {
            playbook.engine.parse.YamlLoader.useVault(null);
            if (setup != null) setup.close();
        }
    }
}
