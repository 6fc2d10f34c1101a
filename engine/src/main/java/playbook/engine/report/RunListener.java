package playbook.engine.report;

import java.util.Map;

/** Run events, from the runner to every reporter (console, log file, JSON...). Default methods do nothing. */
public interface RunListener {
    default void playbookStart(String path, boolean check) {}

    /** A PLAY banner; {@code name} is the play's name or its hosts pattern. */
    default void playStart(String name) {}

    /** A TASK (or RUNNING HANDLER) banner. */
    default void taskStart(TaskInfo task) {}

    /** A host begins running a task (before its conditions are evaluated); always followed by {@link #hostTaskEnd}. */
    default void hostTaskStart(String host, TaskInfo task) {}

    /** A host is done with a task, whatever the outcome (after its results were reported). */
    default void hostTaskEnd(String host, TaskInfo task) {}

    /**
     * A line a running command printed, as it arrives (only with -v, for command-like modules);
     * {@code host} runs the command. The task's result still carries the whole output.
     */
    default void output(String host, String line, boolean stderr) {}

    /** A host (or item) finished a task. */
    default void hostResult(HostResult result) {}

    /** Whether this listener shows or keeps the values of successful results (see Target#resultObserved). */
    default boolean showsResultValues() { return true; }

    /** A task is retried by until/retries ("FAILED - RETRYING: [h]: name (N retries left)."). */
    default void retry(String host, TaskInfo task, int retriesLeft) {}

    /** include_tasks brought a file in for these hosts ("included: FILE for h1, h2 => (item=x)"); item may be null. */
    default void included(String file, java.util.List<String> hosts, Object item) {}

    /** The "skipping: no hosts matched" / "no hosts left" style messages. */
    default void notice(String message) {}

    /** "[WARNING]: ..." */
    default void warning(String message) {}

    /** "[DEPRECATION WARNING]" etc. are warnings too; this is -v output (level 1..4). */
    default void verbose(int level, String message) {}

    /** The PLAY RECAP, hosts in the order to print. */
    default void recap(Map<String, HostStats> stats) {}
}
