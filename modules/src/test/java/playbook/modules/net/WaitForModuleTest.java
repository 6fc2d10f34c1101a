package playbook.modules.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class WaitForModuleTest {
    private final WaitForModule m = new WaitForModule();

    @Test void openPortIsReachedAndNothingIsApplied() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            LocalTarget t = new LocalTarget();
            Result r = Run.run(m, t, "port", ss.getLocalPort(), "timeout", 10);
            assertFalse(r.isFailed(), r.msg());
            assertFalse(r.isChanged());
            assertEquals(0L, r.values().get("elapsed"));
            assertEquals(1, t.probes.size());
            assertTrue(t.applies.isEmpty());
        }
    }

    @Test void closedPortTimesOutWithAnsiblesMessage() throws Exception {
        int port;
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) { port = ss.getLocalPort(); }
        Result r = Run.run(m, new LocalTarget(), "port", port, "timeout", 2);
        assertTrue(r.isFailed());
        assertEquals("Timeout when waiting for 127.0.0.1:" + port, r.msg());
        assertTrue((Long) r.values().get("elapsed") >= 2, r.values().toString());

        Result stopped = Run.run(m, new LocalTarget(), "port", port, "state", "stopped", "timeout", 5);
        assertFalse(stopped.isFailed(), stopped.msg());
    }

    @Test void openPortNeverStopsAndCustomMsgWins() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Result r = Run.run(m, new LocalTarget(), "port", ss.getLocalPort(), "state", "stopped", "timeout", 1);
            assertEquals("Timeout when waiting for 127.0.0.1:" + ss.getLocalPort() + " to stop.", r.msg());
            Result r2 = Run.run(m, new LocalTarget(), "port", ss.getLocalPort(), "state", "stopped", "timeout", 1,
                    "msg", "web still up");
            assertEquals("web still up", r2.msg());
        }
    }

    @Test void waitsForAFileThatAppearsLater(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ready file");
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
            try { TimeUnit.MILLISECONDS.sleep(1200); Files.writeString(f, "booting\nstatus: READY\n"); }
            catch (Exception e) { throw new IllegalStateException(e); }
        });
        Result r = Run.run(m, new LocalTarget(), "path", f.toString(), "search_regex", "status: (READY|OK)", "timeout", 15);
        later.join();
        assertFalse(r.isFailed(), r.msg());
        assertTrue((Long) r.values().get("elapsed") >= 1, r.values().toString());
    }

    @Test void fileTimeoutsAndAbsence(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("f");
        Result missing = Run.run(m, new LocalTarget(), "path", f.toString(), "timeout", 1);
        assertEquals("Timeout when waiting for file " + f, missing.msg());
        Files.writeString(f, "nothing here\n");
        Result noMatch = Run.run(m, new LocalTarget(), "path", f.toString(), "search_regex", "READY", "timeout", 1);
        assertEquals("Timeout when waiting for search string READY in " + f, noMatch.msg());
        Result stillThere = Run.run(m, new LocalTarget(), "path", f.toString(), "state", "absent", "timeout", 1);
        assertEquals("Timeout when waiting for " + f + " to be absent.", stillThere.msg());
        Files.delete(f);
        assertFalse(Run.run(m, new LocalTarget(), "path", f.toString(), "state", "absent", "timeout", 1).isFailed());
    }

    @Test void scriptQuotesValuesAndPrefersNc() {
        FakeTarget t = new FakeTarget().next(new ExecResult(0, "elapsed=4\n", ""));
        Result r = Run.run(m, t, "host", "db;rm -rf /", "port", 5432, "delay", 2, "timeout", 30, "sleep", 3);
        assertFalse(r.isFailed());
        assertEquals(4L, r.values().get("elapsed"));
        String s = t.commands("probe").get(0);
        assertTrue(s.contains("nc -z -w 5 'db;rm -rf /' 5432"), s);
        assertTrue(s.contains("/dev/tcp/$0/$1' 'db;rm -rf /' 5432"), s);
        assertTrue(s.contains("sleep 2\n"), s);
        assertTrue(s.contains("end=$((start + 30))"), s);
        assertTrue(s.contains("sleep 3\n"), s);
    }

    @Test void noPortCheckerIsAFailureNotATimeout() {
        FakeTarget t = new FakeTarget().next(new ExecResult(2, "", "neither nc nor bash is on the PATH for a port check\n"));
        Result r = Run.run(m, t, "port", 80);
        assertTrue(r.isFailed());
        assertEquals("wait_for could not check 127.0.0.1:80 on fake (rc=2): neither nc nor bash is on the PATH for a port check",
                r.msg());
    }
}
