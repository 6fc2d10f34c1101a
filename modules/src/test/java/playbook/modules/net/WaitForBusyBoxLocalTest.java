package playbook.modules.net;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import playbook.engine.api.ExecResult;
import playbook.modules.BusyBoxPath;
import playbook.modules.FakeTarget;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * wait_for's port script run for real on this machine with a PATH of BusyBox applets only, whose
 * nc (Debian's) has no -z: an open port must count as open, a closed one as closed.
 */
class WaitForBusyBoxLocalTest {
    static Path busybox;

    @BeforeAll static void bin() { busybox = BusyBoxPath.create(); }

    @AfterAll static void rm() throws Exception { BusyBoxPath.remove(busybox); }

    /** The script wait_for sends for these args, run under the BusyBox PATH; its exit code. */
    private static int run(Object... args) {
        FakeTarget t = new FakeTarget().next(new ExecResult(0, "elapsed=0\n", ""));
        Run.run(new WaitForModule(), t, args);
        ExecResult er = LocalTarget.exec("PATH=" + busybox + "; export PATH\n" + t.commands("probe").get(0), null);
        return er.rc();
    }

    @Test void anOpenPortIsOpenAndAClosedOneClosed() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int p = open.getLocalPort();
            assertEquals(0, run("host", "127.0.0.1", "port", p, "timeout", 5), "started: the open port is found at once");
            assertEquals(0, run("host", "127.0.0.1", "port", closed, "state", "stopped", "timeout", 5), "stopped: the closed port");
            assertEquals(WaitForModule.TIMED_OUT, run("host", "127.0.0.1", "port", p, "state", "stopped", "timeout", 1),
                    "an open port never counts as stopped");
            assertEquals(WaitForModule.TIMED_OUT, run("host", "127.0.0.1", "port", closed, "timeout", 1),
                    "a closed port never counts as started");
        }
    }
}
