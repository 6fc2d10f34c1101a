package playbook.engine.model;

import java.util.Map;

/**
 * One task as written. {@code module} is the action name as written (FQCN allowed);
 * {@code args} are the structured arguments (from {@code module: {..}} and {@code args:});
 * {@code freeForm} is the text of {@code module: some text k=v} (null when absent), which the
 * compiler splits using the module's ArgSpec. {@code keyLocations} maps each key of the task
 * and of its arguments to where it was written.
 */
public record Task(String name, String module, Map<String, Object> args, String freeForm,
                   Map<String, Object> keywords, SourceLocation location,
                   Map<String, SourceLocation> keyLocations) implements TaskItem {

    /** Display name: the name, or the module name as Ansible shows it. */
    public String displayName() { return name != null ? name : module; }

    public SourceLocation locationOf(String key) {
        SourceLocation l = keyLocations == null ? null : keyLocations.get(key);
        return l != null ? l : location;
    }
}
