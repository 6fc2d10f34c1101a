package playbook.engine.exec;

import playbook.engine.graph.CompiledBlock;
import playbook.engine.graph.CompiledPlay;
import playbook.engine.graph.CompiledTask;
import playbook.engine.graph.GraphCompiler;
import playbook.engine.graph.ModuleRegistry;
import playbook.engine.graph.Node;
import playbook.engine.graph.RoleContext;
import playbook.engine.inventory.Host;
import playbook.engine.inventory.Inventory;
import playbook.engine.model.Play;
import playbook.engine.model.Playbook;
import playbook.engine.model.SourceLocation;
import playbook.engine.model.Task;
import playbook.engine.parse.PlaybookParser;
import playbook.engine.parse.YamlLoader;
import playbook.engine.report.RunListener;
import playbook.engine.template.Templar;
import playbook.engine.vars.VarLayers;
import playbook.engine.vars.VarsManager;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a parsed playbook: for each play, selects its hosts, compiles its task graph (every
 * module and argument is checked before a host is contacted), splits it into serial batches,
 * and runs each batch with its strategy. Returns ansible-playbook's exit code.
 */
public final class PlaybookRunner {
    private final RunContext ctx;
    private final PlayPlanner planner;

    public PlaybookRunner(Inventory inventory, ModuleRegistry registry, PlaybookParser parser, Templar templar,
                          RunOptions options, RunListener listener, Map<String, Object> extraVars, List<Path> rolesPath,
                          YamlLoader yaml, Path playbookDir) {
        GraphCompiler compiler = new GraphCompiler(registry, parser, rolesPath, templar, playbookDir);
        VarsManager vars = new VarsManager(inventory, playbookDir, extraVars);
        this.ctx = new RunContext(inventory, registry, parser, compiler, templar, vars, options, listener, playbookDir, yaml);
        this.planner = new PlayPlanner(ctx);
    }

    /** Compiles every play without running anything (--syntax-check and the list options use this too). */
    public List<CompiledPlay> compileAll(Playbook pb) {
        List<CompiledPlay> out = new ArrayList<>();
        for (Play p : pb.plays()) out.add(ctx.compiler.compile(p, planner.staticVars(p)));
        return out;
    }

    /** --step: called with each task's title before it runs; returning false skips the task. */
    public void stepWith(java.util.function.Predicate<String> stepper) {
        ctx.stepper = stepper;
    }

    /** True when --limit leaves no host of the inventory at all (ansible-playbook then stops with exit 1). */
    public boolean limitMatchesNothing() {
        if (ctx.options.limit() == null) return false;
        return ctx.inventory.limit(ctx.inventory.select("all"), ctx.options.limit()).isEmpty()
                && ctx.inventory.limit(ctx.inventory.select("localhost"), ctx.options.limit()).isEmpty();
    }

    /** The hosts a play would run on, after --limit. */
    public List<Host> hostsOf(Play play) {
        return planner.hosts(play, Set.of());
    }

