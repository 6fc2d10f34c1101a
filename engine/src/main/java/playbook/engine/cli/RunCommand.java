package playbook.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import playbook.engine.ConnectionException;
import playbook.engine.InventoryException;
import playbook.engine.ParseException;
import playbook.engine.PlaybookException;
import playbook.engine.TemplateException;
import playbook.engine.exec.PlaybookRunner;
import playbook.engine.exec.RunOptions;
import playbook.engine.graph.ModuleRegistry;
import playbook.engine.inventory.Inventory;
import playbook.engine.model.Playbook;
import playbook.engine.parse.PlaybookParser;
import playbook.engine.parse.YamlLoader;
import playbook.engine.report.RunListener;
import playbook.engine.template.Templar;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code playbook run PLAYBOOK...}: ansible-playbook's options and exit codes. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run playbooks against an inventory, like ansible-playbook.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand RootCommand parent;

    @Parameters(arity = "1..*", paramLabel = "PLAYBOOK", description = "Playbook file(s).")
    List<Path> playbooks;

    @Option(names = {"-i", "--inventory", "--inventory-file"}, description = "Inventory file, directory or host list (a,b,). Repeatable.")
    List<String> inventory = new ArrayList<>();

    @Option(names = {"-e", "--extra-vars"}, description = "key=value, @file.yml, or JSON/YAML. Repeatable.")
    List<String> extraVars = new ArrayList<>();

    @Option(names = {"-l", "--limit"}, description = "Further limit hosts to a pattern (or @file).")
    String limit;

    @Option(names = {"-t", "--tags"}, split = ",", description = "Only run tasks with these tags.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--skip-tags", split = ",", description = "Skip tasks with these tags.")
    List<String> skipTags = new ArrayList<>();

    @Option(names = {"-C", "--check"}, description = "Predict changes without making them.")
    boolean check;

    @Option(names = {"-D", "--diff"}, description = "Show the differences in changed files.")
    boolean diff;

    @Option(names = {"-f", "--forks"}, description = "Parallel hosts (default: ansible.cfg forks, else 5).")
    Integer forks;

    @Option(names = "-v", description = "More output (-vvv shows stack traces).")
    boolean[] verbose = new boolean[0];

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

    @Option(names = {"-T", "--timeout"}, description = "Connection timeout in seconds (default 10).")
    Integer timeout;

    @Option(names = {"-u", "--user"}, description = "Remote user.")
    String user;

    @Option(names = {"-b", "--become"}, description = "Run operations with become.")
    boolean become;

    @Option(names = "--become-user", description = "Become this user (default root).")
    String becomeUser;

    @Option(names = "--become-method", description = "sudo (default), su or doas.")
    String becomeMethod;

    @Option(names = {"-c", "--connection"}, description = "Connection type for hosts that set none (ssh, local).")
    String connection;

    @Override
    public Integer call() {
        RunListener listener = null;
        int verbosity = verbose.length;
        Setup setup = null;
        try {
            setup = Setup.create(parent.out, parent.err, verbosity, diff, inventory);
            listener = setup.listener;
            RunOptions options = options(setup);
            YamlLoader yaml = setup.yaml;
            Map<String, Object> extra = ExtraVars.parse(extraVars, setup.cwd, yaml);
            setup.registerSecrets(extra);
            if (connection != null) extra.putIfAbsent("ansible_connection", connection);
            if (user != null) extra.putIfAbsent("ansible_user", user);
            ModuleRegistry registry = ModuleRegistry.load();
            PlaybookParser parser = new PlaybookParser(registry::isAction, setup::warn);
            Templar templar = new Templar();
            int rc = 0;
            for (Path pbPath : playbooks) {
                Path abs = setup.cwd.resolve(pbPath).normalize();
                Playbook pb = parser.parse(abs);
                PlaybookRunner runner = new PlaybookRunner(setup.inventory(), registry, parser, templar, options, listener, extra,
                        setup.rolesPath(abs.getParent()), yaml, abs.getParent());
                if (!syntaxCheck && runner.limitMatchesNothing()) {
                    parent.err.println("ERROR! Specified inventory, host pattern and/or --limit leaves us with no hosts to target.");
                    return 1;
                }
                if (syntaxCheck || listTasks || listHosts || listTags) {
                    Listings listings = new Listings(parent.out, runner, options);
                    runner.compileAll(pb);
                    parent.out.println();
                    parent.out.println("playbook: " + pbPath);
                    if (listHosts || listTasks || listTags) listings.print(pb, listHosts, listTasks, listTags);
                    continue;
                }
                if (step) runner.stepWith(new StepPrompt(System.in, parent.out));
                rc = runner.run(pb);
                if (rc != 0) return rc;
            }
            return rc;
        } catch (ParseException e) {
            return error(e, 4, verbosity);
        } catch (InventoryException | TemplateException | ConnectionException e) {
            return error(e, 1, verbosity);
        } catch (PlaybookException e) {
            return error(e, 1, verbosity);
        } finally {
            if (setup != null) setup.close();
        }
    }

    private int error(PlaybookException e, int code, int verbosity) {
        parent.err.println("ERROR! " + e.getMessage());
        if (verbosity >= 3) e.printStackTrace(parent.err);
        return code;
    }

    private RunOptions options(Setup setup) {
        AnsibleConfig cfg = setup.config;
        Set<String> t = new LinkedHashSet<>(tags.isEmpty() ? List.of("all") : tags);
        boolean forceH = forceHandlers || cfg.forceHandlers();
        String bUser = becomeUser != null ? becomeUser : cfg.becomeUser();
        String bMethod = becomeMethod != null ? becomeMethod : cfg.becomeMethod();
        boolean b = become || cfg.become();
        return new RunOptions(check, diff, forks != null ? forks : cfg.forks(), t, new LinkedHashSet<>(skipTags), limit,
                Math.max(verbose.length, cfg.verbosity()), startAtTask, step, forceH, timeout != null ? timeout : cfg.timeout(), inventory, user, b,
                bUser, bMethod);
    }

}
