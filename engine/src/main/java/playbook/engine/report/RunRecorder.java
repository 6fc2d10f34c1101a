package playbook.engine.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the whole run in memory for the reports ({@code --report json|junit|markdown}) and for
 * {@code --profile}: plays, tasks, each host's result with its timing, and the recap.
 *
 * <p>A host's time on a task is measured from the task's banner to that host's result; a task's
 * time runs from its banner to its last result (what Ansible's profile_tasks shows). Results of
 * {@code no_log} tasks are kept censored. Event methods are called one at a time (see
 * {@link Fanout}); the getters are for after the run.
 */
public final class RunRecorder implements RunListener {
    /**
     * One host's outcome of one task, or of one loop item ({@code loopItem}; the host's outcome of
     * the whole loop follows as a record with {@code loopItem} false). {@code seconds}: since the
     * task's banner.
     */
    public record HostRun(String host, String delegatedTo, Status status, boolean ignored, Object item, boolean loopItem,
                          Map<String, Object> result, double seconds) {
        /** The result's msg, or the stderr of a failed command, or "". */
        public String message() {
            Object m = result.get("msg");
            if (m == null || String.valueOf(m).isBlank()) m = result.get("stderr");
            return m == null ? "" : String.valueOf(m);
        }
    }

    /** A task with its results; {@code seconds} from its banner to its last result. */
    public static final class TaskRun {
        public final String play;
        public final TaskInfo task;
        public final long startNanos;
        public final long startEpochMillis;
        final List<HostRun> hosts = new ArrayList<>();
        double seconds;

        TaskRun(String play, TaskInfo task, long startNanos, long startEpochMillis) {
            this.play = play;
            this.task = task;
            this.startNanos = startNanos;
            this.startEpochMillis = startEpochMillis;
        }

        public List<HostRun> hosts() { return Collections.unmodifiableList(hosts); }
        /** Each host's outcome of the whole task (loop items left out). */
        public List<HostRun> outcomes() { return hosts.stream().filter(h -> !h.loopItem()).toList(); }
        public double seconds() { return seconds; }
    }

    private final List<TaskRun> tasks = new ArrayList<>();
    private final List<String> plays = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private Map<String, HostStats> recap = new LinkedHashMap<>();
    private String playbook;
    private boolean check;
    private long startNanos = System.nanoTime();
    private long startEpochMillis = System.currentTimeMillis();
    private long endNanos;
    private String play = "";
    private TaskRun current;

    @Override
    public void playbookStart(String path, boolean check) {
        if (playbook == null) {
            playbook = path;
            startNanos = System.nanoTime();
            startEpochMillis = System.currentTimeMillis();
        }
        this.check = check;
    }

    @Override
    public void playStart(String name) {
        play = name;
        plays.add(name);
        current = null;
    }

    @Override
    public void taskStart(TaskInfo task) {
        current = new TaskRun(play, task, System.nanoTime(), System.currentTimeMillis());
        tasks.add(current);
    }

    @Override
    public void hostResult(HostResult r) {
        TaskRun t = current;
        if (t == null || !t.task.equals(r.task())) {
            t = new TaskRun(play, r.task(), System.nanoTime(), System.currentTimeMillis());
            tasks.add(t);
            current = t;
        }
        double secs = (System.nanoTime() - t.startNanos) / 1e9;
        Map<String, Object> result = r.noLog() ? Map.of("censored",
                "the output has been hidden due to the fact that 'no_log: true' was specified for this result")
                : r.result() == null ? Map.of() : withoutInternalKeys(r.result());
        boolean loopItem = r.item() != null && !r.loopSummary();
        t.hosts.add(new HostRun(r.host(), r.delegatedTo(), r.status(), r.ignored(), r.noLog() ? null : r.item(), loopItem, result, secs));
        t.seconds = Math.max(t.seconds, secs);
    }

    /** Ansible's display-only keys ({@code _ansible_*}) are not part of a result. */
    private static Map<String, Object> withoutInternalKeys(Map<String, Object> result) {
        Map<String, Object> out = new LinkedHashMap<>();
        result.forEach((k, v) -> { if (!k.startsWith("_ansible")) out.put(k, v); });
        return out;
    }

    @Override
    public void warning(String message) {
        warnings.add(message);
    }

    @Override
    public void recap(Map<String, HostStats> stats) {
        recap = new LinkedHashMap<>(stats);
        endNanos = System.nanoTime();
    }

    public String playbook() { return playbook; }
    public boolean checkMode() { return check; }
    public List<String> plays() { return List.copyOf(plays); }
    public List<TaskRun> tasks() { return Collections.unmodifiableList(tasks); }
    public List<String> warnings() { return List.copyOf(warnings); }
    public Map<String, HostStats> recap() { return Collections.unmodifiableMap(recap); }
    public long startEpochMillis() { return startEpochMillis; }

    /** Seconds from the first event to the recap (or to now, when the run ended without one). */
    public double seconds() {
        return ((endNanos == 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9;
    }
}
