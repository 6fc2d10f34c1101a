package playbook.engine.report;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

/**
 * Output of {@code playbook exec}, as the {@code ansible} command prints it (the minimal
 * callback): {@code host | SUCCESS => {json}}, or for command modules
 * {@code host | CHANGED | rc=0 >>} followed by the output. Lines pass through the redactor.
 * With a live progress line, each message first erases it; at -v the lines of a running
 * command stream as {@code host | line}, as in a playbook run.
 */
public final class AdhocReporter implements RunListener {
    private static final Set<String> NO_JSON = Set.of("command", "shell", "raw", "script");

    private final Display display;
    private final int verbosity;

    public AdhocReporter(PrintStream out, PrintStream err, Redactor redactor) {
        this(out, err, redactor, null, 0);
    }

    /** {@code progress}: its live line (if any) is erased before each message; {@code verbosity} ≥ 1 streams command output. */
    public AdhocReporter(PrintStream out, PrintStream err, Redactor redactor, LiveProgress progress, int verbosity) {
        this.display = new ScreenDisplay(out, err, false, redactor, progress == null ? null : progress.statusLine());
        this.verbosity = verbosity;
    }

    private void print(String text) {
        display.display(text, null, false, Display.Scope.SCREEN_ONLY);
    }

    @Override
    public synchronized void hostResult(HostResult r) {
        if (r.item() != null) return;
        Map<String, Object> raw = r.result() == null ? Map.of() : r.result();
        String host = r.host();
        Object action = raw.get("_ansible_action");
        if (action != null && NO_JSON.contains(action.toString()) && raw.containsKey("rc") && !r.noLog()
                && (r.status() == Status.OK || r.status() == Status.CHANGED || r.status() == Status.FAILED)) {
            String caption = r.status() == Status.FAILED ? "FAILED" : r.status() == Status.CHANGED ? "CHANGED" : "SUCCESS";
            StringBuilder sb = new StringBuilder(host + " | " + caption + " | rc=" + raw.get("rc") + " >>\n");
            sb.append(str(raw.get("stdout"))).append(str(raw.get("stderr"))).append(str(raw.get("msg")));
            print(sb.toString());
            return;
        }
        String state = switch (r.status()) {
            case OK -> "SUCCESS";
            case CHANGED -> "CHANGED";
            case FAILED -> "FAILED!";
            case UNREACHABLE -> "UNREACHABLE!";
            case SKIPPED -> "SKIPPED";
        };
        if (r.status() == Status.SKIPPED) {
            print(host + " | SKIPPED");
            return;
        }
        Map<String, Object> view = ResultView.of(r);
        print(host + " | " + state + " => " + AnsibleJson.dumps(view, true));
    }

    @Override
    public synchronized void warning(String message) {
        display.display("[WARNING]: " + message, null, true, Display.Scope.SCREEN_ONLY);
    }

    @Override
    public synchronized void notice(String message) {
        if (message.startsWith("skipping: no hosts matched")) {
            display.display("[WARNING]: No hosts matched, nothing to do", null, true, Display.Scope.SCREEN_ONLY);
        }
    }

    @Override
    public synchronized void output(String host, String line, boolean stderr) {
        if (verbosity >= 1) print(host + " | " + line);
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }
}
