package playbook.engine.exec;

import playbook.engine.TemplateException;

import playbook.engine.graph.CompiledBlock;
import playbook.engine.graph.CompiledTask;
import playbook.engine.graph.EngineActions;

import java.util.ArrayList;
import java.util.IdentityHashMap;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Runs one batch of a play with the linear strategy (every host finishes a task before the
 * next starts; hosts on different paths, e.g. rescue, take turns) or the free strategy (each
 * host runs through its tasks as fast as it can).
 */
final class PlayRunner {
    private final PlayRun run;
    private final Strategy strategy;
    private final Handlers handlers;
    private boolean startReached;

    PlayRunner(PlayRun run, ExecutorService pool) {
        this.run = run;
        this.strategy = new Strategy(run, pool);
        this.handlers = new Handlers(run, strategy);
        this.startReached = run.ctx.options.startAtTask() == null;
    }

    void run(CompiledBlock root, boolean free) {
        for (HostState h : run.batch) run.cursors.put(h.name(), new HostCursor(root));
        if (free) runFree(); else runLinear();
        if (handlers.forceHandlers()) {
            List<HostState> failed = new ArrayList<>();
            for (HostState h : run.batch) if (h.failed()) failed.add(h);
            if (!failed.isEmpty()) handlers.flush(failed);
        }
    }

    private void runLinear() {
        Map<HostState, CompiledTask> pending = new IdentityHashMap<>();
        while (!run.endPlay && !run.ctx.stopping()) {
            List<HostState> active = active();
            for (HostState h : active) {
                if (!pending.containsKey(h)) {
                    CompiledTask t = run.cursors.get(h.name()).next();
                    if (t != null) pending.put(h, t);
                    else if (run.cursors.get(h.name()).failed()) h.failed(true);
                }
            }
            CompiledTask task = null;
            for (HostState h : active) {
                if (pending.containsKey(h)) { task = pending.get(h); break; }
            }
            if (task == null) break;
            List<HostState> hosts = new ArrayList<>();
            for (HostState h : active) if (pending.get(h) == task) { hosts.add(h); pending.remove(h); }
            dispatch(task, hosts);
            if (run.batch.stream().allMatch(h -> h.failed() || h.unreachable()) && !run.batch.isEmpty()) {
                run.ctx.listener.notice("NO MORE HOSTS LEFT");
                break;
            }
        }
    }

    private void runFree() {
        // hosts advance independently; tasks are dispatched one host at a time, in rounds, so each
        // host moves on as soon as its own previous task is done
        boolean progressed = true;
        while (progressed && !run.endPlay && !run.ctx.stopping()) {
            progressed = false;
            for (HostState h : active()) {
                CompiledTask t = run.cursors.get(h.name()).next();
                if (t == null) {
                    if (run.cursors.get(h.name()).failed()) h.failed(true);
                    continue;
                }
                progressed = true;
                if (EngineActions.bypassesHostLoop(t.action())) {
                    // ansible-core 2.14 stops the run here too (its free strategy raises AnsibleError)
                    throw new playbook.engine.PlaybookException("The '" + t.action() + "' module bypasses the host loop, which is"
                            + " currently not supported in the free strategy and would instead execute for every host in the"
                            + " inventory list. (" + t.location() + "; use strategy: linear for this play)");
                }
                dispatch(t, List.of(h));
            }
        }
    }

    private List<HostState> active() {
        List<HostState> out = new ArrayList<>();
        for (HostState h : run.batch) if (!h.failed() && !h.unreachable() && !ended.containsKey(h)) out.add(h);
        return out;
    }

    private final Map<HostState, Boolean> ended = new IdentityHashMap<>();

    private void dispatch(CompiledTask task, List<HostState> hosts) {
        if (task.action().equals(EngineActions.META)) {
            meta(task, hosts);
            return;
        }
        if (!strategy.tags.selected(task.tags()) && !isGatherFacts(task)) return;
        if (!startReached) {
            String start = run.ctx.options.startAtTask();
            if (!task.name().equals(start) && !task.title().equals(start) && !glob(start, task.name())) return;
            startReached = true;
        }
        if (run.ctx.stepper != null && !isGatherFacts(task) && !run.ctx.stepper.test(task.title())) return;
        strategy.runTask(task, hosts, true);
    }

    private static boolean isGatherFacts(CompiledTask t) {
        return t.action().equals("setup") && "Gathering Facts".equals(t.source().name());
    }

    private static boolean glob(String pattern, String name) {
        if (pattern == null || !pattern.contains("*")) return false;
        return name.matches(java.util.regex.Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
    }

    /**
     * Meta actions, as ansible-core 2.14's linear strategy runs them: flush_handlers, end_host,
     * noop, reset_connection and role_complete per host; the others once, with {@code when}
     * evaluated on the first host only, acting on every host of the batch. noop,
     * refresh_inventory and reset_connection ignore {@code when}, with Ansible's warning.
     */
    private void meta(CompiledTask task, List<HostState> hosts) {
        String action = String.valueOf(task.args().get("_raw_params"));
        boolean implicit = task.source().keywords().containsKey("_implicit");
        if (!implicit && !strategy.tags.selected(task.tags())) return;
        boolean noWhen = action.equals("noop") || action.equals("refresh_inventory") || action.equals("reset_connection");
        if (noWhen && !task.when().isEmpty()) run.ctx.listener.warning(action + " task does not support when conditional");
        boolean perHost = PER_HOST_META.contains(action);
        List<HostState> selected = new ArrayList<>();
        for (HostState h : perHost ? hosts : hosts.subList(0, 1)) {
            try {
                if (noWhen || strategy.executor().when(task, run.vars(h, task))) selected.add(h);
            } catch (TemplateException e) {
                run.ctx.listener.warning("meta " + action + ": " + e.getMessage());
            }
        }
        if (selected.isEmpty()) return;
        switch (action) {
            case "flush_handlers" -> handlers.flush(selected);
            case "end_play" -> run.endPlay = true;
            case "end_batch" -> { for (HostState h : run.batch) ended.put(h, true); }
            case "end_host" -> { for (HostState h : selected) { ended.put(h, true); run.cursors.get(h.name()).end(); } }
            case "clear_facts" -> { for (HostState h : run.batch) h.clearFacts(); }
            case "clear_host_errors" -> { for (HostState h : run.batch) { h.failed(false); run.cursors.get(h.name()).clearFailure(); } }
            case "reset_connection" -> { for (HostState h : selected) run.ctx.connections.reset(h.name()); }
            case "refresh_inventory" -> {
                try {
                    run.ctx.inventory.refresh();
                } catch (playbook.engine.InventoryException e) {
                    throw new playbook.engine.InventoryException("meta: refresh_inventory: " + e.getMessage(), e);
                }
                run.ctx.vars.forgetAll();
            }
            case "noop", "role_complete" -> { }
            default -> run.ctx.listener.warning("unknown meta action: " + action);
        }
    }

    /** Meta actions the linear strategy runs for each host; the rest run once for the batch. */
    private static final java.util.Set<String> PER_HOST_META =
            java.util.Set.of("noop", "reset_connection", "end_host", "role_complete", "flush_handlers");

    /** The strategy named by the play (linear unless free). */
    static boolean isFree(Object strategy, Map<String, Object> vars, playbook.engine.template.Templar t) {
        if (strategy == null) return false;
        return "free".equals(String.valueOf(t.template(strategy, vars)));
    }

}
