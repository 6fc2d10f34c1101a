package playbook.engine.report;

import playbook.engine.api.Result;

import java.util.List;
import java.util.Map;

/**
 * The result of a task on a host, or of one loop item ({@code item != null}), or the summary of
 * a loop ({@code loopSummary}). {@code result} is the Ansible-shaped result dictionary
 * (changed, msg, rc, stdout, ...). {@code ignored}: failed but ignore_errors. {@code noLog}: the
 * result must be censored.
 */
public record HostResult(String host, String delegatedTo, TaskInfo task, Status status, Map<String, Object> result,
                         Object item, boolean loopSummary, List<Result.Diff> diffs, boolean noLog, boolean ignored) {
}
