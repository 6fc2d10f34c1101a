package playbook.engine.exec;

import playbook.engine.api.Conversions;
import playbook.engine.graph.CompiledTask;
import playbook.engine.graph.EngineActions;
import playbook.engine.report.Status;
import playbook.engine.report.TaskInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Runs a task on a set of hosts in parallel (bounded by forks and throttle) and applies
 * Ansible's result rules: stats, rescue/always through each host's cursor, includes,
 * run_once, any_errors_fatal and max_fail_percentage. Linear and free strategies both use it.
 */
final class Strategy {
    private final PlayRun run;
    private final TaskExecutor executor;
    private final ExecutorService pool;
    final TagFilter tags;

    Strategy(PlayRun run, ExecutorService pool) {
        this.run = run;
        this.executor = new TaskExecutor(run);
        this.pool = pool;
        this.tags = new TagFilter(run.ctx.options.tags(), run.ctx.options.skipTags());
    }

    /** Modules that run once for the whole batch, as Ansible's BYPASS_HOST_LOOP (engine actions say so themselves). */
    private static final java.util.Set<String> BYPASS_HOST_LOOP = java.util.Set.of("pause");

    static TaskInfo info(CompiledTask t) {
        return new TaskInfo(t.name(), t.role() == null ? null : t.role().name(), t.location(), t.handler());
    }

    TaskExecutor executor() { return executor; }

    /** Runs one task on these hosts and updates their state. Returns the hosts that failed hard. */
    List<HostState> runTask(CompiledTask task, List<HostState> hosts, boolean banner) {
        if (banner) run.ctx.listener.taskStart(info(task));
        // add_host and pause bypass the host loop (Ansible's BYPASS_HOST_LOOP): they run once, on the
        // first host, which alone keeps the result; run_once shares it with every host
        boolean bypass = EngineActions.bypassesHostLoop(task.action()) || BYPASS_HOST_LOOP.contains(task.action());
        boolean runOnce = bypass || flag(task, "run_once", hosts.get(0));
        List<HostState> targets = runOnce ? List.of(hosts.get(0)) : hosts;
        Map<HostState, TaskOutcome> outcomes = execute(task, targets);
        List<HostState> failed = new ArrayList<>();
        if (runOnce) {
            // Ansible: the result is shared with every host, but only the host that ran it is counted
            HostState first = hosts.get(0);
            TaskOutcome once = outcomes.get(first);
            if (once == null) return failed;
            Object reg = task.source().keywords().get("register");
            boolean delegateFacts = task.keyword("delegate_facts") != null && flag(task, "delegate_facts", first);
            for (HostState h : bypass ? List.<HostState>of() : hosts.subList(1, hosts.size())) {
                if (reg != null) h.setFacts().put(String.valueOf(reg),
                        playbook.engine.template.Templar.unsafe(TaskExecutor.withoutInternalKeys(once.result())));
                if ("set_fact".equals(task.action()) && !delegateFacts && once.result().get("ansible_facts") instanceof Map<?, ?> f) {
                    f.forEach((k, v) -> h.setFacts().put(String.valueOf(k), v));
                }
            }
            if (apply(task, first, once)) {
                failed.add(first);
                for (HostState h : hosts.subList(1, hosts.size())) {
                    HostCursor c = run.cursors.get(h.name());
                    if (c != null) { c.fail(); peekFailure(h, c); } else h.failed(true);
                    failed.add(h);
                }
            } else if (!once.included().isEmpty()) {
                for (HostState h : hosts.subList(1, hosts.size())) {
                    HostCursor c = run.cursors.get(h.name());
                    for (int i = once.included().size() - 1; i >= 0 && c != null; i--) c.insert(once.included().get(i).block());
                }
            }
        } else {
            for (HostState h : hosts) {
                TaskOutcome o = outcomes.get(h);
                if (o != null && apply(task, h, o)) failed.add(h);
            }
        }
        reportIncludes(hosts, outcomes);
        if (!failed.isEmpty()) afterFailures(task, hosts, failed);
        return failed;
    }

    private Map<HostState, TaskOutcome> execute(CompiledTask task, List<HostState> hosts) {
        Map<HostState, TaskOutcome> out = new LinkedHashMap<>();
        if (hosts.size() == 1) {
            out.put(hosts.get(0), executor.execute(task, hosts.get(0)));
            return out;
        }
        Object th = task.keyword("throttle");
        int throttle = th == null ? 0 : (int) Conversions.toLong(th);
        Semaphore limit = new Semaphore(throttle > 0 ? throttle : Integer.MAX_VALUE);
        Map<HostState, Future<TaskOutcome>> futures = new LinkedHashMap<>();
        for (HostState h : hosts) {
            futures.put(h, pool.submit(() -> {
                limit.acquireUninterruptibly();
                try {
                    return executor.execute(task, h);
                } finally {
                    limit.release();
                }
            }));
        }
        for (Map.Entry<HostState, Future<TaskOutcome>> e : futures.entrySet()) {
            try {
                out.put(e.getKey(), e.getValue().get());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                run.ctx.interrupted.set(true);
            } catch (java.util.concurrent.ExecutionException ex) {
                Throwable c = ex.getCause();
                out.put(e.getKey(), new TaskOutcome(Status.FAILED, ActionRunner.failedResult("internal error: " + c), false, List.of()));
            }
        }
        return out;
    }

