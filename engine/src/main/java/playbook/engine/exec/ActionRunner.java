package playbook.engine.exec;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.Args;
import playbook.engine.api.Conversions;
import playbook.engine.api.HostConnection;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.engine.connection.Connection;
import playbook.engine.graph.CompiledTask;
import playbook.engine.inventory.Host;
import playbook.engine.template.Templar;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one module invocation for one host (one loop item): renders the arguments, validates
 * them against the ArgSpec, builds the Target (become, environment, check, diff, delegation),
 * calls the module, and applies until/retries, changed_when and failed_when.
 */
final class ActionRunner {
    /** The controller's fact cache key: never an inventory name, so a remote "localhost" keeps its own. */
    private static final String CONTROLLER_FACTS = "//controller";
    private final PlayRun run;

    ActionRunner(PlayRun run) {
        this.run = run;
    }

    /** The result dictionary plus the module's diffs and facts. */
    record Outcome(Map<String, Object> result, Result raw) {}

    Outcome run(CompiledTask task, HostState hs, Map<String, Object> vars) {
        return run(task, hs, vars, TaskTimeout.NONE);
    }

    /** As {@link #run(CompiledTask, HostState, Map)}, with the task's commands under {@code timeout}'s watch. */
    Outcome run(CompiledTask task, HostState hs, Map<String, Object> vars, TaskTimeout timeout) {
        Templar templar = run.ctx.templar;
        Module module = task.module();
        ArgSpec spec = module.spec();
        java.util.Set<String> unsafeKeys = new java.util.HashSet<>();
        Map<String, Object> rendered = renderArgs(task, spec, vars, unsafeKeys);
        Args args;
        try {
            args = spec.validate(task.action(), rendered);
        } catch (ModuleException e) {
            return new Outcome(failedResult(e.getMessage()), null);
        }
        boolean check = flag(task, "check_mode", vars, run.ctx.options.check());
        boolean diff = flag(task, "diff", vars, run.ctx.options.diff());
        String delegate = delegateHost(task, vars);
        Map<String, Object> connVars = delegate == null ? vars : delegateVars(delegate, vars);
        String connHost = delegate == null ? hs.name() : delegate;
        Connection conn = timeout.watch(run.ctx.connections.get(connHost, connectionType(task, connVars), connVars), connHost);
        Map<String, Object> taskVarsForEval = vars;
        java.util.function.Function<String, Object> evaluator = expr -> templar.evaluate(expr, taskVarsForEval);
        java.util.function.Predicate<String> conditional = expr -> templar.conditional(expr, taskVarsForEval);
        java.util.function.Function<String, String> renderer = text -> templar.renderFile(text, taskVarsForEval);
        List<Path> searchDirs = searchDirs(task);
        // the controller as a target, for action plugins that run locally (synchronize): no become, no environment
        java.util.function.Supplier<Target> controller = () -> new HostTarget("localhost",
                run.ctx.connections.get("localhost", "local", Map.of()), Become.NONE, Map.of(), check, diff,
                evaluator, conditional, renderer, searchDirs, run.ctx.listener, task.name(),
                run.factCaches.computeIfAbsent(CONTROLLER_FACTS, k -> new java.util.concurrent.ConcurrentHashMap<>()),
                false, null, null);
        HostTarget target = new HostTarget(connHost, conn, become(task, connVars), environment(task, vars), check, diff,
                evaluator, conditional, renderer, searchDirs, run.ctx.listener, task.name(),
                run.factCaches.computeIfAbsent(connHost, k -> new java.util.concurrent.ConcurrentHashMap<>()),
                delegate != null, () -> inventoryHost(task, hs.name(), vars), controller, live(task, module, hs.name(), delegate));

        int retries = task.source().keywords().containsKey("until")
                ? (int) Conversions.toLong(templar.template(task.source().keywords().getOrDefault("retries", 3L), vars)) : 0;
        long delay = task.source().keywords().containsKey("until")
                ? Conversions.toLong(templar.template(task.source().keywords().getOrDefault("delay", 5L), vars)) : 0;
        int attempt = 0;
        while (true) {
            attempt++;
            Result r;
            try {
                r = module.run(args, target);
            } catch (ModuleException e) {
                r = Result.failed(e.getMessage());
            }
            // set_fact values that came from lookups or registered output stay data, never templates
            if (!unsafeKeys.isEmpty()) r.facts().replaceAll((k, v) -> unsafeKeys.contains(k) ? Templar.unsafe(v) : v);
            Map<String, Object> result = toMap(r);
            applyConditions(task, vars, result);
            Object until = task.source().keywords().get("until");
            if (until == null) return new Outcome(result, r);
            Map<String, Object> uv = withRegistered(task, vars, result);
            boolean done = templar.conditional(until, uv);
            result.put("attempts", (long) attempt);
            if (done || attempt > retries) {
                if (!done) {
                    result.put("failed", true);
                    result.putIfAbsent("msg", "Retries exhausted");
                }
                return new Outcome(result, r);
            }
            run.ctx.listener.retry(hs.name(), Strategy.info(task), retries - attempt + 1);
            sleep(delay);
        }
    }

