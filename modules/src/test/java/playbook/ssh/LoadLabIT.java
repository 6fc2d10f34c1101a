package playbook.ssh;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Load: 22 lab hosts x 50 tasks with 22 forks, three times in this JVM (Main.run in-process).
 * Every run ends with every host ok=50 and nothing failed or unreachable; after each run the
 * controller's live threads (idle pool workers aside) are back to what they were before the first
 * run, it has no more open descriptors than after the first run (which loads classes and opens
 * jars) and no TCP connection open; the peak RSS is printed and held to a generous bound.
 * Lab network 22.
 */
class LoadLabIT {
    private static final String NET = "22";
    private static final Path STATE = Path.of("/tmp/lab-rel-load");
    private static final int HOSTS = 22;
    private static final int ROUNDS = 10; // 5 tasks each

    @TempDir Path dir;

    @BeforeAll
    static void up() throws Exception {
        Lab.up(NET, STATE, "--only-generic", "--hosts", String.valueOf(HOSTS));
    }

    @AfterAll
    static void down() throws Exception {
        Lab.down();
    }

    private static String playbook() {
        StringBuilder sb = new StringBuilder("""
                - hosts: bench
                  gather_facts: false
                  tasks:
                """);
        for (int i = 0; i < ROUNDS; i++) {
            sb.append("""
                        - command: echo {{ inventory_hostname }}-%1$d
                          register: echoed
                        - copy:
                            content: "{{ echoed.stdout }}\\n"
                            dest: /tmp/load-%1$d
                        - file:
                            path: /tmp/load-%1$d
                            mode: "0600"
                        - stat:
                            path: /tmp/load-%1$d
                          register: st
                        - assert:
                            that:
                              - st.stat.exists and st.stat.mode == '0600' and st.stat.size == (echoed.stdout | length) + 1
                    """.formatted(i));
        }
        return sb.toString();
    }

    /** Open descriptors of this JVM by kind: "socket", "pipe", "anon_inode", or "file". */
    private static Map<String, Integer> fds() throws Exception {
        Map<String, Integer> kinds = new TreeMap<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : s.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                } catch (java.io.IOException e) {
                    continue; // the descriptor listing the directory itself, closed by now
                }
                String kind = target.startsWith("socket:") ? "socket" : target.startsWith("pipe:") ? "pipe"
                        : target.startsWith("anon_inode:") ? "anon_inode" : "file";
                kinds.merge(kind, 1, Integer::sum);
            }
        }
        return kinds;
    }

    /** This JVM's socket descriptors, one a line, each with its /proc/net table and line ("tcp: ..."). */
    private static String sockets() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : s.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(p).toString();
                } catch (java.io.IOException e) {
                    continue;
                }
                if (!target.startsWith("socket:[")) continue;
                String inode = target.substring(8, target.length() - 1);
                sb.append(target);
                for (String table : List.of("tcp", "tcp6", "unix", "udp", "udp6", "netlink")) {
                    for (String line : Files.readAllLines(Path.of("/proc/self/net/" + table))) {
                        if (line.matches(".*\\s" + inode + "(\\s.*)?")) sb.append(" ").append(table).append(": ").append(line.strip());
                    }
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static int total(Map<String, Integer> fds) {
        return fds.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static long statusKiB(String field) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + field + ":\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc/self/status")));
        assertTrue(m.find(), field);
        return Long.parseLong(m.group(1));
    }

    /**
     * Live threads other than idle workers of thread pools (the engine's cached "exec-drain"
     * pool and the JDK's "process reaper" keep idle threads for 60 s; a worker stuck on a stream
     * that never ends is not idle and counts), after a moment for threads that are ending.
     */
    private static List<String> busyThreads() throws Exception {
        Thread.sleep(500);
        List<String> busy = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            boolean idle = Stream.of(e.getValue()).anyMatch(f -> f.getClassName().equals("java.util.concurrent.ThreadPoolExecutor")
                    && f.getMethodName().equals("getTask"));
            if (!idle) busy.add(e.getKey().getName());
        }
        busy.sort(null);
        return busy;
    }

    @Test
    void twentyTwoHostsFiftyTasksThreeTimesWithoutFailuresOrLeaks() throws Exception {
        String playbook = playbook();
        List<String> threadBaseline = busyThreads();
        int fdBaseline = -1;
        for (int run = 1; run <= 3; run++) {
            long t0 = System.nanoTime();
            Lab.Out r = Lab.play(dir, playbook, Files.readString(Lab.state().resolve("inventory.ini")), "--forks", String.valueOf(HOSTS));
            double secs = (System.nanoTime() - t0) / 1e9;
            assertEquals(0, r.rc(), r.toString());
            for (int h = 1; h <= HOSTS; h++) {
                String host = String.format("h%02d", h);
                assertTrue(r.out().matches("(?s).*\\n" + host + "\\s*:\\s*ok=50\\s+changed=\\d+\\s+unreachable=0\\s+failed=0.*"),
                        "run " + run + ", " + host + ":\n" + r);
            }
            List<String> threads = busyThreads();
            Map<String, Integer> fds = fds();
            System.out.printf("load run %d: %.1f s, %d live threads (%d busy), fds %s, VmHWM %d MiB, heap used %d MiB%n", run, secs,
                    ManagementFactory.getThreadMXBean().getThreadCount(), threads.size(), fds, statusKiB("VmHWM") / 1024,
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            String sockets = sockets();
            assertTrue(!sockets.contains(" tcp"), "run " + run + " left TCP connections open:\n" + sockets);
            assertTrue(threads.size() <= threadBaseline.size(), "run " + run + " left threads: " + threads + ", before: " + threadBaseline);
            if (run == 1) {
                fdBaseline = total(fds);
            } else {
                assertTrue(total(fds) <= fdBaseline, "run " + run + ": " + fds + ", " + fdBaseline + " descriptors after the first run");
            }
        }
        // generous: the JVM's default heap on a small machine plus code; a leak per task or per host would pass it
        long peakMiB = statusKiB("VmHWM") / 1024;
        assertTrue(peakMiB < 2048, "peak RSS " + peakMiB + " MiB");
    }
}
