package playbook.engine.exec;

import playbook.engine.graph.GraphCompiler;
import playbook.engine.graph.ModuleRegistry;
import playbook.engine.inventory.Host;
import playbook.engine.inventory.Inventory;
import playbook.engine.parse.PlaybookParser;
import playbook.engine.parse.YamlLoader;
import playbook.engine.report.RunListener;
import playbook.engine.template.Templar;
import playbook.engine.vars.VarsManager;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** Everything a run shares across plays and hosts. */
final class RunContext {
    final Inventory inventory;
    final ModuleRegistry registry;
    final PlaybookParser parser;
    final GraphCompiler compiler;
    final Templar templar;
    final VarsManager vars;
    final RunOptions options;
    final RunListener listener;
    final Connections connections;
    final Stats stats = new Stats();
    final Path playbookDir;
    final YamlLoader yaml;
    final AtomicBoolean interrupted = new AtomicBoolean();
    /** --step: asked before each task with its title; false skips the task. Null when not stepping. */
    volatile java.util.function.Predicate<String> stepper;

    /** True when the run must start no new task: Ctrl-C, or an interrupted worker. */
    boolean stopping() {
        if (Interrupts.requested()) interrupted.set(true);
        return interrupted.get();
    }
    private final Map<String, HostState> states = new LinkedHashMap<>();

    RunContext(Inventory inventory, ModuleRegistry registry, PlaybookParser parser, GraphCompiler compiler, Templar templar,
               VarsManager vars, RunOptions options, RunListener listener, Path playbookDir, YamlLoader yaml) {
        this.inventory = inventory;
        this.registry = registry;
        this.parser = parser;
        this.compiler = compiler;
        this.templar = templar;
        this.vars = vars;
        this.options = options;
        this.listener = listener;
        this.playbookDir = playbookDir;
        this.yaml = yaml;
        // transport -v messages go to the reporters, at the run's verbosity
        this.connections = new Connections(options.connection().withListeners(
                (level, message) -> { if (level <= options.verbosity()) listener.verbose(level, message); },
                options.connection().prompter(), options.connection().transfers()));
    }

    synchronized HostState state(Host h) {
        return states.computeIfAbsent(h.name(), n -> new HostState(h));
    }

    synchronized HostState stateOrNull(String name) {
        return states.get(name);
    }
}
