package playbook.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import playbook.engine.PlaybookException;
import playbook.engine.exec.PlaybookRunner;
import playbook.engine.exec.RunOptions;
import playbook.engine.graph.ModuleRegistry;
import playbook.engine.model.Playbook;
import playbook.engine.parse.PlaybookParser;
import playbook.engine.report.RunRecorder;
import playbook.engine.report.RunReports;
import playbook.engine.template.Templar;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code playbook run PLAYBOOK...}: ansible-playbook's options and exit codes. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run playbooks against an inventory, like ansible-playbook.",
        footer = {"", "Examples:", "  playbook run site.yaml -i inventory/homelab.yaml",
                "  playbook run restore.yaml -i inventory -l pi -e archive=pi-20261122T0300Z.tar.gz --check --diff"})
final class RunCommand implements Callable<Integer> {
    @ParentCommand RootCommand parent;

    @Mixin CommonOptions common;

    @Parameters(arity = "1..*", paramLabel = "PLAYBOOK", description = "Playbook file(s).")
    List<Path> playbooks;

    @Option(names = {"-t", "--tags"}, split = ",", description = "Only run tasks with these tags.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--skip-tags", split = ",", description = "Skip tasks with these tags.")
    List<String> skipTags = new ArrayList<>();

    @Option(names = "--syntax-check", description = "Check the playbook's syntax and arguments, run nothing.")
    boolean syntaxCheck;

    @Option(names = "--list-tasks", description = "List the tasks that would run.")
    boolean listTasks;

    @Option(names = "--list-hosts", description = "List the hosts each play would run on.")
    boolean listHosts;

    @Option(names = "--list-tags", description = "List the tags in the playbook.")
    boolean listTags;

    @Option(names = "--start-at-task", description = "Start at the task with this name.")
    String startAtTask;

    @Option(names = "--step", description = "Confirm each task before running it.")
    boolean step;

    @Option(names = "--force-handlers", description = "Run notified handlers even if a task fails.")
    boolean forceHandlers;

    @Option(names = "--report", paramLabel = "FORMAT=FILE",
            description = "Also write a report of the run: json=FILE (every task and host result with timings and the recap), "
                    + "junit=FILE (one testcase per host and task) or markdown=FILE (a summary). Repeatable.")
    List<String> reports = new ArrayList<>();

    @Option(names = "--profile", description = "After the recap, list the slowest tasks (like Ansible's profile_tasks).")
    boolean profile;

    @Override
    public Integer call() {
        Setup setup = null;
        Map<RunReports.Format, Path> reportFiles = new LinkedHashMap<>();
        for (String r : reports) {
            int eq = r.indexOf('=');
            RunReports.Format f = eq <= 0 ? null : RunReports.Format.of(r.substring(0, eq));
            if (f == null || eq == r.length() - 1) {
                parent.err.println("ERROR! --report expects FORMAT=FILE with FORMAT json, junit or markdown, got '" + r + "'");
                return 5;
            }
            reportFiles.put(f, Path.of(r.substring(eq + 1)));
        }
        RunRecorder recorder = reportFiles.isEmpty() && !profile ? null : new RunRecorder();
        try {
            setup = Setup.create(parent.out, parent.err, common.verbosity(), common.diff, common.inventory, false,
                    recorder == null ? List.of() : List.of(recorder));
            playbook.engine.parse.YamlLoader.useVault(common.vault(setup));
            RunOptions options = common.runOptions(setup, tags, skipTags, startAtTask, step, forceHandlers);
            Map<String, Object> extra = common.extraVars(setup);
            ModuleRegistry registry = ModuleRegistry.load();
            PlaybookParser parser = new PlaybookParser(registry::isAction, setup::warn);
            Templar templar = new Templar();
            int rc = 0;
            for (Path pbPath : playbooks) {
                Path abs = setup.cwd.resolve(pbPath).normalize();
                Playbook pb = parser.parse(abs);
                PlaybookRunner runner = new PlaybookRunner(setup.inventory(), registry, parser, templar, options, setup.listener,
                        extra, setup.rolesPath(abs.getParent()), setup.yaml, abs.getParent());
                if (!syntaxCheck && runner.limitMatchesNothing()) {
                    parent.err.println("ERROR! Specified inventory, host pattern and/or --limit leaves us with no hosts to target.");
                    return 1;
                }
                if (syntaxCheck || listTasks || listHosts || listTags) {
                    runner.compileAll(pb);
                    parent.out.println();
                    parent.out.println("playbook: " + pbPath);
                    if (listHosts || listTasks || listTags) {
                        new Listings(parent.out, runner, options).print(pb, listHosts, listTasks, listTags);
                    }
                    continue;
                }
                if (step) runner.stepWith(new StepPrompt(System.in, parent.out));
                rc = runner.run(pb);
                if (rc != 0) return rc;
            }
            return rc;
        } catch (PlaybookException e) {
            return common.error(parent.err, e);
        } finally {
            if (recorder != null && setup != null && recorder.playbook() != null) finishReports(recorder, setup, reportFiles);
            playbook.engine.parse.YamlLoader.useVault(null);
            if (setup != null) setup.close();
        }
    }

    /** The profile table after the recap, then each requested report; a report that can't be written is an error line, not a lost run. */
    private void finishReports(RunRecorder recorder, Setup setup, Map<RunReports.Format, Path> files) {
        RunReports reports = new RunReports(recorder, setup.redactor);
        if (profile) reports.printProfile(parent.out, 20);
        files.forEach((format, file) -> {
            try {
                reports.write(format, setup.cwd.resolve(file));
            } catch (java.io.IOException | RuntimeException e) {
                parent.err.println("ERROR! can't write the " + format.name().toLowerCase(java.util.Locale.ROOT) + " report " + file + ": " + e.getMessage());
            }
        });
    }
}
