package playbook.engine.exec;

import playbook.engine.connection.BecomeFiles;
import playbook.engine.connection.LineListener;
import playbook.engine.connection.TransferListener;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Fact;
import playbook.engine.api.HostConnection;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;
import playbook.engine.ModuleException;
import playbook.engine.connection.BecomeRunner;
import playbook.engine.connection.Connection;
import playbook.engine.report.RunListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The Target a module runs against for one task on one host: the host's connection plus
 * this task's become, environment, check and diff settings. Check mode is enforced here:
 * {@link #apply} and {@link #put} do nothing when it is on.
 */
final class HostTarget implements Target {
    private final String host;
    private final Connection connection;
    private final Become become;
    private final Map<String, String> environment;
    private final boolean check;
    private final boolean diff;
    private final Function<String, Object> evaluator;
    private final Predicate<String> conditional;
    private final Function<String, String> fileRenderer;
    private final List<Path> searchDirs;
    private final RunListener listener;
    private final String taskName;
    private final Map<String, Object> factCache;
    private final boolean delegated;
    private final Supplier<HostConnection> inventoryHost;
    private HostConnection inventoryHostValue;
    private final Supplier<Target> controller;
    private final Live live;

    /**
     * What a task shows while it runs: the progress of its file transfers, and (-v, command-like
     * modules) each output line of its commands as it arrives.
     *
     * @param transfers      progress of put and get
     * @param output         lines of running commands; null when they are not streamed
     * @param resultObserved whether anything can see the result's values ({@link Target#resultObserved})
     */
    record Live(TransferListener transfers, LineListener output, boolean resultObserved) {
        static final Live NONE = new Live(TransferListener.NONE, null, true);

        Live(TransferListener transfers, LineListener output) {
            this(transfers, output, true);
        }

        Live {
            if (transfers == null) transfers = TransferListener.NONE;
        }
    }

    HostTarget(String host, Connection connection, Become become, Map<String, String> environment, boolean check,
               boolean diff, Function<String, Object> evaluator, Predicate<String> conditional,
               Function<String, String> fileRenderer, List<Path> searchDirs,
               RunListener listener, String taskName, Map<String, Object> factCache,
               boolean delegated, Supplier<HostConnection> inventoryHost, Supplier<Target> controller) {
        this(host, connection, become, environment, check, diff, evaluator, conditional, fileRenderer, searchDirs, listener,
                taskName, factCache, delegated, inventoryHost, controller, Live.NONE);
    }

    /**
     * @param inventoryHost how the task's own host is reached (also when {@code delegated}); asked on first use only
     * @param controller    makes the controller's target on demand; null when there is none
     * @param live          transfer progress and streamed output; {@link Live#NONE} for none
     */
    HostTarget(String host, Connection connection, Become become, Map<String, String> environment, boolean check,
               boolean diff, Function<String, Object> evaluator, Predicate<String> conditional,
               Function<String, String> fileRenderer, List<Path> searchDirs,
               RunListener listener, String taskName, Map<String, Object> factCache,
               boolean delegated, Supplier<HostConnection> inventoryHost, Supplier<Target> controller, Live live) {
        this.host = host;
        this.connection = connection;
        this.become = become.redundantFor(connection == null ? null : connection.loginUser()) ? Become.NONE : become;
        this.environment = environment;
        this.check = check;
        this.diff = diff;
        this.evaluator = evaluator;
        this.conditional = conditional;
        this.fileRenderer = fileRenderer;
        this.searchDirs = searchDirs;
        this.listener = listener;
        this.taskName = taskName;
        this.factCache = factCache == null ? new ConcurrentHashMap<>() : factCache;
        this.delegated = delegated;
        this.inventoryHost = inventoryHost == null ? () -> HostConnection.of(host) : inventoryHost;
        this.controller = controller;
        this.live = live == null ? Live.NONE : live;
    }

    @Override public String host() { return host; }

    @Override public boolean isDelegated() { return delegated; }

    @Override public boolean resultObserved() { return live.resultObserved(); }

    @Override
    public synchronized HostConnection inventoryHostConnection() {
        if (inventoryHostValue == null) inventoryHostValue = inventoryHost.get();
        return inventoryHostValue;
    }

    @Override
    public Target withoutBecome() {
        if (!become.enabled()) return this;
        return new HostTarget(host, connection, Become.NONE, environment, check, diff, evaluator, conditional, fileRenderer,
                searchDirs, listener, taskName, factCache, delegated, inventoryHost, controller, live);
    }

    @Override
    public Target controller() {
        if (controller == null) throw new UnsupportedOperationException("no controller target for " + host);
        return controller.get();
    }

    @Override
    public ExecResult probe(String command, byte[] stdin) {
        return run(command, stdin);
    }

    @Override
    public ExecResult apply(String command, byte[] stdin) {
        if (check) return ExecResult.notRun();
        return run(command, stdin);
    }

    /** Runs a command with this task's environment and become; a become password goes to stdin only. */
    private ExecResult run(String command, byte[] stdin) {
        String withEnv = environment(command);
        if (!become.enabled()) return exec(withEnv, stdin);
        String password = become.password() != null ? become.password() : connection.becomePassword();
        if (password != null) {
            Become.Markers m = Become.Markers.fresh();
            return BecomeRunner.run(connection, host, become.effectiveMethod(), become.wrapWithPassword(withEnv, m),
                    m.prompt(), m.success(), password, stdin, connection.becomeTimeoutSeconds());
        }
        ExecResult r = exec(become.wrap(withEnv), stdin);
        if (r.rc() != 0 && r.stdout().isEmpty() && escalationFailed(r.stderr())) {
            throw new ModuleException(BecomeRunner.explain(become.effectiveMethod(), host, r.stderr(), false));
        }
        return r;
    }

    /** One command on the connection, its lines streamed when this task streams them. */
    private ExecResult exec(String command, byte[] stdin) {
        return live.output() == null ? connection.exec(command, stdin) : connection.exec(command, stdin, live.output());
    }

    /** sudo's and doas's own refusals, as opposed to the command's errors. */
    private boolean escalationFailed(String stderr) {
        String e = stderr.strip();
        String m = become.effectiveMethod();
        return (e.startsWith(m + ": ") && (e.contains("password is required") || e.contains("a terminal is required")
                || e.contains("not permitted") || e.contains("not in the sudoers") || e.contains("Authentication failed")))
                || e.contains(" is not in the sudoers file") || e.contains("is not allowed to execute");
    }

    private String environment(String command) {
        String c = command;
        if (environment != null && !environment.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : environment.entrySet()) {
                sb.append(e.getKey()).append('=').append(Shell.quote(e.getValue())).append("; export ").append(e.getKey()).append("; ");
            }
            c = sb + c;
        }
        return c;
    }

    @Override
    public void put(Path local, String remotePath) {
        if (check) return;
        if (!become.enabled()) {
            connection.put(local, remotePath, live.transfers());
            return;
        }
        // staged as the login user, verified, then placed by the become user keeping owner, group and mode
        BecomeFiles.put(connection, host, local, remotePath, cmd -> run(cmd, null), live.transfers());
    }

    @Override
    public void get(String remotePath, Path local) {
        if (!become.enabled()) {
            connection.get(remotePath, local, live.transfers());
            return;
        }
        // the become user copies the file into a private staging dir the login user may read
        BecomeFiles.get(connection, host, remotePath, local, cmd -> run(cmd, null), live.transfers());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T fact(Fact<T> fact) {
        return (T) factCache.computeIfAbsent(fact.name(), n -> fact.parser().apply(probe(fact.command())));
    }

    @Override
    public void invalidate(Fact<?> fact) {
        factCache.remove(fact.name());
    }

    @Override public boolean checkMode() { return check; }

    @Override public boolean diffMode() { return diff; }

    @Override public Object evaluate(String expression) { return evaluator.apply(expression); }

    @Override public boolean condition(String expression) { return conditional.test(expression); }

    @Override
    public String renderTemplate(Path templateFile) {
        String text;
        try {
            text = Files.readString(templateFile);
        } catch (java.io.IOException e) {
            throw new playbook.engine.ModuleException("can't read template " + templateFile + ": " + e.getMessage(), e);
        }
        return fileRenderer.apply(text);
    }

    @Override
    public Path findFile(String subdir, String name) {
        Path p = Path.of(name);
        if (p.isAbsolute()) return Files.exists(p) ? p : null;
        for (Path dir : searchDirs) {
            Path c = subdir == null ? dir.resolve(name) : dir.resolve(subdir).resolve(name);
            if (Files.exists(c)) return c;
            Path plain = dir.resolve(name);
            if (Files.exists(plain)) return plain;
        }
        return null;
    }

    @Override
    public void warn(String message) {
        listener.warning(message);
    }

    @Override
    public void log(int verbosity, String message) {
        listener.verbose(verbosity, "<" + host + "> " + (taskName == null ? "" : "[" + taskName + "] ") + message);
    }
}
