package playbook.engine.report;

import org.junit.jupiter.api.Test;
import playbook.engine.connection.TransferListener;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live line and the periodic lines, driven by a fake clock and a fake terminal (a byte buffer). */
class LiveProgressTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private static final TaskInfo SLEEP = new TaskInfo("sleep", null, null, false);
    private static final TaskInfo COPY = new TaskInfo("copy", null, null, false);

    private LiveProgress live() {
        return new LiveProgress(LiveProgress.Mode.LIVE, new StatusLine(out), out, err, 10_000, 80, now::get, new Redactor());
    }

    private LiveProgress periodic(long interval) {
        return new LiveProgress(LiveProgress.Mode.PERIODIC, null, out, err, interval, 80, now::get, new Redactor());
    }

    private String out() { return outBytes.toString(StandardCharsets.UTF_8); }

    private String err() { return errBytes.toString(StandardCharsets.UTF_8); }

    private void advance(long millis) { now.addAndGet(millis); }

    @Test
    void theLiveLineAppearsAfterTwoSecondsNamesTheHostsStillRunningAndGoesWhenTheyAreDone() {
        LiveProgress p = live();
        p.hostTaskStart("pi", SLEEP);
        p.hostTaskStart("mac", SLEEP);
        advance(1_500);
        p.tick();
        assertEquals("", out(), "nothing for a short task");
        advance(10_600);
        p.tick();
        assertTrue(out().matches("\r. TASK \\[sleep] 12s - waiting for pi, mac\033\\[K"), out());
        p.hostTaskEnd("pi", SLEEP);
        outBytes.reset();
        advance(400);
        p.tick();
        assertTrue(out().matches("\r. TASK \\[sleep] 12s - waiting for mac\033\\[K"), out());
        outBytes.reset();
        p.hostTaskEnd("mac", SLEEP);
        assertEquals("\r\033[K", out(), "erased when no host is left on the task");
        p.close();
    }

    @Test
    void aRealLineErasesTheLiveLineFirstAndTheNextTickDrawsItAgain() {
        LiveProgress p = live();
        ScreenDisplay screen = new ScreenDisplay(out, err, false, new Redactor(), p.statusLine());
        p.hostTaskStart("pi", SLEEP);
        advance(3_000);
        p.tick();
        screen.display("ok: [pi]");
        String s = out();
        int erase = s.lastIndexOf("\r\033[K");
        assertTrue(erase > 0 && s.substring(erase).equals("\r\033[Kok: [pi]\n"), s);
        outBytes.reset();
        advance(200);
        p.tick();
        assertTrue(out().startsWith("\r") && out().contains("TASK [sleep] 3s - waiting for pi"), out());
    }

    @Test
    void aTransferInFlightShowsItsBarInTheLiveLine() {
        LiveProgress p = live();
        p.hostTaskStart("pi", COPY);
        advance(4_000);
        p.progress(new TransferListener.Event("pi", "/srv/backup/app.tar.gz", true, 50L << 20, 200L << 20, 10 << 20, false));
        p.tick();
        String drawn = out().substring(1, out().indexOf("\033[K"));
        assertTrue(drawn.matches(". pi: upload app.tar.gz  25% \\[=+> +] 50.0 MiB/200.0 MiB 10.0 MiB/s ETA 0:15"), drawn);
        assertTrue(drawn.length() <= 79, "fits the terminal: " + drawn);
        p.progress(new TransferListener.Event("pi", "/srv/backup/app.tar.gz", true, 200L << 20, 200L << 20, 10 << 20, true));
        outBytes.reset();
        advance(200);
        p.tick();
        assertTrue(out().contains("waiting for pi") && !out().contains("upload"), "a finished transfer leaves the line: " + out());
    }

    @Test
    void theLiveLineIsCutToTheTerminalWidth() {
        LiveProgress p = live();
        for (int i = 0; i < 30; i++) p.hostTaskStart("host-number-" + i, SLEEP);
        advance(5_000);
        p.tick();
        String drawn = out().substring(1, out().indexOf("\033[K"));
        assertEquals(79, drawn.length(), drawn);
        assertTrue(drawn.endsWith("..."), drawn);
    }

    @Test
    void withoutATerminalOneLineEveryIntervalOnStderrOnlyAfterTheTaskRanThatLong() {
        LiveProgress p = periodic(10_000);
        p.hostTaskStart("pi", SLEEP);
        for (int i = 0; i < 9; i++) {
            advance(1_000);
            p.tick();
        }
        assertEquals("", err(), "a task shorter than the interval leaves no trace");
        advance(1_000);
        p.tick();
        assertEquals("... still running: TASK [sleep] on pi (10s)\n", err());
        advance(5_000);
        p.tick();
        assertEquals("... still running: TASK [sleep] on pi (10s)\n", err(), "not before another interval");
        advance(5_000);
        p.tick();
        assertEquals("... still running: TASK [sleep] on pi (10s)\n... still running: TASK [sleep] on pi (20s)\n", err());
        assertEquals("", out(), "stdout is left alone");
        p.hostTaskEnd("pi", SLEEP);
        advance(30_000);
        p.tick();
        assertFalse(err().contains("30s"), err());
    }

    @Test
    void periodicLinesNameTheTransferOfAHost() {
        LiveProgress p = periodic(1_000);
        p.hostTaskStart("pi", COPY);
        p.progress(new TransferListener.Event("pi", "/data/x.bin", false, 512, -1, 256, false));
        advance(1_000);
        p.tick();
        assertEquals("... still running: TASK [copy] on pi (1s); pi: fetch x.bin 512 B 256 B/s\n", err());
    }

    @Test
    void pausedKeepsTheLineAwayWhileAPromptAsks() {
        LiveProgress p = live();
        p.hostTaskStart("pi", SLEEP);
        advance(3_000);
        p.tick();
        outBytes.reset();
        String answer = p.paused(() -> {
            advance(1_000);
            p.tick();
            return "typed";
        });
        assertEquals("typed", answer);
        assertEquals("\r\033[K", out(), "erased once, not drawn while the prompt waits");
    }

    @Test
    void ciNoColorDumbTermsAndPipesNeverRedraw() {
        Map<String, String> tty = Map.of("TERM", "xterm-256color");
        assertEquals(LiveProgress.Mode.LIVE, LiveProgress.create(out, err, tty, true, new Redactor()).mode());
        assertEquals(LiveProgress.Mode.PERIODIC, LiveProgress.create(out, err, tty, false, new Redactor()).mode());
        assertEquals(LiveProgress.Mode.PERIODIC, LiveProgress.create(out, err, Map.of("TERM", "xterm", "CI", "true"), true, new Redactor()).mode());
        assertEquals(LiveProgress.Mode.PERIODIC, LiveProgress.create(out, err, Map.of("TERM", "xterm", "NO_COLOR", ""), true, new Redactor()).mode());
        assertEquals(LiveProgress.Mode.PERIODIC, LiveProgress.create(out, err, Map.of("TERM", "dumb"), true, new Redactor()).mode());
        assertEquals(LiveProgress.Mode.OFF, LiveProgress.create(out, err, Map.of("PLAYBOOK_PROGRESS_INTERVAL", "0"), false, new Redactor()).mode());
    }

    @Test
    void secretsInTaskNamesAreRedacted() {
        Redactor r = new Redactor();
        r.register("hunter2");
        LiveProgress p = new LiveProgress(LiveProgress.Mode.PERIODIC, null, out, err, 1_000, 80, now::get, r);
        p.hostTaskStart("pi", new TaskInfo("log in with hunter2", null, null, false));
        advance(1_000);
        p.tick();
        assertTrue(err().contains("still running") && !err().contains("hunter2"), err());
    }

    @Test
    void elapsedBytesAndBars() {
        assertEquals("7s", ProgressText.elapsed(7_900));
        assertEquals("2m05s", ProgressText.elapsed(125_000));
        assertEquals("1h02m", ProgressText.elapsed(3_725_000));
        assertEquals("512 B", ProgressText.bytes(512));
        assertEquals("1.5 KiB", ProgressText.bytes(1536));
        assertEquals("3.0 GiB", ProgressText.bytes(3L << 30));
        assertEquals("[>    ]", ProgressText.bar(0, 100, 5));
        assertEquals("[==>  ]", ProgressText.bar(40, 100, 5));
        assertEquals("[=====]", ProgressText.bar(100, 100, 5));
        assertEquals("1:02:03", ProgressText.clock(3723));
        assertEquals("app.tar.gz", ProgressText.baseName("/srv/.app.tar.gz.pbtmp1a2b3c4d"));
        assertEquals("app.tar.gz", ProgressText.baseName("/srv/.app.tar.gz.pb-1a2b3c4d.tmp"));
        assertEquals(".bashrc", ProgressText.baseName("/root/.bashrc"));
        assertEquals("mac: fetch b.tar 100% [==========] 2.0 KiB/2.0 KiB 1.0 KiB/s",
                ProgressText.transfer(new TransferListener.Event("mac", "/x/b.tar", false, 2048, 2048, 1024, false), 10));
    }
}
