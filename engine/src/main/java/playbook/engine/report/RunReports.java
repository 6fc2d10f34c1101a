package playbook.engine.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reports of a recorded run: {@code --report json=FILE}, {@code junit=FILE},
 * {@code markdown=FILE}, and the {@code --profile} table. Every text passes through the run's
 * {@link Redactor} before it is written, so secrets never reach a report.
 */
public final class RunReports {
    public enum Format {
        JSON, JUNIT, MARKDOWN;

        /** "json", "junit" or "markdown" (also "md", "xml"); null when unknown. */
        public static Format of(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "json" -> JSON;
                case "junit", "xml" -> JUNIT;
                case "markdown", "md" -> MARKDOWN;
                default -> null;
            };
        }
    }

    private final RunRecorder run;
    private final Redactor redactor;

    public RunReports(RunRecorder run, Redactor redactor) {
        this.run = run;
        this.redactor = redactor;
    }

    /** Writes one report atomically (a temp file beside it, then a rename). */
    public void write(Format format, Path file) throws IOException {
        String text = switch (format) {
            case JSON -> json();
            case JUNIT -> junit();
            case MARKDOWN -> markdown();
        };
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, redactor.apply(text), StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The whole run: per task and host results with timings, warnings and the recap. */
    public String json() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("playbook", run.playbook());
        doc.put("check_mode", run.checkMode());
        doc.put("start", Instant.ofEpochMilli(run.startEpochMillis()).toString());
        doc.put("duration", round(run.seconds()));
        List<Object> tasks = new ArrayList<>();
        for (RunRecorder.TaskRun t : run.tasks()) {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("play", t.play);
            task.put("name", t.task.title());
            task.put("handler", t.task.handler());
            if (t.task.location() != null) task.put("location", t.task.location().toString());
            task.put("start", Instant.ofEpochMilli(t.startEpochMillis).toString());
            task.put("duration", round(t.seconds()));
            List<Object> hosts = new ArrayList<>();
            for (RunRecorder.HostRun h : t.hosts()) {
                Map<String, Object> host = new LinkedHashMap<>();
                host.put("host", h.host());
                if (h.delegatedTo() != null) host.put("delegated_to", h.delegatedTo());
                host.put("status", h.status().name().toLowerCase(Locale.ROOT));
                if (h.ignored()) host.put("ignored", true);
                if (h.loopItem()) host.put("item", h.item());
                host.put("duration", round(h.seconds()));
                host.put("result", h.result());
                hosts.add(host);
            }
            task.put("hosts", hosts);
            tasks.add(task);
        }
        doc.put("tasks", tasks);
        doc.put("warnings", run.warnings());
        Map<String, Object> recap = new LinkedHashMap<>();
        run.recap().forEach((host, s) -> recap.put(host, stats(s)));
        doc.put("recap", recap);
        return AnsibleJson.dumps(doc, true) + "\n";
    }

    private static Map<String, Object> stats(HostStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", s.ok());
        m.put("changed", s.changed());
        m.put("unreachable", s.unreachable());
        m.put("failed", s.failed());
        m.put("skipped", s.skipped());
        m.put("rescued", s.rescued());
        m.put("ignored", s.ignored());
        return m;
    }

    /** One testcase per host x task; failed and unreachable ones carry the message, skipped ones are skipped. */
    public String junit() {
        StringBuilder cases = new StringBuilder();
        int tests = 0, failures = 0, errors = 0, skipped = 0;
        for (RunRecorder.TaskRun t : run.tasks()) {
            for (RunRecorder.HostRun h : t.outcomes()) {
                tests++;
                cases.append("    <testcase classname=\"").append(xml(h.host())).append("\" name=\"")
                        .append(xml(t.play + " : " + t.task.title())).append("\" time=\"").append(round(h.seconds())).append("\"");
                if (h.status() == Status.FAILED && !h.ignored()) {
                    failures++;
                    cases.append(">\n      <failure message=\"").append(xml(firstLine(h.message()))).append("\">")
                            .append(xml(AnsibleJson.dumps(h.result(), true))).append("</failure>\n    </testcase>\n");
                } else if (h.status() == Status.UNREACHABLE) {
                    errors++;
                    cases.append(">\n      <error message=\"").append(xml(firstLine(h.message()))).append("\" type=\"unreachable\"/>\n    </testcase>\n");
                } else if (h.status() == Status.SKIPPED) {
                    skipped++;
                    cases.append(">\n      <skipped/>\n    </testcase>\n");
                } else {
                    cases.append("/>\n");
                }
            }
        }
        String name = run.playbook() == null ? "playbook" : Path.of(run.playbook()).getFileName().toString();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"" + xml(name)
                + "\" tests=\"" + tests + "\" failures=\"" + failures + "\" errors=\"" + errors + "\" skipped=\"" + skipped
                + "\" time=\"" + round(run.seconds()) + "\" timestamp=\"" + Instant.ofEpochMilli(run.startEpochMillis())
                + "\">\n" + cases + "  </testsuite>\n</testsuites>\n";
    }

    /** A human summary: verdict, recap table, failures, the slowest tasks. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        boolean bad = run.recap().values().stream().anyMatch(s -> s.failed() > 0 || s.unreachable() > 0);
        b.append("# ").append(run.playbook() == null ? "playbook" : Path.of(run.playbook()).getFileName())
                .append(": ").append(bad ? "FAILED" : "OK").append(run.checkMode() ? " (check mode)" : "").append("\n\n");
        b.append("Started ").append(Instant.ofEpochMilli(run.startEpochMillis())).append(", took ")
                .append(round(run.seconds())).append(" s.\n\n");
        b.append("| host | ok | changed | unreachable | failed | skipped | rescued | ignored |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        run.recap().forEach((host, s) -> b.append("| ").append(md(host)).append(" | ").append(s.ok()).append(" | ")
                .append(s.changed()).append(" | ").append(s.unreachable()).append(" | ").append(s.failed()).append(" | ")
                .append(s.skipped()).append(" | ").append(s.rescued()).append(" | ").append(s.ignored()).append(" |\n"));
        List<String> problems = new ArrayList<>();
        for (RunRecorder.TaskRun t : run.tasks())
            for (RunRecorder.HostRun h : t.outcomes())
                if ((h.status() == Status.FAILED && !h.ignored()) || h.status() == Status.UNREACHABLE)
                    problems.add("- **" + md(h.host()) + "** " + h.status().name().toLowerCase(Locale.ROOT) + " at `"
                            + md(t.task.title()) + "`" + (t.task.location() == null ? "" : " (" + t.task.location() + ")")
                            + ": " + md(firstLine(h.message())));
        if (!problems.isEmpty()) b.append("\n## Failures\n\n").append(String.join("\n", problems)).append("\n");
        b.append("\n## Slowest tasks\n\n| task | seconds |\n|---|---|\n");
        for (RunRecorder.TaskRun t : slowest(10))
            b.append("| ").append(md(t.task.title())).append(" | ").append(round(t.seconds())).append(" |\n");
        if (!run.warnings().isEmpty()) {
            b.append("\n## Warnings\n\n");
            for (String w : run.warnings()) b.append("- ").append(md(firstLine(w))).append("\n");
        }
        return b.toString();
    }

    /** Ansible's profile_tasks: the slowest tasks, longest first, after the recap. */
    public void printProfile(PrintStream out, int limit) {
        List<RunRecorder.TaskRun> top = slowest(limit);
        if (top.isEmpty()) return;
        out.println();
        out.println("=".repeat(79));
        for (RunRecorder.TaskRun t : top) {
            String secs = String.format(Locale.ROOT, "%.2fs", t.seconds());
            String name = t.task.title();
            int dashes = Math.max(1, 79 - name.length() - secs.length() - 2);
            out.println(redactor.apply(name + " " + "-".repeat(dashes) + " " + secs));
        }
    }

    private List<RunRecorder.TaskRun> slowest(int limit) {
        return run.tasks().stream().sorted(Comparator.comparingDouble(RunRecorder.TaskRun::seconds).reversed())
                .limit(limit).toList();
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    static String xml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') b.append("\\u").append(String.format("%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }
}
