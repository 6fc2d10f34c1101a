package playbook.modules.net;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Fact;
import playbook.engine.api.Target;
import playbook.modules.LocalTarget;

import java.nio.file.Path;

/** A LocalTarget whose commands run with {@code dir} first on PATH (to put fake tools in front). */
final class PathTarget implements Target {
    final LocalTarget local = new LocalTarget();
    private final String prefix;

    /** {@code path} replaces PATH entirely when {@code replace}, else goes in front of it. */
    PathTarget(Path dir, boolean replace) {
        this.prefix = "PATH=" + playbook.engine.api.Shell.quote(dir.toString()) + (replace ? "" : ":\"$PATH\"")
                + "; export PATH\n";
    }

    PathTarget check(boolean c) { local.check(c); return this; }

    @Override public String host() { return local.host(); }
    @Override public ExecResult probe(String command, byte[] stdin) { return local.probe(prefix + command, stdin); }
    @Override public ExecResult apply(String command, byte[] stdin) { return local.apply(prefix + command, stdin); }
    @Override public void put(Path l, String remotePath) { local.put(l, remotePath); }
    @Override public void get(String remotePath, Path l) { local.get(remotePath, l); }
    @Override public <T> T fact(Fact<T> fact) { return local.fact(fact); }
    @Override public void invalidate(Fact<?> fact) { local.invalidate(fact); }
    @Override public boolean checkMode() { return local.checkMode(); }
    @Override public boolean diffMode() { return local.diffMode(); }
    @Override public Object evaluate(String expression) { return local.evaluate(expression); }
    @Override public String renderTemplate(Path templateFile) { return local.renderTemplate(templateFile); }
    @Override public boolean condition(String expression) { return local.condition(expression); }
    @Override public Path findFile(String subdir, String name) { return local.findFile(subdir, name); }
    @Override public void warn(String message) { local.warn(message); }
    @Override public void log(int verbosity, String message) { local.log(verbosity, message); }
}
