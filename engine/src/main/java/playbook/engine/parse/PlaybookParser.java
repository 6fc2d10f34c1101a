package playbook.engine.parse;

import playbook.engine.model.Playbook;
import playbook.engine.model.Role;
import playbook.engine.model.TaskItem;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Stub: the parser helper replaces this file. */
public final class PlaybookParser {
    /**
     * @param isAction true for every module or engine action name the registry knows, FQCN included
     * @param warnings receives "file:line:col: message" warnings
     */
    public PlaybookParser(Predicate<String> isAction, Consumer<String> warnings) {
        throw new UnsupportedOperationException("TODO(parser helper)");
    }

    /** Parses a playbook and expands import_playbook. */
    public Playbook parse(Path file) { throw new UnsupportedOperationException(); }

    /** Parses a task file (import_tasks / include_tasks / role tasks). */
    public List<TaskItem> parseTasks(Path file) { throw new UnsupportedOperationException(); }

    /** Loads a role by name from roles_path, the playbook's roles/ directory, or a path. */
    public Role loadRole(String name, Path playbookDir, List<Path> rolesPath) { throw new UnsupportedOperationException(); }
}