    /** Modules whose commands are the user's own: -v shows their output lines as they come. */
    private static final java.util.Set<String> STREAMED = java.util.Set.of("command", "shell", "raw", "script");

    /** Transfer progress for every task; with -v, the output lines of command-like modules as "host | line" (host as in "pi -> mac"). */
    private HostTarget.Live live(CompiledTask task, Module module, String host, String delegate) {
        playbook.engine.connection.TransferListener transfers = run.ctx.options.connection().transfers();
        boolean observed = resultObserved(task);
        if (run.ctx.options.verbosity() < 1 || !STREAMED.contains(module.name())) return new HostTarget.Live(transfers, null, observed);
        String label = delegate == null ? host : host + " -> " + delegate;
        return new HostTarget.Live(transfers, (line, stderr) -> run.ctx.listener.output(label, line, stderr), observed);
    }

    /** The task's result can be seen: registered, tested by changed_when/failed_when/until, or shown by a listener. */
    private boolean resultObserved(CompiledTask task) {
        Map<String, Object> k = task.source().keywords();
        return k.containsKey("register") || k.containsKey("changed_when") || k.containsKey("failed_when")
                || k.containsKey("until") || run.ctx.listener.showsResultValues();
    }

    static Map<String, Object> toMap(Result r) {
        Map<String, Object> m = new LinkedHashMap<>(r.values());
        if (r.msg() != null) m.put("msg", r.msg());
        m.put("changed", r.isChanged());
        m.put("failed", r.isFailed());  // Ansible's registered results always carry it
        if (r.isSkipped()) m.put("skipped", true);
        if (!r.facts().isEmpty()) m.put("ansible_facts", new LinkedHashMap<>(r.facts()));
        if (!r.warnings().isEmpty()) m.put("warnings", new ArrayList<>(r.warnings()));
        return m;
    }

    static Map<String, Object> failedResult(String msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("changed", false);
        m.put("failed", true);
        m.put("msg", msg);
        return m;
    }