    /** Applies one host's outcome to stats and cursor; true when it failed hard. */
    private boolean apply(CompiledTask task, HostState h, TaskOutcome o) {
        Stats stats = run.ctx.stats;
        HostCursor cursor = run.cursors.get(h.name());
        String name = h.name();
        switch (o.status()) {
            case FAILED -> {
                if (o.ignored()) {
                    stats.ok(name, o.changed());
                    stats.ignored(name);
                    return false;
                }
                if (cursor != null && cursor.wouldRescue()) {
                    stats.rescued(name);
                    Map<String, Object> failedTask = new LinkedHashMap<>();
                    failedTask.put("name", task.name());
                    failedTask.put("action", task.action());
                    h.setFacts().put("ansible_failed_task", failedTask);
                    h.setFacts().put("ansible_failed_result",
                            playbook.engine.template.Templar.unsafe(TaskExecutor.withoutInternalKeys(o.result())));
                } else {
                    stats.failed(name);
                }
                if (cursor != null) {
                    cursor.fail();
                    peekFailure(h, cursor);
                } else {
                    h.failed(true);
                }
                return true;
            }
            case UNREACHABLE -> {
                if (o.ignored()) {
                    stats.ok(name, false);
                    stats.ignored(name);
                    return false;
                }
                stats.unreachable(name);
                h.unreachable(true);
                if (cursor != null) cursor.end();
                return false;
            }
            case SKIPPED -> stats.skipped(name);
            default -> {
                // Ansible counts each file an include_tasks brings in as ok, and include_role not at all
                if (task.action().equals("include_tasks")) {
                    for (TaskOutcome.Included inc : o.included()) stats.ok(name, false);
                } else if (!isInclude(task)) {
                    stats.ok(name, o.changed());
                }
            }
        }
        if (cursor != null && !o.included().isEmpty()) {
            for (int i = o.included().size() - 1; i >= 0; i--) cursor.insert(o.included().get(i).block());
        }
        return false;
    }

    /** "included: FILE for h1, h2": one line per file and item, hosts grouped, as Ansible prints them. */
    private void reportIncludes(List<HostState> hosts, Map<HostState, TaskOutcome> outcomes) {
        Map<List<Object>, List<String>> groups = new LinkedHashMap<>();
        for (HostState h : hosts) {
            TaskOutcome o = outcomes.get(h);
            if (o == null) continue;
            for (TaskOutcome.Included inc : o.included()) {
                if (inc.file() == null) continue;
                groups.computeIfAbsent(java.util.Arrays.asList(inc.file(), inc.item()), k -> new ArrayList<>()).add(h.name());
            }
        }
        groups.forEach((key, names) -> run.ctx.listener.included(String.valueOf(key.get(0)), names, key.get(1)));
    }

    /** A failure at the top level fails the host now, so it leaves the play at once. */
    private static void peekFailure(HostState h, HostCursor cursor) {
        if (cursor.failed()) h.failed(true);
    }

    private void afterFailures(CompiledTask task, List<HostState> hosts, List<HostState> failed) {
        boolean fatal = flag(task, "any_errors_fatal", failed.get(0))
                || Conversions.toBool(run.play.play().keywords().getOrDefault("any_errors_fatal", false));
        if (fatal) {
            for (HostState h : run.batch) {
                if (h.failed() || h.unreachable() || failed.contains(h)) continue;
                HostCursor c = run.cursors.get(h.name());
                if (c != null) { c.fail(); peekFailure(h, c); }
            }
        }
        Object pct = run.play.play().keywords().get("max_fail_percentage");
        if (pct != null) {
            long failedCount = run.batch.stream().filter(h -> h.failed() || h.unreachable() || failed.contains(h)).count();
            double percent = 100.0 * failedCount / run.batch.size();
            if (percent > Conversions.toDouble(pct)) {
                run.endPlay = true;
                run.breakPlaybook = true;  // Ansible stops the whole run (RUN_FAILED_BREAK_PLAY)
            }
        }
    }

    static boolean isInclude(CompiledTask t) {
        return t.action().equals("include_tasks") || t.action().equals("include_role");
    }

    private boolean flag(CompiledTask task, String key, HostState h) {
        Object v = task.keyword(key);
        if (v == null) return false;
        if (v instanceof Boolean b) return b;
        return Conversions.toBool(run.ctx.templar.template(v, run.vars(h, task)));
    }
}
