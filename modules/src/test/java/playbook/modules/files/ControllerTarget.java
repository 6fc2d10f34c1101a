package playbook.modules.files;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Fact;
import playbook.engine.api.HostConnection;
import playbook.engine.api.Target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Target for tests of modules that read controller files (copy src=, template, fetch): it
 * delegates everything to another target and answers {@link #findFile} like the engine does,
 * from a playbook directory ({@code dir/subdir/name}, then {@code dir/name}; absolute as given).
 * It records put/get calls.
 */
public final class ControllerTarget implements Target {
    final Target inner;
    final Path playbookDir;
    final List<String> transfers = new ArrayList<>();
    String hostName = "localhost";
    /** Runs after each put, e.g. to prove the module does not read its source again. */
    Runnable afterPut = () -> {};

    public ControllerTarget(Target inner, Path playbookDir) {
        this.inner = inner;
        this.playbookDir = playbookDir;
    }

    @Override public String host() { return hostName; }
    @Override public ExecResult probe(String command, byte[] stdin) { return inner.probe(command, stdin); }
    @Override public ExecResult apply(String command, byte[] stdin) { return inner.apply(command, stdin); }

    @Override public void put(Path local, String remotePath) {
        transfers.add("put " + local + " " + remotePath);
        inner.put(local, remotePath);
        afterPut.run();
    }

    @Override public void get(String remotePath, Path local) {
        transfers.add("get " + remotePath + " " + local);
        inner.get(remotePath, local);
    }

    @Override public <T> T fact(Fact<T> fact) { return inner.fact(fact); }
    @Override public void invalidate(Fact<?> fact) { inner.invalidate(fact); }
    @Override public boolean checkMode() { return inner.checkMode(); }
    @Override public boolean diffMode() { return inner.diffMode(); }
    @Override public Object evaluate(String expression) { return inner.evaluate(expression); }
    @Override public String renderTemplate(Path templateFile) { return inner.renderTemplate(templateFile); }
    @Override public boolean condition(String expression) { return inner.condition(expression); }
    @Override public void warn(String message) { inner.warn(message); }
    @Override public void log(int verbosity, String message) { inner.log(verbosity, message); }
    @Override public boolean isDelegated() { return inner.isDelegated(); }
    @Override public boolean resultObserved() { return inner.resultObserved(); }
    @Override public HostConnection inventoryHostConnection() { return inner.inventoryHostConnection(); }
    @Override public Target controller() { return inner.controller(); }
    @Override public Target withoutBecome() { return inner.withoutBecome(); }

    @Override public Path findFile(String subdir, String name) {
        Path p = Path.of(name);
        if (p.isAbsolute()) return Files.exists(p) ? p : null;
        Path c = playbookDir.resolve(subdir).resolve(name);
        if (Files.exists(c)) return c;
        Path plain = playbookDir.resolve(name);
        return Files.exists(plain) ? plain : null;
    }
}