    private Map<String, Object> renderArgs(CompiledTask task, ArgSpec spec, Map<String, Object> vars, java.util.Set<String> unsafeKeys) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean setFact = task.action().equals("set_fact");
        for (Map.Entry<String, Object> e : task.args().entrySet()) {
            Object v;
            if (!spec.isTemplated(e.getKey())) {
                v = e.getValue();
            } else if (setFact) {
                v = run.ctx.templar.templateKeepingUnsafe(e.getValue(), vars);
                if (v instanceof playbook.engine.template.Unsafe) unsafeKeys.add(e.getKey());
                v = Templar.stripUnsafe(v);
            } else {
                v = run.ctx.templar.template(e.getValue(), vars);
            }
            if (Templar.OMIT.equals(v)) continue;
            out.put(e.getKey(), stripOmit(v));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object stripOmit(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<Object, Object>) m).forEach((k, x) -> { if (!Templar.OMIT.equals(x)) out.put(String.valueOf(k), stripOmit(x)); });
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) if (!Templar.OMIT.equals(x)) out.add(stripOmit(x));
            return out;
        }
        return v;
    }

    private void applyConditions(CompiledTask task, Map<String, Object> vars, Map<String, Object> result) {
        Map<String, Object> kw = task.source().keywords();
        if (!kw.containsKey("changed_when") && !kw.containsKey("failed_when")) return;
        Map<String, Object> v = withRegistered(task, vars, result);
        if (kw.containsKey("changed_when")) {
            result.put("changed", run.ctx.templar.conditional(kw.get("changed_when"), v));
        }
        if (kw.containsKey("failed_when")) {
            boolean f = run.ctx.templar.conditional(kw.get("failed_when"), v);
            result.put("failed_when_result", f);
            if (f) result.put("failed", true);
            else result.remove("failed");
        }
    }

    static Map<String, Object> withRegistered(CompiledTask task, Map<String, Object> vars, Map<String, Object> result) {
        Object reg = task.source().keywords().get("register");
        if (reg == null) return vars;
        Map<String, Object> v = new HashMap<>(vars);
        v.put(String.valueOf(reg), result);
        return v;
    }

    private boolean flag(CompiledTask task, String key, Map<String, Object> vars, boolean dflt) {
        Object v = task.keyword(key);
        if (v == null) return dflt;
        return Conversions.toBool(run.ctx.templar.template(v, vars));
    }

    private String delegateHost(CompiledTask task, Map<String, Object> vars) {
        Object d = task.keyword("delegate_to");
        if (d == null) return null;
        return String.valueOf(run.ctx.templar.template(d, vars));
    }

    /** Connection variables come from the delegated host; everything else stays the task host's. */
    private Map<String, Object> delegateVars(String delegate, Map<String, Object> vars) {
        java.util.Optional<Host> found = run.ctx.inventory.host(delegate);
        Map<String, Object> v = new HashMap<>(vars);
        v.keySet().removeIf(k -> k.startsWith("ansible_connection") || k.startsWith("ansible_host")
                || k.startsWith("ansible_port") || k.startsWith("ansible_user") || k.startsWith("ansible_become"));
        if (found.isPresent()) v.putAll(run.ctx.vars.inventoryVars(found.get()));
        else if (delegate.equals("localhost") || delegate.equals("127.0.0.1")) v.put("ansible_connection", "local");
        return v;
    }

    /**
     * The task's own host as the inventory and the run's options describe it (Ansible's
     * hostvars[inventory_hostname], not the delegated host's): for modules whose own ssh client
     * connects to it. {@code vars} are the task host's variables, before any delegation.
     */
    private HostConnection inventoryHost(CompiledTask task, String name, Map<String, Object> vars) {
        playbook.engine.connection.ConnectionOptions o = run.ctx.options.connection();
        String address = var(vars, "ansible_host", "ansible_ssh_host");
        String port = var(vars, "ansible_port", "ansible_ssh_port");
        String user = var(vars, "ansible_user", "ansible_ssh_user");
        String key = var(vars, "ansible_ssh_private_key_file", "ansible_private_key_file");
        StringBuilder sshArgs = new StringBuilder(o.sshArgs().strip());
        for (String k : List.of("ansible_ssh_common_args", "ansible_ssh_extra_args")) {
            String a = var(vars, k);
            if (a != null) sshArgs.append(sshArgs.length() == 0 ? "" : " ").append(a.strip());
        }
        Integer p = null;
        if (port != null) {
            try {
                p = Integer.valueOf(port.strip());
            } catch (NumberFormatException e) {
                throw new ModuleException("ansible_port of " + name + " is not a port number: " + port);
            }
        }
        Become b = become(task, vars);
        return new HostConnection(name, connectionType(task, vars), address == null ? name : address, p,
                user != null ? user : o.remoteUser(), key != null ? key : o.privateKeyFile(), sshArgs.toString(),
                o.sshConfigFile() == null ? null : o.sshConfigFile().toString(), o.hostKeyChecking(),
                b.enabled() ? b.effectiveMethod() : null, b.enabled() ? b.effectiveUser() : null);
    }

    /** The first of these variables that is set and not blank, templated; null when none is. */
    private String var(Map<String, Object> vars, String... names) {
        for (String n : names) {
            Object v = vars.get(n);
            if (v == null) continue;
            String s = Conversions.toStr(run.ctx.templar.template(v, vars));
            if (s != null && !s.isBlank()) return s;
        }
        return null;
    }

    private String connectionType(CompiledTask task, Map<String, Object> vars) {
        Object c = vars.get("ansible_connection");
        if (c == null) c = task.keyword("connection");
        if (c == null) c = "ssh";
        return String.valueOf(run.ctx.templar.template(c, vars));
    }

    private Become become(CompiledTask task, Map<String, Object> vars) {
        Templar t = run.ctx.templar;
        Object enabled = vars.containsKey("ansible_become") ? vars.get("ansible_become") : task.keyword("become");
        if (enabled == null) enabled = run.ctx.options.become();
        if (!Conversions.toBool(t.template(enabled, vars))) return Become.NONE;
        Object user = vars.containsKey("ansible_become_user") ? vars.get("ansible_become_user") : task.keyword("become_user");
        Object method = vars.containsKey("ansible_become_method") ? vars.get("ansible_become_method") : task.keyword("become_method");
        Object flags = vars.containsKey("ansible_become_flags") ? vars.get("ansible_become_flags") : task.keyword("become_flags");
        String u = user == null ? run.ctx.options.becomeUser() : String.valueOf(t.template(user, vars));
        String m = method == null ? run.ctx.options.becomeMethod() : String.valueOf(t.template(method, vars));
        if ("root".equals(u) && "root".equals(System.getProperty("user.name")) && "local".equals(connectionType(task, vars))) {
            return Become.NONE;
        }
        return new Become(true, m, u, flags == null ? null : String.valueOf(t.template(flags, vars)));
    }

    private Map<String, String> environment(CompiledTask task, Map<String, Object> vars) {
        Object env = task.keyword("environment");
        if (env == null) return Map.of();
        Object r = run.ctx.templar.template(env, vars);
        Map<String, String> out = new LinkedHashMap<>();
        if (r instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(String.valueOf(k), Conversions.toStr(v)));
        else if (r instanceof List<?> l) {
            for (Object o : l) if (o instanceof Map<?, ?> m) m.forEach((k, v) -> out.put(String.valueOf(k), Conversions.toStr(v)));
        }
        return out;
    }

    private List<Path> searchDirs(CompiledTask task) {
        List<Path> dirs = new ArrayList<>();
        if (task.role() != null) dirs.add(task.role().path());
        if (task.baseDir() != null) dirs.add(task.baseDir());
        dirs.add(run.ctx.playbookDir);
        return dirs;
    }

    private static void sleep(long seconds) {
        if (seconds <= 0) return;
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
