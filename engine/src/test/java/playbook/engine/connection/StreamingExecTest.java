package playbook.engine.connection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** exec with a {@link LineListener}: lines arrive while the command runs, and the result is what plain exec returns. */
class StreamingExecTest {
    @TempDir Path dir;

    @Test
    void theFirstLineArrivesWhileTheCommandStillRuns() {
        Path go = dir.resolve("go");
        // the command waits (at most 20 s) for a file that the listener creates when it sees the first line;
        // if lines only came at the end, the file would never appear in time and the command would fail
        String cmd = "echo first; i=0; while [ ! -e " + Shell.quote(go.toString()) + " ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done; "
                + "[ -e " + Shell.quote(go.toString()) + " ] && echo second";
        List<String> seen = new CopyOnWriteArrayList<>();
        ExecResult r = new LocalConnection("local").exec(cmd, null, (line, stderr) -> {
            seen.add(line);
            if (line.equals("first")) touch(go);
        });
        assertEquals(0, r.rc(), r.toString());
        assertEquals(List.of("first", "second"), seen);
        assertEquals("first\nsecond\n", r.stdout());
    }

    @Test
    void theResultIsTheSameAsWithoutStreaming() {
        String cmd = "printf 'a\\r\\nb\\n\\nlast without end'; printf 'oops\\n' >&2; printf 'ü\\n'; exit 3";
        LocalConnection c = new LocalConnection("local");
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        ExecResult streamed = c.exec(cmd, null, (line, stderr) -> (stderr ? err : out).add(line));
        ExecResult plain = c.exec(cmd, null);
        assertEquals(plain, streamed);
        assertEquals(3, streamed.rc());
        assertEquals(List.of("a", "b", "", "last without endü"), out);
        assertEquals(List.of("oops"), err);
    }

    @Test
    void aFailingListenerCostsNothing() {
        ExecResult r = new LocalConnection("local").exec("echo one; echo two", null, (line, stderr) -> {
            throw new IllegalStateException("screen gone");
        });
        assertEquals("one\ntwo\n", r.stdout());
    }

    private static void touch(Path p) {
        try {
            Files.writeString(p, "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
