package playbook.engine.exec;

import playbook.engine.ConnectionException;
import playbook.engine.ModuleException;
import playbook.engine.PlaybookException;
import playbook.engine.TemplateException;
import playbook.engine.api.Conversions;
import playbook.engine.api.Result;
import playbook.engine.graph.CompiledTask;
import playbook.engine.graph.EngineActions;
import playbook.engine.model.SourceLocation;
import playbook.engine.report.HostResult;
import playbook.engine.report.Status;
import playbook.engine.report.TaskInfo;
import playbook.engine.template.Templar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one task on one host: when, loops, the action (a module or an engine action), then
 * register, facts and notify. Reports each item and the task result to the listener.
 */
final class TaskExecutor {
    private final PlayRun run;
    private final ActionRunner actions;
    private final EngineActionRunner engineActions;

    TaskExecutor(PlayRun run) {
        this.run = run;
        this.actions = new ActionRunner(run);
        this.engineActions = new EngineActionRunner(run);
    }

    TaskOutcome execute(CompiledTask task, HostState hs) {
        TaskInfo info = Strategy.info(task);
        // pause talks to the terminal itself (its prompt, its countdown): no live progress over it
        boolean live = task.module() == null || !task.module().name().equals("pause");
        if (live) run.ctx.listener.hostTaskStart(hs.name(), info);
        try {
            return executeReported(task, hs, info);
        } finally {
            if (live) run.ctx.listener.hostTaskEnd(hs.name(), info);
        }
    }

    private TaskOutcome executeReported(CompiledTask task, HostState hs, TaskInfo info) {
        List<TaskOutcome.Included> included = new ArrayList<>();
        Map<String, Object> vars = null;
        boolean noLog = false;
        boolean ignore = false;
        Map<String, Object> result;
        List<Result.Diff> diffs = new ArrayList<>();
        try {
            vars = run.vars(hs, task);
            noLog = keywordFlag(task, "no_log", vars);
            ignore = keywordFlag(task, "ignore_errors", vars);
            String loopKw = Loops.loopKeyword(task);
            if (loopKw == null) {
                if (!when(task, vars)) {
                    result = skipResult();
                } else {
                    result = runOne(task, hs, vars, included, diffs);
                }
            } else {
                result = runLoop(task, hs, vars, loopKw, included, info, noLog, ignore);
            }
        } catch (ConnectionException e) {
            result = ActionRunner.failedResult(e.getMessage());
            result.remove("failed");
            result.put("unreachable", true);
        } catch (TemplateException e) {
            result = ActionRunner.failedResult(templateMessage(e, task.location()));
        } catch (PlaybookException e) {
            result = ActionRunner.failedResult(e.getMessage());
        }
        Status status = status(result);
        boolean ignoreUnreachable = status == Status.UNREACHABLE && vars != null && keywordFlag(task, "ignore_unreachable", vars);
        boolean ignored = (status == Status.FAILED && ignore) || ignoreUnreachable;
        afterRun(task, hs, vars, result, status);
        // a loop that failed before its first item (a bad loop expression) has no item lines: it prints as one result
        // a successful include prints "included: ..." (include_tasks) or nothing (include_role), see Strategy
        if (Strategy.isInclude(task) && (status == Status.OK || status == Status.CHANGED)) {
            return new TaskOutcome(status, result, ignored, included);
        }
        run.ctx.listener.hostResult(new HostResult(hs.name(), delegatedTo(task, vars), info, status, display(task, result, null),
                null, Loops.loopKeyword(task) != null && result.containsKey("results"), diffs, noLog, ignored));
        return new TaskOutcome(status, result, ignored, included);
    }

    private Map<String, Object> runOne(CompiledTask task, HostState hs, Map<String, Object> vars,
                                       List<TaskOutcome.Included> included, List<Result.Diff> diffs) {
        if (task.module() == null) return engineActions.run(task, hs, vars, included);
        ActionRunner.Outcome o;
        try (TaskTimeout timeout = TaskTimeout.start(timeoutSeconds(task, vars), task.action())) {
            try {
                o = actions.run(task, hs, vars, timeout);
            } catch (PlaybookException e) {
                // a command killed under it may surface as a lost connection: the timeout is the cause
                if (timeout.fired()) return timeout.result();
                throw e;
            }
            if (timeout.fired()) return timeout.result();
        }
        if (o.raw() != null) diffs.addAll(o.raw().diffs());
        if (o.raw() != null) for (String w : o.raw().warnings()) run.ctx.listener.warning(w);
        return o.result();
    }

