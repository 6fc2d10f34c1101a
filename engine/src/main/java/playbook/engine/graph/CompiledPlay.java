package playbook.engine.graph;

import playbook.engine.model.Play;

import java.util.List;

/**
 * A play compiled into its three task sections (handlers are flushed after each) and its
 * handlers (role handlers first, then the play's, as Ansible searches them).
 */
public record CompiledPlay(Play play, CompiledBlock preTasks, CompiledBlock tasks, CompiledBlock postTasks,
                           List<CompiledTask> handlers) {
}
