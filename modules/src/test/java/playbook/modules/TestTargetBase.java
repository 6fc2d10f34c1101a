package playbook.modules;

import playbook.engine.ModuleException;
import playbook.engine.api.HostConnection;
import playbook.engine.api.Target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the test targets share: the check and diff flags, the expression hooks a test may set,
 * template rendering with a test renderer, and collected warnings.
 */
public abstract class TestTargetBase implements Target {
    public boolean check;
    public boolean diff;
    public Function<String, Object> evaluator;
    public Predicate<String> conditions;
    /** Renders with the test's renderer (identity unless a test sets one). */
    public Function<String, String> renderer = text -> text;
    public final List<String> warnings = new ArrayList<>();
    /** What {@link #isDelegated()} answers: a test sets it to play a task with delegate_to. */
    public boolean delegated;
    /** The inventory host's connection facts; null answers {@code HostConnection.of(host())}. */
    public HostConnection inventoryHost;
    /** The controller's target; null fails {@link #controller()} unless a subclass is the controller itself. */
    public Target controller;

    /** What {@link #withoutBecome()} answers; null answers this target itself. */
    public Target unprivileged;

    @Override public boolean isDelegated() { return delegated; }

    @Override public Target withoutBecome() { return unprivileged != null ? unprivileged : this; }

    @Override public HostConnection inventoryHostConnection() {
        return inventoryHost != null ? inventoryHost : HostConnection.of(host());
    }

    @Override public Target controller() {
        if (controller == null) throw new UnsupportedOperationException("this test target has no controller; set one");
        return controller;
    }

    @Override public boolean checkMode() { return check; }

    /** Whether the task's result is observed (Target#resultObserved); true unless a test says otherwise. */
    public boolean observed = true;

    @Override public boolean resultObserved() { return observed; }

    @Override public boolean diffMode() { return diff; }

    @Override public Object evaluate(String expression) {
        if (evaluator == null) throw new UnsupportedOperationException("evaluate: " + expression);
        return evaluator.apply(expression);
    }

    @Override
    public String renderTemplate(Path templateFile) {
        try {
            return renderer.apply(Files.readString(templateFile));
        } catch (IOException e) {
            throw new ModuleException("can't read template " + templateFile, e);
        }
    }

    @Override public boolean condition(String expression) {
        if (conditions == null) throw new UnsupportedOperationException("condition: " + expression);
        return conditions.test(expression);
    }

    /** An absolute path that exists on this machine is found as it is; nothing else is. */
    @Override public Path findFile(String subdir, String name) {
        Path p = Path.of(name);
        return p.isAbsolute() && java.nio.file.Files.exists(p) ? p : null;
    }

    @Override public void warn(String message) { warnings.add(message); }

    @Override public void log(int verbosity, String message) { }
}