    private Map<String, Object> runLoop(CompiledTask task, HostState hs, Map<String, Object> vars, String loopKw,
                                        List<TaskOutcome.Included> included, TaskInfo info, boolean noLog, boolean ignore) {
        List<Object> items = Loops.items(loopKw, task.source().keywords().get(loopKw), run.ctx.templar, vars);
        Map<String, Object> control = loopControl(task);
        String loopVar = String.valueOf(control.getOrDefault("loop_var", "item"));
        Object indexVar = control.get("index_var");
        boolean extended = Conversions.toBool(control.getOrDefault("extended", false));
        double pause = Conversions.toDouble(control.getOrDefault("pause", 0));
        List<Object> results = new ArrayList<>();
        boolean anyChanged = false, anyFailed = false, allSkipped = true;
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            Map<String, Object> iv = new HashMap<>(vars);
            if (i > 0 && task.action().equals("set_fact")) iv = new HashMap<>(run.vars(hs, task));  // sees the previous items' facts
            iv.put(loopVar, item);
            iv.put("ansible_loop_var", loopVar);
            if (indexVar != null) { iv.put(String.valueOf(indexVar), (long) i); iv.put("ansible_index_var", indexVar); }
            if (extended) iv.put("ansible_loop", loopInfo(items, i));
            List<Result.Diff> diffs = new ArrayList<>();
            Map<String, Object> r;
            try {
                r = when(task, iv) ? runOne(task, hs, iv, included, diffs) : skipResult();
            } catch (TemplateException e) {
                r = ActionRunner.failedResult(templateMessage(e, task.location()));
            }
            r.put(loopVar, item);
            r.put("ansible_loop_var", loopVar);
            if (indexVar != null) { r.put(String.valueOf(indexVar), (long) i); r.put("ansible_index_var", indexVar); }
            if (extended) r.put("ansible_loop", loopInfo(items, i));
            Object label = control.containsKey("label") ? run.ctx.templar.template(control.get("label"), iv) : item;
            Status s = status(r);
            anyChanged |= s == Status.CHANGED || Boolean.TRUE.equals(r.get("changed"));
            anyFailed |= s == Status.FAILED;
            allSkipped &= s == Status.SKIPPED;
            results.add(r);
            if (task.action().equals("set_fact") && s != Status.FAILED && s != Status.SKIPPED
                    && r.get("ansible_facts") instanceof Map<?, ?> f) {
                f.forEach((k, v) -> hs.setFacts().put(String.valueOf(k), v));  // Ansible applies set_fact item by item
            }
            if (Strategy.isInclude(task) && (s == Status.OK || s == Status.CHANGED)) continue;
            run.ctx.listener.hostResult(new HostResult(hs.name(), delegatedTo(task, vars), info, s,
                    display(task, r, control.containsKey("label") ? label : null), label == null ? "None" : label,
                    false, diffs, noLog, s == Status.FAILED && ignore));
            if (pause > 0 && i < items.size() - 1) sleep(pause);
        }
        Map<String, Object> agg = new LinkedHashMap<>();
        agg.put("changed", anyChanged);
        if (items.isEmpty()) {
            agg.put("skipped", true);
            agg.put("skipped_reason", "No items in the list");
        } else if (anyFailed) {
            agg.put("failed", true);
            agg.put("msg", "One or more items failed");
        } else if (allSkipped) {
            agg.put("skipped", true);
            agg.put("msg", "All items skipped");
        } else {
            agg.put("msg", "All items completed");
        }
        agg.put("results", results);
        return agg;
    }

    /** Register, facts and notifications, once the task's result is known. */
    @SuppressWarnings("unchecked")
    private void afterRun(CompiledTask task, HostState hs, Map<String, Object> vars, Map<String, Object> result, Status status) {
        Object reg = task.source().keywords().get("register");
        // registered output is data, never a template (Ansible's AnsibleUnsafe)
        if (reg != null) hs.setFacts().put(String.valueOf(reg), Templar.unsafe(withoutInternalKeys(result)));
        if (status == Status.FAILED || status == Status.UNREACHABLE || status == Status.SKIPPED) return;
        List<Map<String, Object>> parts = new ArrayList<>();
        if (result.get("results") instanceof List<?> l) {
            for (Object o : l) if (o instanceof Map<?, ?> m) parts.add((Map<String, Object>) m);
        } else {
            parts.add(result);
        }
        HostState factHost = hs;
        if (vars != null && task.keyword("delegate_to") != null && keywordFlag(task, "delegate_facts", vars)) {
            String d = delegatedTo(task, vars);
            java.util.Optional<playbook.engine.inventory.Host> found = run.ctx.inventory.host(d);
            if (found.isPresent()) factHost = run.ctx.state(found.get());
        }
        for (Map<String, Object> p : parts) {
            Object facts = p.get("ansible_facts");
            if (!(facts instanceof Map<?, ?> f) || Boolean.TRUE.equals(p.get("skipped"))) continue;
            if (task.action().equals("set_fact") || task.action().equals(EngineActions.INCLUDE_VARS)) {
                if (task.action().equals("set_fact")) factHost.setFacts().putAll((Map<String, Object>) f);
                if (task.action().equals("set_fact") && Boolean.TRUE.equals(p.get("_ansible_facts_cacheable"))) {
                    factHost.cachedFacts().putAll((Map<String, Object>) f);
                }
            } else {
                factHost.addFacts((Map<String, Object>) f);
            }
        }
        if (Boolean.TRUE.equals(result.get("changed")) && task.source().keywords().get("notify") != null) {
            Object n = run.ctx.templar.template(task.source().keywords().get("notify"), vars);
            if (n instanceof List<?> l) for (Object o : l) hs.notified().add(String.valueOf(o));
            else if (n != null) hs.notified().add(String.valueOf(n));
        }
    }

    /** The result as reporters get it: with Ansible's internal display keys (the action, the item label). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> display(CompiledTask task, Map<String, Object> result, Object label) {
        Map<String, Object> d = new LinkedHashMap<>((Map<String, Object>) Templar.stripUnsafe(result));
        d.put("_ansible_action", task.action());
        if (label != null) d.put("_ansible_item_label", label);
        if (task.source().name() != null && task.source().name().equals("Gathering Facts") && task.action().equals("setup")) {
            d.put("_ansible_verbose_override", true);
        }
        return d;
    }

    /** What register stores: the result without Ansible's internal {@code _ansible_*} keys, in loop results too. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withoutInternalKeys(Map<String, Object> result) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : result.entrySet()) {
            if (e.getKey().startsWith("_ansible_")) continue;
            Object v = e.getValue();
            if (e.getKey().equals("results") && v instanceof List<?> l) {
                List<Object> items = new ArrayList<>();
                for (Object o : l) items.add(o instanceof Map<?, ?> m ? withoutInternalKeys((Map<String, Object>) m) : o);
                v = items;
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    /** The task's {@code timeout:}, else the run's {@code --task-timeout}; 0 for none. */
    private int timeoutSeconds(CompiledTask task, Map<String, Object> vars) {
        Object v = task.keyword("timeout");
        if (v == null) return run.ctx.options.taskTimeout();
        Object t = run.ctx.templar.template(v, vars);
        long n;
        try {
            n = Conversions.toLong(t);
        } catch (RuntimeException e) {
            throw new ModuleException("timeout must be a whole number of seconds, got '" + t + "' (" + task.location() + ")");
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, n));
    }

    boolean when(CompiledTask task, Map<String, Object> vars) {
        if (task.when().isEmpty()) return true;
        return run.ctx.templar.conditional(task.when(), vars);
    }

    private boolean keywordFlag(CompiledTask task, String key, Map<String, Object> vars) {
        Object v = task.keyword(key);
        return v != null && Conversions.toBool(run.ctx.templar.template(v, vars));
    }

    private String delegatedTo(CompiledTask task, Map<String, Object> vars) {
        Object d = task.keyword("delegate_to");
        if (d == null || vars == null) return null;
        try {
            return String.valueOf(run.ctx.templar.template(d, vars));
        } catch (TemplateException e) {
            return String.valueOf(d);
        }
    }

    private Map<String, Object> loopControl(CompiledTask task) {
        Object lc = task.source().keywords().get("loop_control");
        Map<String, Object> out = new HashMap<>();
        if (lc instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static Map<String, Object> loopInfo(List<Object> items, int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = items.size();
        m.put("allitems", items);
        m.put("index", (long) i + 1);
        m.put("index0", (long) i);
        m.put("revindex", (long) (n - i));
        m.put("revindex0", (long) (n - i - 1));
        m.put("first", i == 0);
        m.put("last", i == n - 1);
        m.put("length", (long) n);
        if (i > 0) m.put("previtem", items.get(i - 1));
        if (i < n - 1) m.put("nextitem", items.get(i + 1));
        return m;
    }

    static Map<String, Object> skipResult() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changed", false);
        m.put("skip_reason", "Conditional result was False");
        m.put("skipped", true);
        return m;
    }

    static Status status(Map<String, Object> r) {
        if (Boolean.TRUE.equals(r.get("unreachable"))) return Status.UNREACHABLE;
        if (Boolean.TRUE.equals(r.get("failed"))) return Status.FAILED;
        if (Boolean.TRUE.equals(r.get("skipped"))) return Status.SKIPPED;
        if (Boolean.TRUE.equals(r.get("changed"))) return Status.CHANGED;
        return Status.OK;
    }

    static String templateMessage(TemplateException e, SourceLocation where) {
        String m = e.getMessage();
        String lead = m.startsWith("The conditional check") || m.startsWith("Invalid data passed")
                ? m : "The task includes an option with an undefined variable. The error was: " + m;
        return lead + "\n\nThe error appears to be in '" + where.file() + "': line " + where.line() + ", column " + where.column();
    }

    private static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
