package playbook.modules.net;

import org.junit.jupiter.api.Test;
import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.engine.api.WaitClock;
import playbook.modules.FakeTarget;
import playbook.modules.Run;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** wait_for state=drained on recorded TCP tables (Linux /proc, iproute2 ss, macOS netstat), with a fake clock. */
class WaitForDrainedTest {
    /** Debian 12: port 0x1F90 = 8080. Line 1 listens; 2 is an ESTABLISHED client of 127.0.0.1:8080 from 10.0.0.5;
     *  3 is our own outgoing connection to 8080 (local port 0xAD72), 4 a TIME_WAIT on 8080 from 10.0.0.6. */
    static final String PROC_BUSY = """
            ==> proc tcp
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 501 1 00000000865e71c2 100 0 0 10 0
               1: 0100007F:1F90 0500000A:D8AC 01 00000000:00000000 00:00000000 00000000     0        0 0 3 0000000095d66231
               2: 0100007F:AD72 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 0 3 0000000033b9d34e
               3: 0100007F:1F90 0600000A:943A 06 00000000:00000000 03:0000062C 00000000     0        0 0 3 00000000406f571d
            ==> proc tcp6
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000700000A:8E11 01 00000000:00000000 00:00000000 00000000     0        0 0 3 000000009a34e0e4
               1: 00000000000000000000000001000000:1F90 00000000000000000000000001000000:A7AF 01 00000000:00000000 00:00000000 00000000     0        0 0 3 000000008aed2220
            """;

    static final String PROC_IDLE = """
            ==> proc tcp
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 501 1 00000000865e71c2 100 0 0 10 0
               1: 0100007F:1F90 0500000A:D8AC 08 00000000:00000000 00:00000000 00000000     0        0 0 3 0000000095d66231
            ==> proc tcp6
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
            """;

    /** iproute2 6.1 {@code ss -Htan}. */
    static final String SS = """
            ==> ss
            LISTEN    0      128               0.0.0.0:8080             0.0.0.0:*
            ESTAB     0      0               127.0.0.1:8080          10.0.0.5:55468
            TIME-WAIT 0      0               127.0.0.1:44402          127.0.0.1:8080
            ESTAB     0      0      [::ffff:127.0.0.1]:8080  [::ffff:10.0.0.7]:36369
            ESTAB     0      0                   [::1]:8080             [::1]:42927
            """;

    /** macOS 14 {@code netstat -an -p tcp}. */
    static final String NETSTAT = """
            ==> netstat
            Active Internet connections (including servers)
            Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)
            tcp4       0      0  127.0.0.1.8080         10.0.0.5.55468         ESTABLISHED
            tcp4       0      0  127.0.0.1.55470        127.0.0.1.8080         ESTABLISHED
            tcp6       0      0  ::1.8080               ::1.42927              ESTABLISHED
            tcp4       0      0  *.8080                 *.*                    LISTEN
            """;

    static InetAddress ip(String s) { return TcpTable.literal(s); }

