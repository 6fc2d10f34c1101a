package playbook.engine.parse;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import playbook.engine.ParseException;
import playbook.engine.model.Play;
import playbook.engine.model.Playbook;
import playbook.engine.model.Role;
import playbook.engine.model.RoleRef;
import playbook.engine.model.SourceLocation;
import playbook.engine.model.TaskItem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads playbooks, task files and roles into the model, with Ansible 2.14's rules. Every error
 * is a {@link ParseException} whose message starts with {@code file:line:col:}; warnings go to
 * the consumer in the same form. {@code import_playbook} is expanded here, in place:
 * the imported plays get the import's {@code vars} (the import's win), its {@code tags} (added),
 * and its {@code when} (kept in the play's keywords as a list under {@code when}, outermost
 * import first, for the compiler to apply to every task of the play).
 */
public final class PlaybookParser {
    private static final Set<String> IMPORT_PLAYBOOK_KEYS =
            Set.of("import_playbook", "ansible.builtin.import_playbook", "ansible.legacy.import_playbook");

    private final NodeReader reader;
    private final TaskParser tasks;
    private final RoleLoader roles;
    private final PlayParser plays;

    /**
     * @param isAction true for every module or engine action name the registry knows, FQCN included
     * @param warnings receives "file:line:col: message" warnings
     */
    public PlaybookParser(Predicate<String> isAction, Consumer<String> warnings) {
        this(isAction, KnownActions.filter(isAction), warnings);
    }

    /**
     * @param actionNames the action names to suggest for a misspelt module ("did you mean 'copy'?")
     */
    public PlaybookParser(Predicate<String> isAction, Collection<String> actionNames, Consumer<String> warnings) {
        this.reader = new NodeReader(warnings);
        this.tasks = new TaskParser(reader, isAction, List.copyOf(new LinkedHashSet<>(actionNames)));
        this.roles = new RoleLoader(reader, tasks);
        this.plays = new PlayParser(reader, tasks, roles, isAction);
    }

    /** Parses a playbook and expands import_playbook. */
    public Playbook parse(Path file) {
        List<Play> out = new ArrayList<>();
        readPlaybook(file, out, new ArrayDeque<>());
        return new Playbook(file, out);
    }

    /** Parses a task file (import_tasks / include_tasks / role tasks). */
    public List<TaskItem> parseTasks(Path file) {
        return parseTasks(file, false);
    }

    /** Parses a task file; with {@code handlers} the tasks may use {@code listen} (a handler file). */
    public List<TaskItem> parseTasks(Path file, boolean handlers) {
        Node doc = reader.document(file);
        return tasks.parseList(doc, file.toString(), handlers, handlers ? "handlers" : "tasks");
    }

    /** Loads a role by name from roles_path, the playbook's roles/ directory, or a path. */
    public Role loadRole(String name, Path playbookDir, List<Path> rolesPath) {
        return roles.load(name, playbookDir, rolesPath, null, null);
    }

    /** As {@link #loadRole(String, Path, List)}; a missing role is reported at {@code from}. */
    public Role loadRole(String name, Path playbookDir, List<Path> rolesPath, SourceLocation from) {
        return roles.load(name, playbookDir, rolesPath, from, null);
    }

    /** Loads the role a {@link RoleRef} names; a missing role is reported at the reference. */
    public Role loadRole(RoleRef ref, Path playbookDir, List<Path> rolesPath) {
        return roles.load(ref.name(), playbookDir, rolesPath, ref.location(), null);
    }

    private void readPlaybook(Path file, List<Play> out, Deque<Path> importing) {
        Path real = file.toAbsolutePath().normalize();
        if (importing.contains(real)) {
            StringBuilder chain = new StringBuilder();
            for (Path p : importing) chain.append(p.getFileName()).append(" -> ");
            throw new ParseException(file + ": import_playbook cycle: " + chain + file.getFileName()
                    + ". Remove one of the imports.");
        }
        importing.addLast(real);
        String label = file.toString();
        Node doc = reader.document(file);
        if (NodeReader.isNull(doc)) {
            throw new ParseException(label + ": empty playbook, nothing to do. A playbook is a list of plays, e.g.\n"
                    + "- hosts: all\n  tasks:\n    - ping:");
        }
        if (!(doc instanceof SequenceNode seq)) {
            throw new ParseException(NodeReader.at(doc, label) + ": a playbook must be a list of plays, got "
                    + reader.describe(doc, label) + ". Start each play with '- ', e.g. '- hosts: all'.");
        }
        if (seq.getValue().isEmpty()) {
            throw new ParseException(NodeReader.at(doc, label) + ": a playbook must contain at least one play.");
        }
        Path baseDir = real.getParent();
        for (Node entry : seq.getValue()) {
            if (!(entry instanceof MappingNode map)) {
                throw new ParseException(NodeReader.at(entry, label) + ": playbook entries must be plays (with"
                        + " 'hosts:') or 'import_playbook' statements, got " + reader.describe(entry, label) + ".");
            }
            List<NodeReader.Entry> entries = reader.entries(map, label);
            if (entries.stream().anyMatch(e -> IMPORT_PLAYBOOK_KEYS.contains(e.key()))) {
                importPlaybook(entries, label, baseDir, out, importing);
            } else {
                out.add(plays.parse(map, label, baseDir));
            }
        }
        importing.removeLast();
    }

