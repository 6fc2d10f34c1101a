package playbook.engine.report;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ansible 2.14's default stdout callback ({@code plugins/callback/default.py}) over a {@link Display}:
 * the same banners, host lines, result JSON, diffs, warnings and recap, decided the same way. The
 * console and the log file are two displays of this one callback, as in Ansible, so both always
 * say the same thing. Methods are synchronized: hosts report from several threads.
 */
public class DefaultCallback implements RunListener {
    private final Display display;
    private final int verbosity;
    private final boolean showDiff;
    private final Set<String> warned = new HashSet<>();

    protected DefaultCallback(Display display, int verbosity, boolean showDiff) {
        this.display = display;
        this.verbosity = verbosity;
        this.showDiff = showDiff;
    }

    private void banner(String msg) {
        display.display("\n" + TextLayout.banner(msg, TextLayout.COLUMNS));
    }

    @Override public synchronized void playbookStart(String path, boolean check) {
        if (verbosity > 1 && path != null) {
            Path name = Path.of(path).getFileName();
            banner("PLAYBOOK: " + (name == null ? path : name.toString()));
        }
    }

    @Override public synchronized void playStart(String name) {
        String n = name == null ? "" : name.strip();
        banner(n.isEmpty() ? "PLAY" : "PLAY [" + n + "]");
    }

    @Override public synchronized void taskStart(TaskInfo task) {
        banner((task.handler() ? "RUNNING HANDLER" : "TASK") + " [" + task.title().strip() + "]");
        if (verbosity >= 2 && task.location() != null && task.location().line() > 0) {
            display.display("task path: " + task.location().file() + ":" + task.location().line(), Color.DEBUG);
        }
    }

    /** ok and changed results show their values from -v on (failures and debug always do). */
    @Override public boolean showsResultValues() { return verbosity >= 1; }

    @Override public synchronized void hostResult(HostResult r) {
        if (r.loopSummary() && !r.noLog()) {
            loopSummary(r);
        } else if (r.item() != null && !r.loopSummary()) {
            item(r);
        } else {
            single(r);
        }
    }

    private void single(HostResult r) {
        Map<String, Object> view = ResultView.of(r);
        String label = ResultView.hostLabel(r);
        boolean debug = ResultView.isDebug(r.result() == null ? Map.of() : r.result());
        switch (r.status()) {
            case OK, CHANGED -> {
                fileDiff(r);
                handleWarnings(view);
                ResultView.cleanDebug(view, debug);
                boolean changed = r.status() == Status.CHANGED;
                String msg = (changed ? "changed: [" : "ok: [") + label + "]";
                if (ResultView.isVerbose(view, verbosity, 0)) msg += " => " + ResultView.dump(view, verbosity);
                display.display(msg, changed ? Color.CHANGED : Color.OK);
            }
            case FAILED -> {
                ResultView.cleanDebug(view, debug);
                handleException(view);
                handleWarnings(view);
                display.display("fatal: [" + label + "]: FAILED! => " + ResultView.dump(view, verbosity), Color.ERROR);
                if (r.ignored()) display.display("...ignoring", Color.SKIP);
            }
            case SKIPPED -> {
                ResultView.cleanDebug(view, debug);
                String msg = "skipping: [" + r.host() + "]";
                if (ResultView.isVerbose(view, verbosity, 0)) msg += " => " + ResultView.dump(view, verbosity);
                display.display(msg, Color.SKIP);
            }
            case UNREACHABLE -> {
                display.display("fatal: [" + label + "]: UNREACHABLE! => " + ResultView.dump(view, verbosity), Color.UNREACHABLE);
                if (r.ignored()) display.display("...ignoring", Color.SKIP);
            }
        }
    }

