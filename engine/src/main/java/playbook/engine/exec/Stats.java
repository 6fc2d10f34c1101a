package playbook.engine.exec;

import playbook.engine.report.HostStats;

import java.util.LinkedHashMap;
import java.util.Map;

/** PLAY RECAP counters, updated with Ansible's rules (see the strategy's result processing). */
final class Stats {
    private final Map<String, int[]> counts = new LinkedHashMap<>();

    private static final int OK = 0, CHANGED = 1, DARK = 2, FAILED = 3, SKIPPED = 4, RESCUED = 5, IGNORED = 6;

    synchronized void ok(String h, boolean changed) { inc(h, OK); if (changed) inc(h, CHANGED); }
    synchronized void changedOnly(String h) { inc(h, CHANGED); }
    synchronized void failed(String h) { inc(h, FAILED); }
    synchronized void rescued(String h) { inc(h, RESCUED); }
    synchronized void ignored(String h) { inc(h, IGNORED); }
    synchronized void skipped(String h) { inc(h, SKIPPED); }
    synchronized void unreachable(String h) { inc(h, DARK); }
    synchronized void touch(String h) { counts.computeIfAbsent(h, k -> new int[7]); }

    private void inc(String h, int i) { counts.computeIfAbsent(h, k -> new int[7])[i]++; }

    synchronized Map<String, HostStats> snapshot() {
        Map<String, HostStats> out = new LinkedHashMap<>();
        counts.keySet().stream().sorted().forEach(h -> {
            int[] c = counts.get(h);
            out.put(h, new HostStats(c[OK], c[CHANGED], c[DARK], c[FAILED], c[SKIPPED], c[RESCUED], c[IGNORED]));
        });
        return out;
    }


    synchronized boolean anyUnreachable() { return counts.values().stream().anyMatch(c -> c[DARK] > 0); }
}
