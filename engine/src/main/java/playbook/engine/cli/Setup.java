package playbook.engine.cli;

import playbook.engine.inventory.Inventory;
import playbook.engine.parse.YamlLoader;
import playbook.engine.report.AdhocReporter;
import playbook.engine.report.ConsoleReporter;
import playbook.engine.report.Fanout;
import playbook.engine.report.LiveProgress;
import playbook.engine.report.LogFileReporter;
import playbook.engine.report.Redactor;
import playbook.engine.report.RunListener;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What every command needs before it starts: config, reporters, warnings, the inventory. */
final class Setup implements AutoCloseable {
    final Path cwd = Path.of("").toAbsolutePath();
    final AnsibleConfig config;
    final RunListener listener;
    final YamlLoader yaml;
    /** Secrets of this run (secret-looking -e values, later vault plaintexts): masked in every line printed or logged. */
    final Redactor redactor;
    private final List<String> inventorySources;
    private final LogFileReporter log;
    /** The live spinner, transfer bars and "still running" lines; null for ad hoc commands. */
    final LiveProgress progress;
    private Inventory inventory;

    private Setup(AnsibleConfig config, RunListener listener, LogFileReporter log, List<String> inventorySources,
                  Redactor redactor, LiveProgress progress) {
        this.config = config;
        this.progress = progress;
        this.redactor = redactor;
        this.listener = listener;
        this.log = log;
        this.yaml = new YamlLoader(this::warn);
        this.inventorySources = inventorySources;
    }

    static Setup create(PrintStream out, PrintStream err, int verbosity, boolean diff, List<String> inventory) {
        return create(out, err, verbosity, diff, inventory, false);
    }

    /** {@code adhoc}: the console prints as the {@code ansible} command does instead of ansible-playbook. */
    static Setup create(PrintStream out, PrintStream err, int verbosity, boolean diff, List<String> inventory, boolean adhoc) {
        return create(out, err, verbosity, diff, inventory, adhoc, List.of());
    }

    /** {@code extra}: more listeners (the run recorder behind --report and --profile). */
    static Setup create(PrintStream out, PrintStream err, int verbosity, boolean diff, List<String> inventory, boolean adhoc,
                        List<RunListener> extra) {
        Map<String, String> env = System.getenv();
        AnsibleConfig config = AnsibleConfig.load(env, Path.of("").toAbsolutePath());
        boolean color = useColor(env, config);
        List<RunListener> listeners = new ArrayList<>();
        Redactor redactor = new Redactor();
        // redrawn in place only on this process's own terminal; stdout stays Ansible's everywhere else
        LiveProgress progress = LiveProgress.create(out, err, env, out == System.out && System.console() != null, redactor);
        listeners.add(progress);
        listeners.add(adhoc ? new AdhocReporter(out, err, redactor, progress, verbosity)
                : new ConsoleReporter(out, err, color, verbosity, diff, redactor, progress));
        LogFileReporter log = null;
        Optional<Path> logPath = config.logPath();
        if (logPath.isPresent()) {
            log = new LogFileReporter(logPath.get(), verbosity, diff, redactor);
            listeners.add(log);
        }
        listeners.addAll(extra);
        List<String> sources = new ArrayList<>(inventory);
        if (sources.isEmpty()) {
            String dflt = config.get("defaults", "inventory");
            if (dflt != null && !dflt.isBlank()) for (String s : dflt.split(",")) if (!s.isBlank()) sources.add(s.trim());
        }
        Setup setup = new Setup(config, new Fanout(listeners), log, sources, redactor, progress);
        for (String w : config.warnings()) setup.warn(w);
        if (config.source() == null) setup.listener.verbose(1, "No config file found; using defaults");
        else setup.listener.verbose(1, "Using " + config.source() + " as config file");
        return setup;
    }

    private static boolean useColor(Map<String, String> env, AnsibleConfig config) {
        if (env.containsKey("NO_COLOR") || config.noColor()) return false;
        if (config.forceColor()) return true;
        return System.console() != null;
    }

    private static final java.util.regex.Pattern SECRET_NAME =
            java.util.regex.Pattern.compile("(?i).*(pass|secret|token|key|cred|private).*");

    /** Extra vars whose names look like secrets are never printed. */
    void registerSecrets(Map<String, Object> extraVars) {
        extraVars.forEach((k, v) -> {
            if (v != null && SECRET_NAME.matcher(k).matches()) redactor.register(String.valueOf(v));
        });
    }

    void warn(String message) {
        listener.warning(message);
    }

    Inventory inventory() {
        if (inventory == null) {
            inventory = Inventory.load(inventorySources, cwd, this::warn);
            registerInventorySecrets(inventory);
        }
        return inventory;
    }

    private static final java.util.regex.Pattern PASSWORD_VAR =
            java.util.regex.Pattern.compile("ansible_(ssh_)?pass(word)?|ansible_(become|sudo|su)_pass(word)?");

    /**
     * Connection and become passwords written in the inventory (host and group vars) are never
     * printed. Templated ones resolve to values that are masked already when they come from
     * the vault or from secret-looking -e vars.
     */
    private void registerInventorySecrets(Inventory inv) {
        List<Map<String, Object>> layers = new ArrayList<>();
        for (var h : inv.hosts()) layers.add(inv.inventoryHostVars(h));
        for (var g : inv.groups()) layers.add(g.vars());
        for (Map<String, Object> vars : layers) {
            vars.forEach((k, v) -> {
                if (v != null && PASSWORD_VAR.matcher(k).matches()) redactor.register(String.valueOf(v));
            });
        }
    }

    /** roles_path from ansible.cfg plus the standard locations. */
    List<Path> rolesPath(Path playbookDir) {
        List<Path> out = new ArrayList<>(config.rolesPath());
        out.add(Path.of(System.getProperty("user.home"), ".ansible", "roles"));
        out.add(Path.of("/usr/share/ansible/roles"));
        out.add(Path.of("/etc/ansible/roles"));
        return out;
    }

    @Override
    public void close() {
        if (progress != null) progress.close();
        if (log != null) log.close();
    }
}