    static final List<String> DEFAULT_STATES = List.of("ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "SYN_RECV", "SYN_SENT", "TIME_WAIT");

    @Test
    void procAddressesAreLittleEndianWords() throws Exception {
        assertEquals(ip("127.0.0.1"), TcpTable.procAddress("0100007F"));
        assertEquals(ip("10.0.0.5"), TcpTable.procAddress("0500000A"));
        assertEquals(ip("127.0.0.1"), TcpTable.procAddress("0000000000000000FFFF00000100007F"), "v4-mapped comes back as v4");
        assertEquals(ip("::1"), TcpTable.procAddress("00000000000000000000000001000000"));
    }

    @Test
    void procTableCountsLikeAnsible() {
        List<TcpTable.Conn> conns = TcpTable.parse(PROC_BUSY);
        assertEquals(5, conns.size(), "the listener is not a connection: " + conns);
        // 127.0.0.1: the v4 ESTABLISHED + TIME_WAIT and the v4-mapped v6 one; not our own outgoing one, not ::1
        assertEquals(3, TcpTable.active(conns, 8080, List.of(ip("127.0.0.1")), List.of(), DEFAULT_STATES));
        assertEquals(2, TcpTable.active(conns, 8080, List.of(ip("127.0.0.1")), List.of(), List.of("ESTABLISHED")));
        assertEquals(0, TcpTable.active(conns, 8080, List.of(ip("127.0.0.1")), List.of(ip("10.0.0.5"), ip("10.0.0.7")),
                List.of("ESTABLISHED")), "the v4-mapped peer is excluded by its IPv4 address");
        assertEquals(3, TcpTable.active(conns, 8080, List.of(ip("0.0.0.0")), List.of(), DEFAULT_STATES), "0.0.0.0: any IPv4");
        assertEquals(2, TcpTable.active(conns, 8080, List.of(ip("::")), List.of(), DEFAULT_STATES), ":: any from tcp6");
        assertEquals(0, TcpTable.active(conns, 8081, List.of(ip("0.0.0.0")), List.of(), DEFAULT_STATES));
        assertEquals(0, TcpTable.active(TcpTable.parse(PROC_IDLE), 8080, List.of(ip("0.0.0.0")), List.of(), DEFAULT_STATES),
                "CLOSE_WAIT is not active");
    }

    @Test
    void ssAndBsdNetstatGiveTheSameAnswers() {
        List<TcpTable.Conn> ss = TcpTable.parse(SS);
        assertEquals(4, ss.size(), ss.toString());
        assertEquals(2, TcpTable.active(ss, 8080, List.of(ip("127.0.0.1")), List.of(), DEFAULT_STATES));
        assertEquals(1, TcpTable.active(ss, 8080, List.of(ip("::1")), List.of(), DEFAULT_STATES));
        List<TcpTable.Conn> bsd = TcpTable.parse(NETSTAT);
        assertEquals(3, bsd.size(), bsd.toString());
        assertEquals(1, TcpTable.active(bsd, 8080, List.of(ip("127.0.0.1")), List.of(), DEFAULT_STATES));
        assertEquals(0, TcpTable.active(bsd, 8080, List.of(ip("127.0.0.1")), List.of(ip("10.0.0.5")), DEFAULT_STATES));
        assertEquals(1, TcpTable.active(bsd, 8080, List.of(ip("::1")), List.of(), DEFAULT_STATES));
    }

    /** A clock that only the sleeper moves. */
    static final class FakeTime {
        final AtomicLong now = new AtomicLong(1_000_000_000L);
        final List<Long> sleeps = new ArrayList<>();

        WaitForModule module() {
            return new WaitForModule(new WaitClock(now::get, ms -> { sleeps.add(ms); now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms)); }));
        }
    }

    @Test
    void waitsUntilTheLastConnectionIsGone() {
        FakeTime time = new FakeTime();
        FakeTarget t = new FakeTarget()
                .next(new ExecResult(0, PROC_BUSY, ""))
                .next(new ExecResult(0, PROC_BUSY, ""))
                .next(new ExecResult(0, PROC_IDLE, ""));
        Result r = Run.run(time.module(), t, "port", 8080, "state", "drained", "sleep", 2, "timeout", 60);
        assertFalse(r.isFailed(), r.msg());
        assertFalse(r.isChanged());
        assertEquals(3, t.commands("probe").size());
        assertTrue(t.commands("probe").get(0).contains("/proc/net/tcp"), t.commands("probe").get(0));
        assertTrue(t.commands("apply").isEmpty());
        assertEquals(List.of(2000L, 2000L), time.sleeps);
        assertEquals(4L, r.values().get("elapsed"));
    }

    @Test
    void timesOutWithAnsiblesMessageOrTheGivenOne() {
        FakeTime time = new FakeTime();
        FakeTarget t = new FakeTarget().on("proc/net/tcp", 0, PROC_BUSY);
        Result r = Run.run(time.module(), t, "port", 8080, "state", "drained", "timeout", 3);
        assertTrue(r.isFailed());
        assertEquals("Timeout when waiting for 127.0.0.1:8080 to drain", r.msg());
        assertEquals(3, t.commands("probe").size(), "checks at 0, 1 and 2 s, as Ansible's loop");
        Result custom = Run.run(time.module(), t, "port", 8080, "state", "drained", "timeout", 1, "msg", "clients linger");
        assertEquals("clients linger", custom.msg());
    }

    @Test
    void excludedPeersAndChosenStatesDoNotCount() {
        FakeTarget t = new FakeTarget().on("proc/net/tcp", 0, PROC_BUSY);
        Result r = Run.run(new FakeTime().module(), t, "port", 8080, "state", "drained", "timeout", 5,
                "exclude_hosts", List.of("10.0.0.5", "10.0.0.7"), "active_connection_states", List.of("syn_recv", "FIN_WAIT1"));
        assertFalse(r.isFailed(), r.msg());
        assertEquals(1, t.commands("probe").size());
    }

    @Test
    void hostNamesAreResolvedOnTheHost() {
        FakeTarget t = new FakeTarget()
                .on("getent ahosts '?web\\.lan", 0, "10.9.9.9\n")
                .on("proc/net/tcp", 0, PROC_BUSY);
        Result r = Run.run(new FakeTime().module(), t, "port", 8080, "state", "drained", "host", "web.lan", "timeout", 5);
        assertFalse(r.isFailed(), "nothing on 10.9.9.9: " + r.msg());
        FakeTarget unknown = new FakeTarget().on("getent", 2, "");
        assertThrows(ModuleException.class, () -> Run.run(new FakeTime().module(), unknown, "port", 8080, "state", "drained",
                "host", "nowhere.lan"));
    }

    @Test
    void badCombinationsFailWithAnsiblesWords() {
        FakeTarget t = new FakeTarget();
        assertEquals("state=drained should only be used for checking a port in the wait_for module",
                Run.run(new FakeTime().module(), t, "path", "/tmp/x", "state", "drained").msg());
        assertEquals("exclude_hosts should only be with state=drained",
                Run.run(new FakeTime().module(), t, "port", 80, "exclude_hosts", List.of("10.0.0.1")).msg());
        assertTrue(Run.run(new FakeTime().module(), t, "port", 80, "state", "drained", "active_connection_states",
                List.of("LISTEN")).msg().startsWith("unknown active_connection_state (LISTEN)"));
        assertTrue(t.sent.isEmpty());
    }

    @Test
    void aHostWithoutAnyTcpTableSaysSo() {
        FakeTarget t = new FakeTarget().on("proc/net/tcp", new ExecResult(2, "", "no /proc/net/tcp, ss or netstat to list TCP connections"));
        Result r = Run.run(new FakeTime().module(), t, "port", 8080, "state", "drained");
        assertTrue(r.isFailed());
        assertTrue(r.msg().contains("could not list the TCP connections on fake"), r.msg());
        assertTrue(r.msg().contains("no /proc/net/tcp, ss or netstat"), r.msg());
    }
}
