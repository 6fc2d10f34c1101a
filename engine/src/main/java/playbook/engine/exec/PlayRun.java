package playbook.engine.exec;

import playbook.engine.graph.CompiledPlay;
import playbook.engine.graph.CompiledTask;
import playbook.engine.template.Templar;
import playbook.engine.vars.VarLayers;
import playbook.engine.vars.VarsManager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One play (one serial batch of it) in progress: its hosts, their cursors, and its handlers. */
final class PlayRun {
    final RunContext ctx;
    final CompiledPlay play;
    final VarLayers layers;
    final List<HostState> playHosts;
    final List<HostState> batch;
    final List<CompiledTask> handlers;
    final Map<String, HostCursor> cursors = new ConcurrentHashMap<>();
    final Map<String, Map<String, Object>> factCaches = new ConcurrentHashMap<>();
    /** Handler to the hosts that notified it and have not run it yet (identity: handlers are compiled once). */
    final Map<CompiledTask, java.util.Set<String>> notifiedHandlers = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    volatile boolean endPlay;
    /** max_fail_percentage was exceeded: no further batch or play runs. */
    volatile boolean breakPlaybook;

    /** Every host the play's pattern matched, including hosts that failed in earlier plays (ansible_play_hosts_all). */
    final List<HostState> patternHosts;
    /** Fixed for the play, so computed once here rather than per task and host. */
    private final List<String> patternHostNames;
    /** The hosts hostvars knows, recomputed when add_host or group_by changed the inventory. */
    private volatile HostNames inventoryHosts;

    private record HostNames(long generation, List<String> names, java.util.Set<String> set) {}

    PlayRun(RunContext ctx, CompiledPlay play, VarLayers layers, List<HostState> patternHosts, List<HostState> playHosts,
            List<HostState> batch) {
        this.patternHosts = patternHosts;
        List<String> names = new ArrayList<>();
        for (HostState h : patternHosts) names.add(h.name());
        this.patternHostNames = java.util.Collections.unmodifiableList(names);
        this.ctx = ctx;
        this.inventoryHosts = hostNames();
        this.play = play;
        this.layers = layers;
        this.playHosts = playHosts;
        this.batch = batch;
        this.handlers = new java.util.concurrent.CopyOnWriteArrayList<>(play.handlers());
    }

    private HostNames hostNames() {
        long generation = ctx.inventory.generation();
        java.util.Set<String> inventory = new java.util.LinkedHashSet<>(ctx.inventory.groupsMap().getOrDefault("all", List.of()));
        inventory.addAll(patternHostNames);
        return new HostNames(generation, List.copyOf(inventory), java.util.Set.copyOf(inventory));
    }

    /** Hosts of the play still running (not failed, not unreachable). */
    List<String> activeHostNames() {
        List<String> out = new ArrayList<>();
        for (HostState h : playHosts) if (!h.failed() && !h.unreachable()) out.add(h.name());
        return out;
    }

    /** All variables a task sees on a host; {@code task} may be null for play-level values. */
    Map<String, Object> vars(HostState hs, CompiledTask task) {
        return ctx.vars.taskVars(hs, layers, task, magic(hs, task));
    }

    private Map<String, Object> magic(HostState hs, CompiledTask task) {
        Map<String, Object> m = new HashMap<>(32);
        String name = hs.name();
        m.put("inventory_hostname", name);
        int dot = name.indexOf('.');
        m.put("inventory_hostname_short", dot > 0 ? name.substring(0, dot) : name);
        m.put("groups", ctx.inventory.groupsMap());
        m.put("group_names", ctx.inventory.groupNames(hs.host()));
        List<String> batchNames = new ArrayList<>();
        for (HostState h : batch) if (!h.failed() && !h.unreachable()) batchNames.add(h.name());
        m.put("ansible_play_hosts_all", patternHostNames);
        m.put("ansible_play_hosts", activeHostNames());
        m.put("ansible_play_batch", batchNames);
        m.put("play_hosts", batchNames);
        m.put("ansible_play_name", play.play().name());
        // inside an imported playbook, playbook_dir is that file's directory (as in Ansible)
        m.put("playbook_dir", (play.play().baseDir() != null ? play.play().baseDir() : ctx.playbookDir).toString());
        m.put("ansible_check_mode", ctx.options.check());
        m.put("ansible_diff_mode", ctx.options.diff());
        m.put("ansible_verbosity", (long) ctx.options.verbosity());
        m.put("ansible_forks", (long) ctx.options.forks());
        m.put("ansible_run_tags", new ArrayList<>(ctx.options.tags()));
        m.put("ansible_skip_tags", new ArrayList<>(ctx.options.skipTags()));
        m.put("ansible_version", Map.of("full", "2.14.18", "major", 2L, "minor", 14L, "revision", 18L, "string", "2.14.18"));
        m.put("omit", Templar.OMIT);
        m.put("ansible_playbook_python", "/usr/bin/python3"); // accepted for inventories that set ansible_python_interpreter; never run
        HostNames known = inventoryHosts;
        if (known.generation() != ctx.inventory.generation()) inventoryHosts = known = hostNames();
        m.put("hostvars", VarsManager.hostvars(known.names(), known.set(), h -> hostLevelVars(h)));
        if (task != null && task.role() != null) {
            m.put("role_name", task.role().name());
            m.put("role_path", task.role().path().toString());
            m.put("ansible_role_name", task.role().name());
        }
        return m;
    }

    private Map<String, Object> hostLevelVars(String host) {
        HostState hs = ctx.stateOrNull(host);
        if (hs == null) {
            java.util.Optional<playbook.engine.inventory.Host> found = ctx.inventory.host(host);
            if (found.isEmpty()) return null;
            hs = ctx.state(found.get());
        }
        Map<String, Object> v = ctx.vars.taskVars(hs, layers, null, Map.of());
        v.put("inventory_hostname", hs.name());
        v.put("group_names", ctx.inventory.groupNames(hs.host()));
        return v;
    }
}