    private void importPlaybook(List<NodeReader.Entry> entries, String label, Path baseDir, List<Play> out,
                                Deque<Path> importing) {
        NodeReader.Entry target = null;
        Map<String, Object> vars = Map.of();
        Object tags = null, when = null;
        for (NodeReader.Entry e : entries) {
            String key = e.key();
            if (IMPORT_PLAYBOOK_KEYS.contains(key)) target = e;
            else if (key.equals("vars")) vars = reader.vars(e.value(), label, "import_playbook");
            else if (key.equals("tags")) tags = reader.value(e.value(), label);
            else if (key.equals("when")) when = reader.value(e.value(), label);
            else if (Keywords.IMPORT_PLAYBOOK.contains(key)) {
                reader.warn(e.location(), "'" + key + "' on import_playbook has no effect (only vars, tags and when"
                        + " apply to the imported plays); set it in the imported playbook's plays instead");
            } else {
                throw new ParseException(e.location() + ": '" + key + "' is not a valid keyword for import_playbook"
                        + Hints.didYouMean(key, Keywords.IMPORT_PLAYBOOK) + ". It accepts vars, tags and when.");
            }
        }
        Path file = importTarget(target, label, baseDir);
        List<Play> imported = new ArrayList<>();
        readPlaybook(file, imported, importing);
        for (Play p : imported) out.add(applyImport(p, vars, tags, when));
    }

    private Path importTarget(NodeReader.Entry target, String label, Path baseDir) {
        Object v = reader.value(target.value(), label);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new ParseException(target.location() + ": import_playbook needs the path of a playbook file, got "
                    + reader.describe(target.value(), label) + ". Write e.g. 'import_playbook: site.yml'.");
        }
        String name;
        try {
            name = FreeFormArgs.splitArgs(s.strip()).get(0).strip();
        } catch (ParseException e) {
            throw new ParseException(target.location() + ": " + e.getMessage(), e);
        }
        if (name.contains("{{")) {
            throw new ParseException(target.location() + ": import_playbook '" + name + "' is templated; playbooks are"
                    + " imported before any variable is known, so write a literal path.");
        }
        Path file = baseDir.resolve(name).normalize();
        if (!Files.isRegularFile(file)) {
            throw new ParseException(target.location() + ": import_playbook: cannot find '" + name + "' (looked for "
                    + file + "). The path is relative to the directory of the importing playbook.");
        }
        return file;
    }

    @SuppressWarnings("unchecked")
    private static Play applyImport(Play p, Map<String, Object> vars, Object tags, Object when) {
        Map<String, Object> kw = new LinkedHashMap<>(p.keywords());
        if (!vars.isEmpty()) {
            Map<String, Object> merged = new LinkedHashMap<>();
            if (kw.get("vars") instanceof Map<?, ?> m) merged.putAll((Map<String, Object>) m);
            merged.putAll(vars);
            kw.put("vars", merged);
        }
        if (tags != null) {
            List<Object> all = new ArrayList<>(tagList(kw.get("tags")));
            for (Object t : tagList(tags)) if (!all.contains(t)) all.add(t);
            kw.put("tags", all);
        }
        if (when != null) {
            List<Object> all = new ArrayList<>(asList(when));
            all.addAll(asList(kw.get("when")));
            kw.put("when", all);
        }
        return new Play(p.name(), kw, p.preTasks(), p.roles(), p.tasks(), p.postTasks(), p.handlers(),
                p.location(), p.baseDir());
    }

    private static List<?> asList(Object v) {
        if (v == null) return List.of();
        return v instanceof List<?> l ? l : List.of(v);
    }

    /** Tags as Ansible reads them: a list, or a comma-separated string. */
    private static List<?> tagList(Object v) {
        if (v instanceof String s && s.contains(",")) {
            List<Object> out = new ArrayList<>();
            for (String t : s.split(",")) if (!t.isBlank()) out.add(t.strip());
            return out;
        }
        return asList(v);
    }
}
