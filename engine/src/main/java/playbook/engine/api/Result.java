package playbook.engine.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A module's result: Ansible's contract (changed, failed, msg, diff, plus module-specific
 * return values). Built fluently by the module that returns it, then read by the engine.
 */
public final class Result {
    private boolean changed;
    private boolean failed;
    private boolean skipped;
    private String msg;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private final List<Diff> diffs = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** One before/after pair for --diff; headers name the two sides (usually the path). */
    public record Diff(String beforeHeader, String before, String afterHeader, String after) {}

    private Result() {}

    public static Result ok() { return new Result(); }

    public static Result changed() { return new Result().changed(true); }

    /** ok or changed, as the module decided. */
    public static Result of(boolean changed) { return new Result().changed(changed); }

    public static Result failed(String msg) { Result r = new Result(); r.failed = true; r.msg = msg; return r; }

    public static Result skipped(String msg) { Result r = new Result(); r.skipped = true; r.msg = msg; return r; }

    public Result changed(boolean c) { this.changed = c; return this; }

    public Result fail(String m) { this.failed = true; this.msg = m; return this; }

    public Result msg(String m) { this.msg = m; return this; }

    public Result put(String key, Object value) { values.put(key, value); return this; }

    public Result putAll(Map<String, ?> m) { values.putAll(m); return this; }

    /** Facts to set on the host (set_fact, setup): they become host variables. */
    public Result fact(String key, Object value) { facts.put(key, value); return this; }

    public Result diff(String beforeHeader, String before, String afterHeader, String after) {
        diffs.add(new Diff(beforeHeader, before, afterHeader, after));
        return this;
    }

    public Result warn(String w) { warnings.add(w); return this; }

    public boolean isChanged() { return changed; }
    public boolean isFailed() { return failed; }
    public boolean isSkipped() { return skipped; }
    public String msg() { return msg; }
    public Map<String, Object> values() { return values; }
    public Map<String, Object> facts() { return facts; }
    public List<Diff> diffs() { return diffs; }
    public List<String> warnings() { return warnings; }
}
