package playbook.engine.report;

import playbook.engine.connection.TransferListener;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What is still running, while it runs. {@link Mode#LIVE} (a terminal that can redraw): after a
 * host has been on a task for {@code delay}, one {@link StatusLine} redrawn in place shows the task,
 * its time and the hosts still on it ("TASK [x] 12s - waiting for pi, mac"), or the bar of a
 * transfer in flight. {@link Mode#PERIODIC} (no terminal, CI, NO_COLOR, TERM=dumb): once a task
 * has run for {@code interval}, one plain line on stderr every {@code interval}
 * ("... still running: TASK [x] on pi (30s)"), so stdout stays exactly Ansible's. A task shorter
 * than that leaves no trace, so normal output does not change. Driven by {@link #tick()}: a
 * daemon thread calls it, tests call it with their own clock.
 */
public final class LiveProgress implements RunListener, TransferListener, AutoCloseable {
    /** The live line shows progress, never result values. */
    @Override public boolean showsResultValues() { return false; }

    public enum Mode { LIVE, PERIODIC, OFF }

    /** Default spacing of PERIODIC lines, and how long a task runs before the first. */
    public static final long DEFAULT_INTERVAL_MILLIS = 10_000;
    /** How long a host is on a task before the LIVE line appears. */
    static final long LIVE_DELAY_MILLIS = 2_000;
    /** A transfer not heard of for this long is no longer drawn. */
    private static final long TRANSFER_STALE_MILLIS = 3_000;

    private final Mode mode;
    private final StatusLine line;
    private final PrintStream out;
    private final PrintStream err;
    private final long intervalMillis;
    private final int columns;
    private final LongSupplier clock;
    private final Redactor redactor;
    /** host -> what it runs and since when, in start order. */
    private final Map<String, Running> running = new LinkedHashMap<>();
    /** host -> its latest transfer event. */
    private final Map<String, Seen> transfers = new LinkedHashMap<>();
    private long lastPeriodic = Long.MIN_VALUE;
    private int paused;
    private ScheduledExecutorService ticker;
    private boolean closed;

    private record Running(TaskInfo task, long since) {}

    private record Seen(TransferListener.Event event, long at) {}

    /**
     * @param line  where LIVE draws (null in the other modes)
     * @param out   flushed before a PERIODIC line, so it lands after the lines already printed
     * @param err   where PERIODIC lines go
     */
    LiveProgress(Mode mode, StatusLine line, PrintStream out, PrintStream err, long intervalMillis, int columns,
                 LongSupplier clock, Redactor redactor) {
        this.mode = mode;
        this.line = line;
        this.out = out;
        this.err = err;
        this.intervalMillis = intervalMillis;
        this.columns = columns;
        this.clock = clock;
        this.redactor = redactor;
    }

    /**
     * The progress of a run printing to {@code out} and {@code err}. LIVE only when {@code terminal}
     * (out is the process's own console) and neither CI, NO_COLOR nor TERM=dumb (or no TERM) says
     * otherwise. {@code PLAYBOOK_PROGRESS_INTERVAL} sets the PERIODIC spacing in seconds (0: off).
     */
    public static LiveProgress create(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal,
                                      Redactor redactor) {
        long interval = DEFAULT_INTERVAL_MILLIS;
        String iv = env.get("PLAYBOOK_PROGRESS_INTERVAL");
        if (iv != null && !iv.isBlank()) {
            try {
                interval = Math.round(Double.parseDouble(iv.strip()) * 1000);
            } catch (NumberFormatException e) {
                interval = DEFAULT_INTERVAL_MILLIS;
            }
        }
        String term = env.get("TERM");
        boolean redraw = terminal && !env.containsKey("CI") && !env.containsKey("NO_COLOR")
                && term != null && !term.isBlank() && !term.equals("dumb");
        Mode mode = redraw ? Mode.LIVE : interval > 0 ? Mode.PERIODIC : Mode.OFF;
        int columns = redraw ? columns(env) : 80;
        return new LiveProgress(mode, redraw ? new StatusLine(out) : null, out, err, Math.max(interval, 0), columns,
                System::currentTimeMillis, redactor);
    }

    /** The terminal's width: $COLUMNS when exported, else what {@code stty size} says of /dev/tty, else 80. */
    private static int columns(Map<String, String> env) {
        try {
            String c = env.get("COLUMNS");
            if (c != null && !c.isBlank()) return Math.max(20, Integer.parseInt(c.strip()));
        } catch (NumberFormatException ignored) {
            // ask the terminal
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 80;
            }
            String[] rowsCols = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip().split("\\s+");
            int cols = p.exitValue() == 0 && rowsCols.length == 2 ? Integer.parseInt(rowsCols[1]) : 0;
            if (cols > 0) return Math.max(20, cols);  // 0: the terminal does not know its size
        } catch (java.io.IOException | NumberFormatException e) {
            // no stty or no terminal: the default
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 80;
    }

    public Mode mode() { return mode; }

    /** The line {@link ScreenDisplay} erases before it prints; null unless LIVE. */
    StatusLine statusLine() { return line; }

    @Override public void hostTaskStart(String host, TaskInfo task) {
        if (mode == Mode.OFF) return;
        synchronized (this) {
            running.put(host, new Running(task, clock.getAsLong()));
            transfers.remove(host);
            startTicker();
        }
    }

    @Override public void hostTaskEnd(String host, TaskInfo task) {
        if (mode == Mode.OFF) return;
        synchronized (this) {
            running.remove(host);
            transfers.remove(host);
        }
        if (line != null && idle()) line.clear();
    }

    @Override public void recap(Map<String, HostStats> stats) {
        synchronized (this) {
            running.clear();
            transfers.clear();
        }
        if (line != null) line.clear();
    }

    @Override public void progress(TransferListener.Event event) {
        if (mode == Mode.OFF) return;
        synchronized (this) {
            if (event.done()) transfers.remove(event.host());
            else transfers.put(event.host(), new Seen(event, clock.getAsLong()));
        }
    }

    private synchronized boolean idle() { return running.isEmpty(); }

    /** Runs {@code body} (a prompt) with the live line erased and kept away. */
    public <T> T paused(Supplier<T> body) {
        synchronized (this) {
            paused++;
        }
        if (line != null) line.clear();
        try {
            return body.get();
        } finally {
            synchronized (this) {
                paused--;
            }
        }
    }

    /** Draws (LIVE) or prints (PERIODIC) what is due at the clock's current time. */
    public void tick() {
        String text;
        synchronized (this) {
            if (closed || paused > 0) return;
            long now = clock.getAsLong();
            text = mode == Mode.LIVE ? liveText(now) : mode == Mode.PERIODIC ? periodicText(now) : null;
        }
        if (mode == Mode.LIVE) {
            if (text == null) line.clear();
            else line.show(ProgressText.fit(redactor.apply(text), columns - 1));
        } else if (text != null) {
            synchronized (ScreenDisplay.LOCK) {
                out.flush();
                err.print(redactor.apply(text));
                err.flush();
            }
        }
    }

    /** "| TASK [x] 12s - waiting for pi, mac", or the bar of the latest transfer; null when nothing ran long enough. */
    private String liveText(long now) {
        Map<TaskInfo, List<String>> groups = longRunning(now, LIVE_DELAY_MILLIS);
        if (groups.isEmpty()) return null;
        StringBuilder sb = new StringBuilder().append(ProgressText.spinner(now)).append(' ');
        Seen bar = null;
        int barCount = 0;
        for (Map.Entry<String, Seen> t : transfers.entrySet()) {
            if (now - t.getValue().at() > TRANSFER_STALE_MILLIS || !running.containsKey(t.getKey())) continue;
            barCount++;
            if (bar == null || t.getValue().at() > bar.at()) bar = t.getValue();
        }
        if (bar != null) {
            // a transfer: its bar alone (the TASK banner is just above); the bar takes what the terminal has left
            String more = barCount > 1 ? " (+" + (barCount - 1) + " more)" : "";
            int room = columns - 1 - sb.length() - ProgressText.transfer(bar.event(), 0).length() - more.length() - 3;  // "[" "]" " "
            int width = Math.min(30, room);
            return sb.append(ProgressText.transfer(bar.event(), width >= 5 ? width : 0)).append(more).toString();
        }
        boolean first = true;
        for (Map.Entry<TaskInfo, List<String>> g : groups.entrySet()) {
            if (!first) sb.append("; ");
            first = false;
            sb.append(banner(g.getKey())).append(' ').append(ProgressText.elapsed(now - oldest(g.getValue())))
                    .append(" - waiting for ").append(String.join(", ", g.getValue()));
        }
        return sb.toString();
    }

    /** "... still running: TASK [x] on pi, mac (30s)" lines, when an interval has passed since the last ones. */
    private String periodicText(long now) {
        if (lastPeriodic != Long.MIN_VALUE && now - lastPeriodic < intervalMillis) return null;
        Map<TaskInfo, List<String>> groups = longRunning(now, intervalMillis);
        if (groups.isEmpty()) return null;
        lastPeriodic = now;
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<TaskInfo, List<String>> g : groups.entrySet()) {
            sb.append("... still running: ").append(banner(g.getKey())).append(" on ").append(String.join(", ", g.getValue()))
                    .append(" (").append(ProgressText.elapsed(now - oldest(g.getValue()))).append(')');
            for (String h : g.getValue()) {
                Seen t = transfers.get(h);
                if (t != null) sb.append("; ").append(ProgressText.transfer(t.event(), 10));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Hosts on a task for at least {@code min}, grouped by task, in start order. */
    private Map<TaskInfo, List<String>> longRunning(long now, long min) {
        Map<TaskInfo, List<String>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, Running> e : running.entrySet()) {
            if (now - e.getValue().since() < min) continue;
            groups.computeIfAbsent(e.getValue().task(), k -> new ArrayList<>()).add(e.getKey());
        }
        return groups;
    }

    private long oldest(List<String> hosts) {
        long since = Long.MAX_VALUE;
        for (String h : hosts) since = Math.min(since, running.get(h).since());
        return since;
    }

    private static String banner(TaskInfo task) {
        return (task.handler() ? "RUNNING HANDLER" : "TASK") + " [" + task.title().strip() + "]";
    }

    private void startTicker() {
        if (ticker != null || closed) return;
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        long period = mode == Mode.LIVE ? 200 : Math.max(100, Math.min(1000, intervalMillis / 4));
        ticker.scheduleAtFixedRate(() -> {
            try {
                tick();
            } catch (RuntimeException ignored) {
                // progress is a courtesy: never let it break the run
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops the ticker and erases the live line. */
    @Override public void close() {
        ScheduledExecutorService t;
        synchronized (this) {
            closed = true;
            t = ticker;
            ticker = null;
        }
        if (t != null) t.shutdownNow();
        if (line != null) line.clear();
    }
}