    public int run(Playbook pb) {
        List<CompiledPlay> compiled = compileAll(pb);
        ctx.listener.playbookStart(pb.path().toString(), ctx.options.check());
        Set<String> gone = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, ctx.options.forks()), r -> {
            Thread t = new Thread(r, "playbook-fork");
            t.setDaemon(true);
            return t;
        });
        try {
            for (CompiledPlay cp : compiled) {
                if (ctx.stopping()) break;
                Play play = cp.play();
                String title = planner.title(play);
                List<Host> hosts = planner.hosts(play, Set.of());
                if (hosts.isEmpty()) {
                    ctx.listener.playStart(title);
                    ctx.listener.notice("skipping: no hosts matched");
                    continue;
                }
                // batches are cut from all the play's hosts; hosts that failed in earlier plays drop out of theirs
                List<HostState> all = new ArrayList<>();
                for (Host h : hosts) all.add(ctx.state(h));
                List<HostState> states = new ArrayList<>();
                for (HostState s : all) if (!gone.contains(s.name())) { ctx.stats.touch(s.name()); states.add(s); }
                if (states.isEmpty()) {
                    ctx.listener.playStart(title);
                    ctx.listener.notice("skipping: no hosts matched");
                    continue;
                }
                VarLayers layers = planner.layers(play, roles(cp), states.get(0));
                CompiledBlock root = root(cp, planner.gatherFacts(play));
                boolean free = PlayRunner.isFree(play.keywords().get("strategy"), planner.staticVars(play), ctx.templar);
                boolean stop = false;
                for (List<HostState> cut : planner.batches(play, all)) {
                    List<HostState> batch = new ArrayList<>(cut);
                    batch.removeIf(h -> gone.contains(h.name()));
                    if (batch.isEmpty()) continue;
                    ctx.listener.playStart(title);  // Ansible prints the banner for every serial batch
                    PlayRun run = new PlayRun(ctx, cp, layers, all, states, batch);
                    new PlayRunner(run, pool).run(root, free);
                    if (batch.stream().allMatch(h -> h.failed() || h.unreachable())) { stop = true; break; }
                    if (run.breakPlaybook) { stop = true; break; }
                    if (run.endPlay) break;
                }
                for (HostState s : states) if (s.failed() || s.unreachable()) gone.add(s.name());
                if (stop) break;
            }
        } finally {
            pool.shutdownNow();
            ctx.connections.close();
        }
        ctx.listener.recap(ctx.stats.snapshot());
        if (ctx.stopping()) return 99;
        if (ctx.stats.anyUnreachable()) return 4;
        // as Ansible: hosts still failed at the end, so meta: clear_host_errors undoes an earlier failure
        if (!gone.isEmpty()) return 2;
        return 0;
    }

    private CompiledBlock root(CompiledPlay cp, boolean gather) {
        List<Node> nodes = new ArrayList<>();
        SourceLocation loc = cp.play().location();
        if (gather && ctx.registry.module("setup") != null) {
            Task t = new Task("Gathering Facts", "setup", Map.of(), null, Map.of(), loc, Map.of());
            Map<String, Object> kw = new LinkedHashMap<>();
            for (String k : List.of("become", "become_user", "become_method", "connection", "remote_user", "port")) {
                if (cp.play().keywords().containsKey(k)) kw.put(k, cp.play().keywords().get(k));
            }
            Object subset = cp.play().keywords().get("gather_subset");
            Map<String, Object> args = subset == null ? Map.of() : Map.of("gather_subset", subset);
            nodes.add(new CompiledTask(t, "setup", ctx.registry.module("setup"), args, kw, List.of(), Set.of("always"),
                    List.of(), Map.of(), null, false, cp.play().baseDir()));
        }
        nodes.add(cp.preTasks());
        nodes.add(flush(loc, cp));
        nodes.add(cp.tasks());
        nodes.add(flush(loc, cp));
        nodes.add(cp.postTasks());
        nodes.add(flush(loc, cp));
        return CompiledBlock.of(nodes, loc);
    }

    private static CompiledTask flush(SourceLocation loc, CompiledPlay cp) {
        Task t = new Task(null, "meta", Map.of("_raw_params", "flush_handlers"), null, Map.of("_implicit", true), loc, Map.of());
        return new CompiledTask(t, "meta", null, Map.of("_raw_params", "flush_handlers"), Map.of(), List.of(),
                Set.of("always"), List.of(), Map.of(), null, false, cp.play().baseDir());
    }

    /** Every role context in the compiled play, in order, for play-wide role defaults and vars. */
    private static List<RoleContext> roles(CompiledPlay cp) {
        List<RoleContext> out = new ArrayList<>();
        collect(cp.preTasks(), out);
        collect(cp.tasks(), out);
        collect(cp.postTasks(), out);
        return out;
    }

    private static void collect(Node n, List<RoleContext> out) {
        if (n instanceof CompiledTask t) {
            if (t.role() != null && out.stream().noneMatch(r -> r == t.role())) out.add(t.role());
        } else if (n instanceof CompiledBlock b) {
            for (Node c : b.block()) collect(c, out);
            for (Node c : b.rescue()) collect(c, out);
            for (Node c : b.always()) collect(c, out);
        }
    }
}
