package playbook.engine.exec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.connection.LocalConnection;
import playbook.engine.connection.TransferListener;
import playbook.engine.report.RunListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A task's target hands its transfers' progress and its commands' lines to the run's listeners. */
class HostTargetLiveTest {
    @TempDir Path dir;

    private HostTarget target(HostTarget.Live live) {
        return new HostTarget("pi", new LocalConnection("pi"), Become.NONE, Map.of(), false, false, e -> null, e -> true,
                t -> t, List.of(), new RunListener() {}, "t", null, false, null, null, live);
    }

    @Test
    void putAndGetReportTheirProgressEndingWithDone() throws Exception {
        List<TransferListener.Event> events = new CopyOnWriteArrayList<>();
        HostTarget t = target(new HostTarget.Live(events::add, null));
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        Path src = dir.resolve("src.bin");
        Files.write(src, data);
        Path remote = dir.resolve("remote.bin");
        t.put(src, remote.toString());
        TransferListener.Event last = events.get(events.size() - 1);
        assertTrue(last.done() && last.upload(), events.toString());
        assertEquals("pi", last.host());
        assertEquals(remote.toString(), last.path());
        assertEquals(data.length, last.bytes());
        assertEquals(data.length, last.total());
        events.clear();
        Path back = dir.resolve("back.bin");
        t.get(remote.toString(), back);
        last = events.get(events.size() - 1);
        assertTrue(last.done() && !last.upload(), events.toString());
        assertArrayEquals(data, Files.readAllBytes(back));
    }

    @Test
    void commandsStreamTheirLinesOnlyWhenTheTaskAsksForIt() {
        List<String> lines = new CopyOnWriteArrayList<>();
        assertEquals("a\nb\n", target(new HostTarget.Live(null, (l, err) -> lines.add((err ? "E:" : "") + l)))
                .probe("echo a; echo b; echo c >&2", null).stdout());
        assertEquals(3, lines.size());
        assertTrue(lines.containsAll(List.of("a", "b", "E:c")), lines.toString());
        lines.clear();
        target(HostTarget.Live.NONE).probe("echo a", null);
        assertEquals(List.of(), lines);
    }
}