    private void item(HostResult r) {
        Map<String, Object> view = ResultView.of(r);
        String label = ResultView.hostLabel(r);
        String item = ResultView.itemLabel(r, view);
        boolean debug = ResultView.isDebug(r.result() == null ? Map.of() : r.result());
        switch (r.status()) {
            case OK, CHANGED -> {
                fileDiff(r);
                boolean changed = r.status() == Status.CHANGED;
                String msg = (changed ? "changed" : "ok") + ": [" + label + "] => (item=" + item + ")";
                ResultView.cleanDebug(view, debug);
                if (ResultView.isVerbose(view, verbosity, 0)) msg += " => " + ResultView.dump(view, verbosity);
                display.display(msg, changed ? Color.CHANGED : Color.OK);
            }
            case FAILED, UNREACHABLE -> {
                ResultView.cleanDebug(view, debug);
                handleException(view);
                handleWarnings(view);
                display.display("failed: [" + label + "] (item=" + item + ") => " + ResultView.dump(view, verbosity), Color.ERROR);
            }
            case SKIPPED -> {
                ResultView.cleanDebug(view, debug);
                String msg = "skipping: [" + r.host() + "] => (item=" + item + ") ";
                if (ResultView.isVerbose(view, verbosity, 0)) msg += " => " + ResultView.dump(view, verbosity);
                display.display(msg, Color.SKIP);
            }
        }
    }

    /** After a loop Ansible prints nothing for ok/changed/failed (the items said it), but "skipping" when all were. */
    private void loopSummary(HostResult r) {
        Map<String, Object> view = ResultView.of(r);
        view.remove("results");
        switch (r.status()) {
            case OK, CHANGED -> handleWarnings(view);
            case FAILED -> {
                handleException(view);
                handleWarnings(view);
                if (r.ignored()) display.display("...ignoring", Color.SKIP);
            }
            case SKIPPED -> {
                ResultView.cleanDebug(view, ResultView.isDebug(r.result() == null ? Map.of() : r.result()));
                String msg = "skipping: [" + r.host() + "]";
                if (ResultView.isVerbose(view, verbosity, 0)) msg += " => " + ResultView.dump(view, verbosity);
                display.display(msg, Color.SKIP);
            }
            case UNREACHABLE -> single(r);
        }
    }

    /** {@code v2_on_file_diff}: only with --diff, only for a change, never for a censored result. */
    private void fileDiff(HostResult r) {
        if (!showDiff || r.noLog() || r.status() != Status.CHANGED) return;
        List<playbook.engine.api.Result.Diff> diffs = r.diffs();
        if (diffs == null || diffs.isEmpty()) return;
        String text = DiffText.render(diffs, display.colored());
        if (!text.isEmpty()) display.display(text);
    }

    private void handleWarnings(Map<String, Object> view) {
        if (view.get("warnings") instanceof List<?> ws && !ws.isEmpty()) {
            for (Object w : ws) warning(String.valueOf(w));
        }
        view.remove("warnings");
        if (view.get("deprecations") instanceof List<?> ds && !ds.isEmpty()) {
            for (Object d : ds) deprecation(d);
        }
        view.remove("deprecations");
    }

    /** {@code Display.deprecated} for a result's deprecations entry ({@code {msg, version, date, collection_name}}). */
    private void deprecation(Object d) {
        Map<?, ?> m = d instanceof Map<?, ?> map ? map : Map.of("msg", String.valueOf(d));
        String msg = String.valueOf(m.get("msg")).strip();
        if (!msg.isEmpty() && "!?.".indexOf(msg.charAt(msg.length() - 1)) < 0) msg += ".";
        Object collection = m.get("collection_name");
        if ("ansible.builtin".equals(collection)) collection = "ansible-core";
        String when = m.get("date") != null ? "in a release after " + m.get("date") + "."
                : m.get("version") != null ? "in version " + m.get("version") + "." : "in a future release.";
        String text = "[DEPRECATION WARNING]: " + msg + " This feature will be removed"
                + (collection != null ? " from " + collection : "") + " " + when
                + " Deprecation warnings can be disabled by setting deprecation_warnings=False in ansible.cfg.";
        String wrapped = String.join("\n", TextLayout.wrap(text, TextLayout.COLUMNS, false)) + "\n";
        if (warned.add(wrapped)) display.display(wrapped.strip(), Color.DEPRECATE, true, Display.Scope.BOTH);
    }

