package playbook.engine.parse;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import playbook.engine.ParseException;
import playbook.engine.model.Role;
import playbook.engine.model.RoleRef;
import playbook.engine.model.SourceLocation;
import playbook.engine.model.TaskItem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Role references ({@code roles:} entries and meta dependencies) and role directories: the
 * search path, tasks/handlers/defaults/vars/meta main files.
 */
final class RoleLoader {
    private static final List<String> MAIN_NAMES = List.of("main.yml", "main.yaml", "main.json", "main");

    private final NodeReader reader;
    private final TaskParser tasks;

    RoleLoader(NodeReader reader, TaskParser tasks) {
        this.reader = reader;
        this.tasks = tasks;
    }

    /** A {@code roles:} list (or a meta {@code dependencies:} list). */
    List<RoleRef> parseRefs(Node node, String file, String section) {
        List<RoleRef> refs = new ArrayList<>();
        if (NodeReader.isNull(node)) return refs;
        if (!(node instanceof SequenceNode seq)) {
            throw new ParseException(NodeReader.at(node, file) + ": '" + section + "' must be a list of roles, got "
                    + reader.describe(node, file) + ". Write it as:\n  " + section + ":\n    - common\n"
                    + "    - role: web\n      when: web_enabled");
        }
        for (Node item : seq.getValue()) refs.add(parseRef(item, file));
        return refs;
    }

    RoleRef parseRef(Node node, String file) {
        SourceLocation where = NodeReader.at(node, file);
        if (!(node instanceof MappingNode map)) {
            Object v = reader.value(node, file);
            if (v instanceof String s && !s.isBlank()) return new RoleRef(s.strip(), Map.of(), Map.of(), where);
            throw new ParseException(where + ": a role reference must be a role name or a mapping with 'role:',"
                    + " got " + reader.describe(node, file));
        }
        String name = null;
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Object> keywords = new LinkedHashMap<>();
        for (NodeReader.Entry e : reader.entries(map, file)) {
            String key = e.key();
            if (key.equals("role") || (key.equals("name") && name == null)) {
                if (!(reader.value(e.value(), file) instanceof String s) || s.isBlank()) {
                    throw new ParseException(e.location() + ": '" + key + "' of a role reference must be the role's"
                            + " name or path, got " + reader.describe(e.value(), file));
                }
                name = s.strip();
            } else if (key.equals("name")) {
                continue;   // role: wins over name:, as in Ansible
            } else if (key.equals("vars")) {
                keywords.put("vars", reader.vars(e.value(), file, "role"));
            } else if (Keywords.ROLE_REF.contains(key)) {
                keywords.put(key, reader.value(e.value(), file));
            } else {
                params.put(key, reader.value(e.value(), file));
            }
        }
        if (name == null) {
            throw new ParseException(where + ": this role reference has no role name; add 'role: <name>'"
                    + " (or write the entry as just the role's name).");
        }
        return new RoleRef(name, params, keywords, where);
    }

    /**
     * Loads a role directory.
     *
     * @param from where the role was referenced, for the not-found error (may be null)
     * @param roleBasedir the directory holding the role that depends on this one (null for a play's role)
     */
    Role load(String name, Path playbookDir, List<Path> rolesPath, SourceLocation from, Path roleBasedir) {
        Path dir = find(name, playbookDir, rolesPath, roleBasedir);
        if (dir == null) {
            List<String> searched = new ArrayList<>();
            for (Path p : searchPath(playbookDir, rolesPath, roleBasedir)) searched.add(p.toString());
            throw new ParseException((from != null ? from + ": " : "") + "the role '" + name + "' was not found in: "
                    + String.join(":", searched) + ". Check the name, or set roles_path (ANSIBLE_ROLES_PATH) to the"
                    + " directory that holds it.");
        }
        String roleName = isPlainName(name) ? name : dir.getFileName().toString();
        List<TaskItem> roleTasks = taskFile(dir.resolve("tasks"), false);
        List<TaskItem> handlers = taskFile(dir.resolve("handlers"), true);
        Map<String, Object> defaults = varsFile(dir.resolve("defaults"));
        Map<String, Object> vars = varsFile(dir.resolve("vars"));
        List<RoleRef> deps = dependencies(dir, playbookDir, rolesPath);
        return new Role(roleName, dir, roleTasks, handlers, defaults, vars, deps);
    }

