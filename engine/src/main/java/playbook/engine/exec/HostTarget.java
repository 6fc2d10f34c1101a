package playbook.engine.exec;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Fact;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;
import playbook.engine.connection.Connection;
import playbook.engine.report.RunListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

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

    HostTarget(String host, Connection connection, Become become, Map<String, String> environment, boolean check,
               boolean diff, Function<String, Object> evaluator, Predicate<String> conditional,
               Function<String, String> fileRenderer, List<Path> searchDirs,
               RunListener listener, String taskName, Map<String, Object> factCache) {
        this.host = host;
        this.connection = connection;
        this.become = become;
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
    }

    @Override public String host() { return host; }

    @Override
    public ExecResult probe(String command, byte[] stdin) {
        return connection.exec(prepare(command), stdin);
    }

    @Override
    public ExecResult apply(String command, byte[] stdin) {
        if (check) return ExecResult.notRun();
        return connection.exec(prepare(command), stdin);
    }

    private String prepare(String command) {
        String c = command;
        if (environment != null && !environment.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, String> e : environment.entrySet()) {
                sb.append(e.getKey()).append('=').append(Shell.quote(e.getValue())).append("; export ").append(e.getKey()).append("; ");
            }
            c = sb + c;
        }
        return become.wrap(c);
    }

    @Override
    public void put(Path local, String remotePath) {
        if (check) return;
        connection.put(local, remotePath);
    }

    @Override
    public void get(String remotePath, Path local) {
        connection.get(remotePath, local);
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