    private void handleException(Map<String, Object> view) {
        if (!view.containsKey("exception")) return;
        String exc = String.valueOf(view.get("exception"));
        String msg;
        if (verbosity < 3) {
            String[] lines = exc.strip().split("\n");
            msg = "An exception occurred during task execution. To see the full traceback, use -vvv. The error was: "
                    + lines[lines.length - 1];
        } else {
            msg = "The full traceback is:\n" + exc;
            view.remove("exception");
        }
        display.display(msg, Color.ERROR);
    }

    @Override public synchronized void retry(String host, TaskInfo task, int retriesLeft) {
        String name = task.name() != null && !task.name().isBlank() ? task.name() : task.title();
        display.display("FAILED - RETRYING: [" + host + "]: " + name + " (" + retriesLeft + " retries left).", Color.DEBUG);
    }

    @Override public synchronized void included(String file, java.util.List<String> hosts, Object item) {
        String msg = "included: " + file + " for " + String.join(", ", hosts);
        if (item != null) msg += " => (item=" + PythonRepr.str(item) + ")";
        display.display(msg, Color.SKIP);
    }

    @Override public synchronized void notice(String message) {
        if (message.strip().equals("NO MORE HOSTS LEFT")) banner(message);
        else display.display(message, message.startsWith("skipping:") ? Color.SKIP : null);
    }

    @Override public synchronized void warning(String message) {
        String wrapped = String.join("\n", TextLayout.wrap("[WARNING]: " + message, TextLayout.COLUMNS, true)) + "\n";
        if (warned.add(wrapped)) display.display(wrapped, Color.WARN, true, Display.Scope.BOTH);
    }

    /** -v: a running command's line, "host | line", on the screen only (the log keeps Ansible's lines). */
    @Override public synchronized void output(String host, String line, boolean stderr) {
        if (verbosity >= 1) display.display(host + " | " + line, null, false, Display.Scope.SCREEN_ONLY);
    }

    @Override public synchronized void verbose(int level, String message) {
        if (verbosity >= level) display.display(message, Color.VERBOSE);
    }

    @Override public synchronized void recap(Map<String, HostStats> stats) {
        banner("PLAY RECAP");
        boolean color = display.colored();
        for (Map.Entry<String, HostStats> e : stats.entrySet()) {
            String host = e.getKey();
            HostStats t = e.getValue();
            display.display(recapLine(host, t, color), null, false, Display.Scope.SCREEN_ONLY);
            display.display(recapLine(host, t, false), null, false, Display.Scope.LOG_ONLY);
        }
        display.display("", null, false, Display.Scope.SCREEN_ONLY);
    }

    /** One PLAY RECAP line: {@code hostcolor} padded to 26 visible columns, then {@code name=%-4s} fields. */
    static String recapLine(String host, HostStats t, boolean color) {
        String h;
        if (color) {
            Color c = t.failed() != 0 || t.unreachable() != 0 ? Color.ERROR : t.changed() != 0 ? Color.CHANGED : Color.OK;
            h = String.format("%-37s", c.wrap(host));
        } else {
            h = String.format("%-26s", host);
        }
        return h + " : " + String.join(" ",
                field("ok", t.ok(), Color.OK, color),
                field("changed", t.changed(), Color.CHANGED, color),
                field("unreachable", t.unreachable(), Color.UNREACHABLE, color),
                field("failed", t.failed(), Color.ERROR, color),
                field("skipped", t.skipped(), Color.SKIP, color),
                field("rescued", t.rescued(), Color.OK, color),
                field("ignored", t.ignored(), Color.WARN, color));
    }

    private static String field(String lead, int num, Color c, boolean color) {
        String s = String.format("%s=%-4s", lead, num);
        return num != 0 && color ? c.wrap(s) : s;
    }
}
