package playbook.engine.connection;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The keeper's pump: what a command writes reaches the run whole and in order, a burst of small
 * lines goes in few frames, and bulk output is not held back.
 */
class KeeperPumpTest {

    /** Feeds {@code lines} lines into a pipe with {@code gapNanos} between writes; returns the frames the pump sent. */
    private static Frames pumpLines(int lines, long gapNanos) throws Exception {
        return pumpLines(lines, gapNanos, () -> false);
    }

    private static Frames pumpLines(int lines, long gapNanos, java.util.function.BooleanSupplier ended) throws Exception {
        PipedInputStream in = new PipedInputStream(64 * 1024);
        PipedOutputStream w = new PipedOutputStream(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        KeeperRequests.Pump pump = KeeperRequests.pump(in, KeeperProtocol.STDOUT, out, ended);
        StringBuilder sent = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            String line = ">f+++++++++ small/f" + i + "\n";
            sent.append(line);
            w.write(line.getBytes(StandardCharsets.UTF_8));
            w.flush();
            if (gapNanos > 0) LockSupport.parkNanos(gapNanos);
        }
        w.close();
        pump.join(30_000);
        assertFalse(pump.isAlive(), "the pump did not end at the end of its stream");
        return Frames.of(out.toByteArray(), sent.toString().getBytes(StandardCharsets.UTF_8), pump.lingered);
    }

    record Frames(int count, byte[] data, byte[] expected, int lingered) {
        static Frames of(byte[] wire, byte[] expected, int lingered) throws IOException {
            InputStream r = new ByteArrayInputStream(wire);
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            int n = 0;
            KeeperProtocol.Frame f;
            while ((f = KeeperProtocol.read(r)) != null) {
                assertEquals(KeeperProtocol.STDOUT, f.type());
                data.write(f.data());
                n++;
            }
            return new Frames(n, data.toByteArray(), expected, lingered);
        }
    }

    @Test
    void aBurstOfSmallLinesArrivesWholeInFarFewerFramesThanLines() throws Exception {
        // a line every 0.3 ms, as rsync itemizes small files: without the pump's wait each line is a frame of its own
        Frames f = pumpLines(200, 300_000);
        assertArrayEquals(f.expected(), f.data());
        assertTrue(f.count() <= 100, "200 lines took " + f.count() + " frames");
        assertTrue(f.lingered() > 0);
    }

    @Test
    void onceTheCommandHasEndedItsLastLinesDoNotWait() throws Exception {
        Frames f = pumpLines(200, 300_000, () -> true);
        assertArrayEquals(f.expected(), f.data());
        assertEquals(0, f.lingered());
    }

    @Test
    void aShortOutputNeverWaits() throws Exception {
        // a module's few lines, written one by one: fewer small reads in a row than make a stream chatty
        Frames f = pumpLines(KeeperRequests.Pump.CHATTY - 1, 300_000);
        assertArrayEquals(f.expected(), f.data());
        assertEquals(0, f.lingered());
    }

    @Test
    void aSingleLineGoesAsOneFrame() throws Exception {
        Frames f = pumpLines(1, 0);
        assertArrayEquals(f.expected(), f.data());
        assertEquals(1, f.count());
    }

    @Test
    void bulkOutputArrivesWholeAndInOrder() throws Exception {
        byte[] big = new byte[4 * 1024 * 1024];
        new Random(11).nextBytes(big);
        PipedInputStream in = new PipedInputStream(256 * 1024);
        PipedOutputStream w = new PipedOutputStream(in);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread pump = KeeperRequests.pump(in, KeeperProtocol.STDOUT, out, () -> false);
        for (int off = 0; off < big.length; off += 1000) w.write(big, off, Math.min(1000, big.length - off));
        w.close();
        pump.join(60_000);
        assertFalse(pump.isAlive());
        Frames f = Frames.of(out.toByteArray(), big, 0);
        assertArrayEquals(big, f.data());
    }

    @Test
    void aFrameCutShortIsAnErrorNotAnEnd() {
        byte[] whole = {KeeperProtocol.STDOUT, 0, 0, 0, 3, 'a', 'b', 'c'};
        for (int cut = 1; cut < whole.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(whole, cut);
            assertThrows(java.io.EOFException.class, () -> KeeperProtocol.read(new ByteArrayInputStream(part)), "cut at " + cut);
        }
    }
}
