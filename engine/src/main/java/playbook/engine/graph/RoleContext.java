package playbook.engine.graph;

import java.nio.file.Path;
import java.util.Map;

/** The role a task belongs to: its files and variables, and the params it was called with. */
public record RoleContext(String name, Path path, Map<String, Object> defaults, Map<String, Object> vars,
                          Map<String, Object> params, RoleContext parent) {
}
