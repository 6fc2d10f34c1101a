package playbook.engine.report;

import java.util.List;
import java.util.Map;

/**
 * Sends every event to every listener, one event at a time: host threads report concurrently,
 * and reporters need not be thread-safe themselves.
 */
public final class Fanout implements RunListener {
    private final List<RunListener> listeners;

    public Fanout(List<RunListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override public synchronized void playbookStart(String path, boolean check) { for (RunListener l : listeners) l.playbookStart(path, check); }
    @Override public synchronized void playStart(String name) { for (RunListener l : listeners) l.playStart(name); }
    @Override public synchronized void taskStart(TaskInfo task) { for (RunListener l : listeners) l.taskStart(task); }
    @Override public synchronized void hostTaskStart(String host, TaskInfo task) { for (RunListener l : listeners) l.hostTaskStart(host, task); }
    @Override public synchronized void hostTaskEnd(String host, TaskInfo task) { for (RunListener l : listeners) l.hostTaskEnd(host, task); }
    @Override public synchronized void output(String host, String line, boolean stderr) { for (RunListener l : listeners) l.output(host, line, stderr); }
    @Override public synchronized void hostResult(HostResult result) { for (RunListener l : listeners) l.hostResult(result); }
    @Override public boolean showsResultValues() { return listeners.stream().anyMatch(RunListener::showsResultValues); }
    @Override public synchronized void retry(String host, TaskInfo task, int left) { for (RunListener l : listeners) l.retry(host, task, left); }
    @Override public synchronized void included(String file, List<String> hosts, Object item) { for (RunListener l : listeners) l.included(file, hosts, item); }
    @Override public synchronized void notice(String message) { for (RunListener l : listeners) l.notice(message); }
    @Override public synchronized void warning(String message) { for (RunListener l : listeners) l.warning(message); }
    @Override public synchronized void verbose(int level, String message) { for (RunListener l : listeners) l.verbose(level, message); }
    @Override public synchronized void recap(Map<String, HostStats> stats) { for (RunListener l : listeners) l.recap(stats); }
}
