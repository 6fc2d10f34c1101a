package playbook.engine.report;

import java.io.PrintStream;
import java.util.Map;
import java.util.Set;

/**
 * Output of {@code playbook exec}, as the {@code ansible} command prints it (the minimal
 * callback): {@code host | SUCCESS => {json}}, or for command modules
 * {@code host | CHANGED | rc=0 >>} followed by the output. Lines pass through the redactor.
 */
public final class AdhocReporter implements RunListener {
    private static final Set<String> NO_JSON = Set.of("command", "shell", "raw", "script");

    private final PrintStream out;
    private final PrintStream err;
    private final Redactor redactor;

    public AdhocReporter(PrintStream out, PrintStream err, Redactor redactor) {
        this.out = out;
        this.err = err;
        this.redactor = redactor;
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
            out.println(redactor.apply(sb.toString()));
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
            out.println(host + " | SKIPPED");
            return;
        }
        Map<String, Object> view = ResultView.of(r);
        out.println(redactor.apply(host + " | " + state + " => " + AnsibleJson.dumps(view, true)));
    }

    @Override
    public synchronized void warning(String message) {
        err.println(redactor.apply("[WARNING]: " + message));
    }

    @Override
    public synchronized void notice(String message) {
        if (message.startsWith("skipping: no hosts matched")) err.println("[WARNING]: No hosts matched, nothing to do");
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }
}
