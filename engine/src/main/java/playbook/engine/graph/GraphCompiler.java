package playbook.engine.graph;

import playbook.engine.ModuleException;
import playbook.engine.ParseException;
import playbook.engine.api.ArgSpec;
import playbook.engine.model.Block;
import playbook.engine.model.Play;
import playbook.engine.model.Role;
import playbook.engine.model.RoleRef;
import playbook.engine.model.SourceLocation;
import playbook.engine.model.Task;
import playbook.engine.model.TaskItem;
import playbook.engine.parse.PlaybookParser;
import playbook.engine.template.Templar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles plays into immutable task graphs before any host is contacted: resolves every
 * action, splits free-form arguments, checks argument names against each module's ArgSpec,
 * expands static imports and roles, and folds inherited keywords into each task.
 * Dynamic includes are compiled later, per host, through {@link #compileIncludeTasks} and
 * {@link #compileIncludeRole}.
 */
public final class GraphCompiler {
    private final ModuleRegistry registry;
    private final PlaybookParser parser;
    private final List<Path> rolesPath;
    private final Templar templar;

    /** The directory of the playbook being run: include_role looks for roles in its roles/ wherever the include is. */
    private final Path playbookDir;

    public GraphCompiler(ModuleRegistry registry, PlaybookParser parser, List<Path> rolesPath, Templar templar) {
        this(registry, parser, rolesPath, templar, null);
    }

    public GraphCompiler(ModuleRegistry registry, PlaybookParser parser, List<Path> rolesPath, Templar templar, Path playbookDir) {
        this.playbookDir = playbookDir;
        this.registry = registry;
        this.parser = parser;
        this.rolesPath = rolesPath;
        this.templar = templar;
    }

    /** Compiles a play; {@code staticVars} (play vars and extra vars) render import file names. */
    /** Roles compiled so far in the play being compiled: a dependency with the same params runs once per play. */
    private Set<String> playRolesSeen = new HashSet<>();

    public synchronized CompiledPlay compile(Play play, Map<String, Object> staticVars) {
        // play vars are their own precedence level (below vars_files), not block vars
        Map<String, Object> playKeywords = new LinkedHashMap<>(play.keywords());
        playKeywords.remove("vars");
        Scope playScope = Scope.root(play.baseDir()).child(playKeywords, false);
        List<CompiledTask> handlers = new ArrayList<>();
        Set<String> rolesSeen = new HashSet<>();
        playRolesSeen = new HashSet<>();
        CompiledBlock pre = CompiledBlock.of(items(play.preTasks(), playScope, handlers, staticVars), play.location());
        List<Node> main = new ArrayList<>();
        for (RoleRef ref : play.roles()) main.addAll(role(ref, playScope, handlers, staticVars, rolesSeen, play.baseDir()));
        main.addAll(items(play.tasks(), playScope, handlers, staticVars));
        CompiledBlock post = CompiledBlock.of(items(play.postTasks(), playScope, handlers, staticVars), play.location());
        Scope handlerScope = playScope.asHandler();
        for (Node n : items(play.handlers(), handlerScope, handlers, staticVars)) flattenHandlers(n, handlers);
        return new CompiledPlay(play, pre, CompiledBlock.of(main, play.location()), post, List.copyOf(handlers));
    }

    /** The tasks an include_tasks brings in for one host; {@code file} is already rendered. */
    public CompiledBlock compileIncludeTasks(CompiledTask include, String file, Map<String, Object> params,
                                            List<CompiledTask> handlersOut, Map<String, Object> vars) {
        Path path = resolveTaskFile(include, file);
        Scope s = scopeOf(include).withIncludeParams(params).withBaseDir(path.getParent());
        Object apply = include.args().get("apply");
        if (apply instanceof Map<?, ?> m) s = s.child(stringMap(m), false);
        List<Node> nodes = items(parser.parseTasks(path, s.handler()), s, handlersOut, vars);
        return CompiledBlock.of(nodes, include.location());
    }

    /** The tasks (and handlers, added to {@code handlersOut}) an include_role brings in. */
    public CompiledBlock compileIncludeRole(CompiledTask include, Map<String, Object> args, Map<String, Object> params,
                                           List<CompiledTask> handlersOut, Map<String, Object> vars) {
        Scope s = scopeOf(include).withIncludeParams(params);
        Object apply = args.get("apply");
        if (apply instanceof Map<?, ?> m) s = s.child(stringMap(m), false);
        return CompiledBlock.of(roleTasks(String.valueOf(args.get("name")), args, Map.of(), s, handlersOut, vars,
                include.location(), playbookDir != null ? playbookDir : include.baseDir()), include.location());
    }

    /** The file an include_tasks names, resolved as {@link #compileIncludeTasks} resolves it. */
    public Path resolveIncludePath(CompiledTask include, String file) {
        return resolveTaskFile(include, file);
    }

    private Scope scopeOf(CompiledTask t) {
        // keywords on an include apply to the include itself, not to what it includes (Ansible);
        // tags inherited from the play and blocks around it still apply
        Set<String> inherited = new java.util.LinkedHashSet<>(t.tags());
        inherited.removeAll(Scope.tagList(t.source().keywords().get("tags")));
        Scope s = new Scope(Map.of(), List.of(), Set.copyOf(inherited), t.vars(), t.includeParams(), t.role(), t.baseDir(),
                t.handler());
        Object vars = t.source().keywords().get("vars");
        return vars instanceof Map<?, ?> m ? s.withIncludeParams(stringMap(m)) : s;
    }

    private List<Node> items(List<TaskItem> items, Scope scope, List<CompiledTask> handlers, Map<String, Object> vars) {
        List<Node> out = new ArrayList<>();
        if (items == null) return out;
        for (TaskItem item : items) {
            if (item instanceof Block b) {
                Scope bs = scope.child(b.keywords(), false);
                out.add(new CompiledBlock(b.name(), items(b.block(), bs, handlers, vars), items(b.rescue(), bs, handlers, vars),
                        items(b.always(), bs, handlers, vars), b.location()));
            } else {
                out.add(task((Task) item, scope, handlers, vars));
            }
        }
        return out;
    }

    private Node task(Task t, Scope scope, List<CompiledTask> handlers, Map<String, Object> vars) {
        String action = ModuleRegistry.shortName(t.module());
        ArgSpec spec = registry.spec(action);
        if (spec == null) {
            throw new ParseException(t.location() + ": couldn't resolve module/action '" + t.module() + "'"
                    + playbook.engine.api.Suggestions.hint(action, registry.names()));
        }
        Map<String, Object> args = FreeForm.merge(t, spec);
        try {
            spec.checkNames(action, args);
        } catch (ModuleException e) {
            throw new ParseException(t.location() + ": task '" + t.displayName() + "': " + e.getMessage());
        }
        if (action.equals(EngineActions.IMPORT_TASKS)) {
            Scope s = scope.child(t.keywords(), false);
            String file = render(args.get("file"), vars, t);
            Path path = resolve(s, file, t);
            return CompiledBlock.of(items(parser.parseTasks(path, s.handler()), s.withBaseDir(path.getParent()), handlers, vars),
                    t.location());
        }
        if (action.equals(EngineActions.IMPORT_ROLE)) {
            Scope s = scope.child(t.keywords(), false);
            Map<String, Object> a = new LinkedHashMap<>(args);
            a.replaceAll((k, v) -> v instanceof String str ? render(str, vars, t) : v);
            return CompiledBlock.of(roleTasks(String.valueOf(a.get("name")), a, Map.of(), s, handlers, vars, t.location(),
                    scope.baseDir()), t.location());
        }
        Scope ts = scope.child(t.keywords(), true);
        return new CompiledTask(t, action, registry.module(action), java.util.Collections.unmodifiableMap(args), ts.keywords(), ts.when(), ts.tags(),
                ts.vars(), ts.includeParams(), ts.role(), ts.handler(), ts.baseDir());
    }


    private List<Node> role(RoleRef ref, Scope playScope, List<CompiledTask> handlers, Map<String, Object> vars,
                            Set<String> seen, Path playbookDir) {
        String key = ref.name() + ref.params();
        if (!seen.add(key)) return List.of();
        Scope s = playScope.child(ref.keywords(), false);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("name", ref.name());
        return roleTasks(ref.name(), args, ref.params(), s, handlers, vars, ref.location(), playbookDir, playRolesSeen);
    }

    private List<Node> roleTasks(String name, Map<String, Object> args, Map<String, Object> params, Scope scope,
                                 List<CompiledTask> handlers, Map<String, Object> vars, SourceLocation where, Path playbookDir) {
        return roleTasks(name, args, params, scope, handlers, vars, where, playbookDir, playRolesSeen);
    }

    /** {@code seen}: roles already compiled with the same params; a dependency runs once unless its params differ. */
    private List<Node> roleTasks(String name, Map<String, Object> args, Map<String, Object> params, Scope scope,
                                 List<CompiledTask> handlers, Map<String, Object> vars, SourceLocation where, Path playbookDir,
                                 Set<String> seen) {
        Role role = parser.loadRole(name, playbookDir, rolesPath, where);
        Map<String, Object> defaults = new LinkedHashMap<>(role.defaults());
        Map<String, Object> roleVars = new LinkedHashMap<>(role.vars());
        String defaultsFrom = str(args.get("defaults_from"), "main");
        String varsFrom = str(args.get("vars_from"), "main");
        if (!defaultsFrom.equals("main")) defaults.putAll(loadVarsFile(role.path().resolve("defaults"), defaultsFrom, where));
        if (!varsFrom.equals("main")) roleVars.putAll(loadVarsFile(role.path().resolve("vars"), varsFrom, where));
        RoleContext ctx = new RoleContext(role.name(), role.path(), defaults, roleVars, params, scope.role());
        List<Node> out = new ArrayList<>();
        for (RoleRef dep : role.dependencies()) {
            if (!seen.add(dep.name() + dep.params() + dep.keywords().get("vars"))) continue;
            Scope ds = scope.child(dep.keywords(), false);
            Map<String, Object> depArgs = new LinkedHashMap<>();
            depArgs.put("name", dep.name());
            out.addAll(roleTasks(dep.name(), depArgs, dep.params(), ds, handlers, vars, dep.location(), playbookDir, seen));
        }
        Scope rs = scope.withRole(ctx);
        String tasksFrom = str(args.get("tasks_from"), "main");
        List<TaskItem> tasks = tasksFrom.equals("main") ? role.tasks()
                : parser.parseTasks(taskFile(role.path().resolve("tasks"), tasksFrom, where));
        out.addAll(items(tasks, rs, handlers, vars));
        String handlersFrom = str(args.get("handlers_from"), "main");
        List<TaskItem> hs = handlersFrom.equals("main") ? role.handlers()
                : parser.parseTasks(taskFile(role.path().resolve("handlers"), handlersFrom, where), true);
        for (Node n : items(hs, rs.withBaseDir(role.path().resolve("handlers")).asHandler(), handlers, vars)) flattenHandlers(n, handlers);
        return out;
    }

    private Map<String, Object> loadVarsFile(Path dir, String name, SourceLocation where) {
        Object v = new playbook.engine.parse.YamlLoader(w -> {}).load(taskFile(dir, name, where));
        return v instanceof Map<?, ?> m ? stringMap(m) : Map.of();
    }

    private static Path taskFile(Path dir, String name, SourceLocation where) {
        for (String ext : new String[]{"", ".yml", ".yaml", ".json"}) {
            Path p = dir.resolve(name + ext);
            if (Files.isRegularFile(p)) return p;
        }
        throw new ParseException(where + ": file '" + name + "' not found in " + dir);
    }

    private static void flattenHandlers(Node n, List<CompiledTask> out) {
        if (n instanceof CompiledTask t) out.add(t);
        else if (n instanceof CompiledBlock b) {
            for (Node c : b.block()) flattenHandlers(c, out);
            for (Node c : b.rescue()) flattenHandlers(c, out);
            for (Node c : b.always()) flattenHandlers(c, out);
        }
    }

    private Path resolveTaskFile(CompiledTask include, String file) {
        return resolve(new Scope(Map.of(), List.of(), Set.of(), List.of(), Map.of(), include.role(), include.baseDir(), false),
                file, include.source());
    }

    private static Path resolve(Scope s, String file, Task t) {
        Path p = Path.of(file);
        if (p.isAbsolute()) return existing(p, t);
        List<Path> candidates = new ArrayList<>();
        if (s.role() != null) candidates.add(s.role().path().resolve("tasks").resolve(file));
        if (s.baseDir() != null) candidates.add(s.baseDir().resolve(file));
        if (s.role() != null) candidates.add(s.role().path().resolve(file));
        for (Path c : candidates) if (Files.isRegularFile(c)) return c.normalize();
        throw new ParseException(t.location() + ": could not find or access '" + file + "'; searched: " + candidates);
    }

    private static Path existing(Path p, Task t) {
        if (!Files.isRegularFile(p)) throw new ParseException(t.location() + ": could not find or access '" + p + "'");
        return p;
    }

    private String render(Object v, Map<String, Object> vars, Task t) {
        if (v == null) throw new ParseException(t.location() + ": task '" + t.displayName() + "' needs a file name");
        if (!Templar.isTemplate(v)) return String.valueOf(v);
        try {
            return String.valueOf(templar.template(v, vars));
        } catch (playbook.engine.TemplateException e) {
            throw new ParseException(t.location() + ": static import '" + v + "' can only use play vars and extra vars: "
                    + e.getMessage() + " (use include_tasks for per-host file names)");
        }
    }

    private static String str(Object o, String dflt) {
        return o == null ? dflt : String.valueOf(o);
    }

    static Map<String, Object> stringMap(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((a, b) -> out.put(String.valueOf(a), b));
        return out;
    }
}
