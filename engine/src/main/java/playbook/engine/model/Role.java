package playbook.engine.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A loaded role directory: tasks/main, handlers/main, defaults/main, vars/main, meta dependencies. */
public record Role(String name, Path path, List<TaskItem> tasks, List<TaskItem> handlers,
                   Map<String, Object> defaults, Map<String, Object> vars, List<RoleRef> dependencies) {
}