    /** The role directory, searched as Ansible 2.14 does; null when not found. */
    Path find(String name, Path playbookDir, List<Path> rolesPath, Path roleBasedir) {
        for (Path base : searchPath(playbookDir, rolesPath, roleBasedir)) {
            Path p = base.resolve(name).normalize();
            if (Files.isDirectory(p)) return p;
        }
        Path asPath = Path.of(name).toAbsolutePath().normalize();
        return Files.isDirectory(asPath) ? asPath : null;
    }

    private static List<Path> searchPath(Path playbookDir, List<Path> rolesPath, Path roleBasedir) {
        List<Path> out = new ArrayList<>();
        out.add(playbookDir.resolve("roles"));
        if (rolesPath != null) out.addAll(rolesPath);
        if (roleBasedir != null) out.add(roleBasedir);
        out.add(playbookDir);
        return out;
    }

    private static boolean isPlainName(String name) {
        return !name.contains("/") && !name.contains("\\");
    }

    /** meta/main dependencies, each resolved now so a missing one is reported at its line. */
    private List<RoleRef> dependencies(Path dir, Path playbookDir, List<Path> rolesPath) {
        Path meta = mainFile(dir.resolve("meta"));
        if (meta == null) return List.of();
        Node doc = reader.document(meta);
        String file = meta.toString();
        if (NodeReader.isNull(doc)) return List.of();
        if (!(doc instanceof MappingNode map)) {
            throw new ParseException(NodeReader.at(doc, file) + ": a role's meta/main must be a mapping (with"
                    + " 'dependencies:', 'galaxy_info:', ...), got " + reader.describe(doc, file));
        }
        List<RoleRef> deps = new ArrayList<>();
        for (NodeReader.Entry e : reader.entries(map, file)) {
            if (e.key().equals("dependencies")) {
                deps = parseRefs(e.value(), file, "dependencies");
            } else if (!Keywords.ROLE_META.contains(e.key())) {
                reader.warn(e.location(), "unknown key '" + e.key() + "' in role meta; it is ignored"
                        + Hints.didYouMean(e.key(), Keywords.ROLE_META));
            }
        }
        Path parent = dir.getParent();
        List<RoleRef> resolved = new ArrayList<>();
        for (RoleRef dep : deps) {
            if (dep.name().contains("{{")) { resolved.add(dep); continue; }
            Path found = find(dep.name(), playbookDir, rolesPath, parent);
            if (found == null) load(dep.name(), playbookDir, rolesPath, dep.location(), parent);   // throws not-found
            Path usual = find(dep.name(), playbookDir, rolesPath, null);
            // found only next to the depending role: pass the path on so the compiler finds it too
            resolved.add(found.equals(usual) ? dep
                    : new RoleRef(found.toString(), dep.params(), dep.keywords(), dep.location()));
        }
        return resolved;
    }

    private List<TaskItem> taskFile(Path dir, boolean handlers) {
        Path f = mainFile(dir);
        if (f == null) return List.of();
        Node doc = reader.document(f);
        return tasks.parseList(doc, f.toString(), handlers, handlers ? "handlers" : "tasks");
    }

    /** defaults/main or vars/main: a file, or a directory main/ whose files are merged in name order. */
    private Map<String, Object> varsFile(Path dir) {
        Map<String, Object> out = new LinkedHashMap<>();
        Path mainDir = dir.resolve("main");
        if (Files.isDirectory(mainDir)) {
            try (Stream<Path> files = Files.list(mainDir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) out.putAll(varsOf(f));
            } catch (IOException e) {
                throw new ParseException(mainDir + ": cannot list: " + e.getMessage());
            }
            return out;
        }
        Path f = mainFile(dir);
        return f == null ? out : varsOf(f);
    }

    private Map<String, Object> varsOf(Path f) {
        Node doc = reader.document(f);
        if (NodeReader.isNull(doc)) return new LinkedHashMap<>();
        if (!(doc instanceof MappingNode)) {
            throw new ParseException(NodeReader.at(doc, f.toString()) + ": a vars file must be a mapping of"
                    + " variable names to values, got " + reader.describe(doc, f.toString()));
        }
        return reader.vars(doc, f.toString(), "vars file");
    }

    private static Path mainFile(Path dir) {
        for (String n : MAIN_NAMES) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }
}
