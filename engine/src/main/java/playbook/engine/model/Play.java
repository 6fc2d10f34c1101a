package playbook.engine.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One play. {@code keywords} holds the play keywords (hosts, vars, vars_files, vars_prompt,
 * gather_facts, serial, strategy, become, ...). {@code baseDir} is the directory of the file
 * the play came from (playbook_dir for lookups, roles/ and files/).
 */
public record Play(String name, Map<String, Object> keywords, List<TaskItem> preTasks, List<RoleRef> roles,
                   List<TaskItem> tasks, List<TaskItem> postTasks, List<TaskItem> handlers,
                   SourceLocation location, Path baseDir) {
}
