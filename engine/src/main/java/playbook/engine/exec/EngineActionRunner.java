package playbook.engine.exec;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.Args;
import playbook.engine.graph.CompiledBlock;
import playbook.engine.graph.CompiledTask;
import playbook.engine.graph.EngineActions;
import playbook.engine.inventory.HostAddress;
import playbook.engine.template.Templar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The actions the engine runs itself: include_tasks and include_role (which add tasks to the
 * host's cursor), include_vars (which sets variables on the host), add_host and group_by (which
 * change the inventory) and wait_for_connection (which reconnects to the host).
 */
final class EngineActionRunner {
    private final PlayRun run;
    /** Includes with the same file and arguments share compiled tasks, so hosts stay in lockstep. */
    private final Map<String, CompiledBlock> includeCache = new ConcurrentHashMap<>();

    EngineActionRunner(PlayRun run) {
        this.run = run;
    }

    Map<String, Object> run(CompiledTask task, HostState hs, Map<String, Object> vars, List<TaskOutcome.Included> included) {
        Templar templar = run.ctx.templar;
        ArgSpec spec = EngineActions.spec(task.action());
        Map<String, Object> rendered = new LinkedHashMap<>();
        task.args().forEach((k, v) -> {
            if (k.equals("apply")) rendered.put(k, v);
            else rendered.put(k, templar.template(v, vars));
        });
        Args args;
        try {
            args = spec.validate(task.action(), rendered);
        } catch (ModuleException e) {
            return ActionRunner.failedResult(e.getMessage());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("changed", false);
        switch (task.action()) {
            case EngineActions.INCLUDE_TASKS -> {
                String file = args.str("file");
                Map<String, Object> params = loopParams(vars);
                String key = System.identityHashCode(task) + "@" + task.location() + "|" + file + "|" + params;
                CompiledBlock block = includeCache.computeIfAbsent(key, k -> run.ctx.compiler.compileIncludeTasks(task, file,
                        params, run.handlers, vars));
                Object loopVar = vars.get("ansible_loop_var");
                Object item = loopVar == null ? null : vars.get(String.valueOf(loopVar));
                included.add(new TaskOutcome.Included(block, run.ctx.compiler.resolveIncludePath(task, file).toString(), item));
                result.put("include", file);
            }
            case EngineActions.INCLUDE_ROLE -> {
                Map<String, Object> params = loopParams(vars);
                String key = System.identityHashCode(task) + "@" + task.location() + "|" + rendered + "|" + params;
                CompiledBlock block = includeCache.computeIfAbsent(key, k -> run.ctx.compiler.compileIncludeRole(task,
                        args.asMap(), params, run.handlers, vars));
                included.add(new TaskOutcome.Included(block, null, null));
                result.put("include_role", args.str("name"));
            }
            case EngineActions.INCLUDE_VARS -> includeVars(task, hs, args, result);
            case EngineActions.ADD_HOST -> addHost(args, result);
            case EngineActions.GROUP_BY -> groupBy(hs, args, result);
            case EngineActions.WAIT_FOR_CONNECTION -> {
                return waitForConnection(task, hs, vars, args);
            }
            default -> throw new ModuleException("'" + task.action() + "' cannot run here");
        }
        return result;
    }

    /** As in Ansible, only these stay out of add_host's host vars ({@code host} and {@code group} become vars too). */
    private static final Set<String> ADD_HOST_OWN_KEYS = Set.of("name", "hostname", "groupname", "groups");

    /** add_host: Ansible's action plugin and inventory update in one; changed when the inventory changed. */
    private void addHost(Args args, Map<String, Object> result) {
        Map<String, Object> all = args.asMap();
        String given = firstString(all, "name", "hostname", "host");
        String name = given;
        Map<String, Object> hostVars = new LinkedHashMap<>();
        all.forEach((k, v) -> { if (!ADD_HOST_OWN_KEYS.contains(k) && v != null) hostVars.put(k, v); });
        java.util.Optional<HostAddress> address = HostAddress.parse(given);
        if (address.isPresent() && address.get().port() != null) {
            name = address.get().host();
            hostVars.put("ansible_ssh_port", address.get().port().longValue());
        }
        List<String> groups = new ArrayList<>();
        Object g = all.get("groupname") != null ? all.get("groupname") : all.get("groups") != null ? all.get("groups") : all.get("group");
        if (g instanceof List<?> l) {
            for (Object o : l) addGroupName(groups, String.valueOf(o));
        } else if (g instanceof String str) {
            for (String part : str.split(",")) addGroupName(groups, part);
        } else if (g != null) {
            throw new ModuleException("add_host: groups must be a list or a comma-separated string, got: " + g);
        }
        boolean changed = run.ctx.inventory.addHost(name, groups, hostVars);
        if (changed) run.ctx.vars.forget(List.of(name));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("groups", groups);
        info.put("host_name", name);
        info.put("host_vars", hostVars);
        result.put("add_host", info);
        result.put("changed", changed);
        result.put("failed", false);
    }

    private static void addGroupName(List<String> groups, String name) {
        String n = name.strip();
        if (!n.isEmpty() && !groups.contains(n)) groups.add(n);
    }

    private static String firstString(Map<String, Object> args, String... keys) {
        for (String k : keys) if (args.get(k) != null) return String.valueOf(args.get(k));
        throw new ModuleException("add_host: name, host or hostname needs to be provided");
    }

    /** group_by: the host joins the group named by key (spaces become dashes), under parents (default all). */
    private void groupBy(HostState hs, Args args, Map<String, Object> result) {
        String group = args.str("key").replace(' ', '-');
        if (group.isEmpty()) throw new ModuleException("group_by: the key is empty on " + hs.name());
        List<String> parents = new ArrayList<>();
        for (String p : args.has("parents") ? args.strList("parents") : List.of("all")) parents.add(p.replace(' ', '-'));
        boolean changed = run.ctx.inventory.addToGroup(hs.host(), group, parents);
        if (changed) {
            List<String> affected = new ArrayList<>(run.ctx.inventory.groupsMap().getOrDefault(group, List.of()));
            affected.add(hs.name());
            run.ctx.vars.forget(affected);
        }
        result.put("add_group", group);
        result.put("parent_groups", parents);
        result.put("changed", changed);
        result.put("failed", false);
    }

    /** wait_for_connection: skipped in check mode, as in Ansible. */
    private Map<String, Object> waitForConnection(CompiledTask task, HostState hs, Map<String, Object> vars, Args args) {
        Templar t = run.ctx.templar;
        Object checkKw = task.keyword("check_mode");
        boolean check = checkKw == null ? run.ctx.options.check() : playbook.engine.api.Conversions.toBool(t.template(checkKw, vars));
        if (check) {
            Map<String, Object> skipped = new LinkedHashMap<>();
            skipped.put("changed", false);
            skipped.put("failed", false);
            skipped.put("skipped", true);
            return skipped;
        }
        Object type = vars.get("ansible_connection");
        if (type == null) type = task.keyword("connection");
        String connType = type == null ? "ssh" : String.valueOf(t.template(type, vars));
        ConnectionWaiter.Settings settings = new ConnectionWaiter.Settings(args.integer("delay"), args.integer("sleep"),
                args.integer("timeout"), args.integer("connect_timeout"));
        return new ConnectionWaiter(run.ctx.connections, playbook.engine.api.WaitClock.SYSTEM).await(hs.name(), connType, vars, settings);
    }

    /** The loop variables of an include inside a loop: the included tasks see them as include params. */
    private static Map<String, Object> loopParams(Map<String, Object> vars) {
        Object loopVar = vars.get("ansible_loop_var");
        if (loopVar == null) return Map.of();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(String.valueOf(loopVar), vars.get(String.valueOf(loopVar)));
        p.put("ansible_loop_var", loopVar);
        Object indexVar = vars.get("ansible_index_var");
        if (indexVar != null) { p.put(String.valueOf(indexVar), vars.get(String.valueOf(indexVar))); p.put("ansible_index_var", indexVar); }
        if (vars.containsKey("ansible_loop")) p.put("ansible_loop", vars.get("ansible_loop"));
        return p;
    }

    @SuppressWarnings("unchecked")
    private void includeVars(CompiledTask task, HostState hs, Args args, Map<String, Object> result) {
        List<Path> files = new ArrayList<>();
        if (args.has("file")) {
            files.add(find(task, args.str("file"), false));
        } else if (args.has("dir")) {
            Path dir = find(task, args.str("dir"), true);
            List<String> exts = args.has("extensions") ? args.strList("extensions") : List.of("yaml", "yml", "json");
            try (Stream<Path> s = Files.walk(dir, args.integer("depth") == 0 ? Integer.MAX_VALUE : args.integer("depth").intValue())) {
                s.filter(Files::isRegularFile)
                        .filter(p -> exts.stream().anyMatch(e -> p.getFileName().toString().endsWith("." + e)))
                        .filter(p -> !args.has("files_matching") || p.getFileName().toString().matches(args.str("files_matching")))
                        .filter(p -> !args.strList("ignore_files").contains(p.getFileName().toString()))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                throw new ModuleException("include_vars: can't read " + dir + ": " + e.getMessage());
            }
        } else {
            throw new ModuleException("include_vars needs a file or dir");
        }
        Map<String, Object> loaded = new LinkedHashMap<>();
        for (Path f : files) {
            Object v = run.ctx.yaml.load(f);
            if (v == null) continue;
            if (!(v instanceof Map<?, ?> m)) throw new ModuleException(f + " must be a dictionary of variables, got: " + v);
            loaded.putAll((Map<String, Object>) m);
        }
        Map<String, Object> facts = args.has("name") ? Map.of(args.str("name"), loaded) : loaded;
        hs.includeVars().putAll(facts);
        result.put("ansible_facts", new LinkedHashMap<>(facts));
        result.put("ansible_included_var_files", files.stream().map(Path::toString).toList());
    }

    private Path find(CompiledTask task, String name, boolean dir) {
        Path p = Path.of(name);
        List<Path> candidates = new ArrayList<>();
        if (p.isAbsolute()) candidates.add(p);
        else {
            if (task.role() != null) candidates.add(task.role().path().resolve("vars").resolve(name));
            if (task.baseDir() != null) {
                candidates.add(task.baseDir().resolve("vars").resolve(name));
                candidates.add(task.baseDir().resolve(name));
            }
            candidates.add(run.ctx.playbookDir.resolve("vars").resolve(name));
            candidates.add(run.ctx.playbookDir.resolve(name));
        }
        for (Path c : candidates) if (dir ? Files.isDirectory(c) : Files.isRegularFile(c)) return c;
        throw new ModuleException("Could not find or access '" + name + "'. Searched in: " + candidates);
    }
}
