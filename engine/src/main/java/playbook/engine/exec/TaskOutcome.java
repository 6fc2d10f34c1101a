package playbook.engine.exec;

import playbook.engine.graph.CompiledBlock;
import playbook.engine.report.Status;

import java.util.List;
import java.util.Map;

/**
 * What running one task on one host produced, for the strategy: the status, the Ansible-shaped
 * result, whether the failure was ignored, and the tasks an include brought in.
 */
record TaskOutcome(Status status, Map<String, Object> result, boolean ignored, List<Included> included) {
    /** Tasks an include brought in: the compiled block, the file (null for include_role) and the loop item. */
    record Included(CompiledBlock block, String file, Object item) {}

    boolean changed() { return Boolean.TRUE.equals(result.get("changed")); }
}
