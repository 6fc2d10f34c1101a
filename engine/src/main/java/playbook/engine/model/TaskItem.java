package playbook.engine.model;

import java.util.Map;

/** Something in a task list: a {@link Task} or a {@link Block}. */
public sealed interface TaskItem permits Task, Block {
    /** Task keywords other than the action (when, tags, become, vars, ...), as parsed values. */
    Map<String, Object> keywords();

    SourceLocation location();
}
