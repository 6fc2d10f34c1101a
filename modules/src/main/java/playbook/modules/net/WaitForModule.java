package playbook.modules.net;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;
import playbook.engine.api.WaitClock;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * ansible.builtin.wait_for as one read-only probe: a bounded POSIX sh loop on the host that
 * checks a TCP port ({@code nc -z}, else bash's {@code /dev/tcp}) or a path ({@code test -e},
 * {@code grep -E} for search_regex) every {@code sleep} seconds until the wanted state holds or
 * {@code timeout} (counted from the start, delay included) runs out. state=drained instead checks
 * from here, one probe of the host's TCP table per {@code sleep} (see {@link TcpTable}). Never
 * changes anything.
 */
public final class WaitForModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("host", ArgType.STR).defaultValue("127.0.0.1")
            .doc("The address to check the port on, from the target host (default the target itself).")
            .arg("port", ArgType.INT)
            .doc("A TCP port to wait for.")
            .arg("path", ArgType.PATH)
            .doc("A file to wait for (or, with absent, to go away).")
            .arg("state", ArgType.STR).defaultValue("started").choices("started", "stopped", "present", "absent", "drained")
            .doc("started/stopped: the port accepts/refuses connections; present/absent: the path exists/is gone; drained: no active connections to the port.")
            .arg("search_regex", ArgType.STR)
            .doc("With path: wait until a line of the file matches this extended regex (grep -E). Only with state started or present.")
            .arg("delay", ArgType.INT).defaultValue(0)
            .doc("Seconds to wait before the first check.")
            .arg("timeout", ArgType.INT).defaultValue(300)
            .doc("Seconds before giving up, counted from the start, delay included.")
            .arg("sleep", ArgType.INT).defaultValue(1)
            .doc("Seconds between checks.")
            .arg("connect_timeout", ArgType.INT).defaultValue(5)
            .doc("Seconds one connection attempt may take.")
            .arg("msg", ArgType.STR)
            .doc("The failure message instead of the default.")
            .arg("exclude_hosts", ArgType.LIST)
            .doc("With drained: connections from these addresses do not count.")
            .arg("active_connection_states", ArgType.LIST)
                    .defaultValue(List.of("ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "SYN_RECV", "SYN_SENT", "TIME_WAIT"))
            .doc("With drained: the TCP states that count as active.")
            .mutuallyExclusive("port", "path")
            .summary("Wait for a port, a file or a string in a file on the host")
            .description("Runs one bounded sh loop on the host that checks a TCP port (nc -z, or bash /dev/tcp) or a path (test -e, grep -E for search_regex) every sleep seconds, until the wanted state holds or timeout runs out. state=drained checks the host's TCP table once per sleep instead.")
            .notes("Never changed; runs in check mode too.",
                    "GNU, BusyBox and BSD/macOS userlands work; a port check needs nc or bash on the host.")
            .returns("elapsed", "Seconds waited.")
            .returns("state", "The state that was reached.")
            .example("""
                - name: PostgreSQL accepts connections after the restore
                  wait_for:
                    port: 5432
                    timeout: 120

                - name: The first backup archive of the night has been written
                  wait_for:
                    path: /mnt/hdd/backups/.done
                    state: present
                    timeout: 3600
                    sleep: 30
                """)
            .build();

    private static final List<String> KNOWN_STATES =
            List.of("ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "SYN_RECV", "SYN_SENT", "TIME_WAIT");

    private final WaitClock clock;

    public WaitForModule() {
        this(WaitClock.SYSTEM);
    }

    WaitForModule(WaitClock clock) {
        this.clock = clock;
    }

    /** Exit code of the loop when the time ran out. */
    static final int TIMED_OUT = 3;

    @Override public String name() { return "wait_for"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String state = args.str("state");
        boolean port = args.has("port");
        boolean path = args.has("path");
        String regex = args.str("search_regex");
        if (port && ("present".equals(state) || "absent".equals(state)) && !args.has("path"))
            state = "present".equals(state) ? "started" : "stopped";
        boolean wantGone = "stopped".equals(state) || "absent".equals(state);
        if (port && wantGone && regex != null)
            return Result.failed("search_regex is only used with state started or present, not " + state);
        if (args.has("exclude_hosts") && !"drained".equals(state))
            return Result.failed("exclude_hosts should only be with state=drained");
        if ("drained".equals(state)) {
            if (!port) return Result.failed("state=drained should only be used for checking a port in the wait_for module");
            return drained(args, target);
        }

        ExecResult er = target.probe(script(args, port, path, wantGone));
        long elapsed = elapsed(er.stdout());
        Result base = Result.ok().put("elapsed", elapsed).put("state", state);
        if (port) base.put("port", args.integer("port")).put("host", args.str("host"));
        if (path) base.put("path", args.str("path"));
        if (regex != null) base.put("search_regex", regex);
        if (er.rc() == TIMED_OUT)
            return base.fail(args.has("msg") ? args.str("msg") : timeoutMessage(args, port, path, wantGone));
        if (!er.ok())
            return base.fail("wait_for could not check " + (port ? args.str("host") + ":" + args.integer("port")
                    : path ? args.str("path") : "anything") + " on " + target.host() + " (rc=" + er.rc() + "): "
                    + (er.stderr().isBlank() ? "neither nc nor bash is available for a port check" : er.stderr().trim()));
        return base;
    }

    /**
     * state=drained, as Ansible's LinuxTCPConnectionInfo: every {@code sleep} seconds, list the
     * host's TCP connections and count those on the port (local address {@code host}, peer not in
     * {@code exclude_hosts}) in an active state, until none is left or {@code timeout} (counted
     * from the start, delay included) runs out. One probe per check.
     */
    private Result drained(Args args, Target target) {
        int port = args.integer("port").intValue();
        List<String> states = new ArrayList<>();
        for (String st : args.strList("active_connection_states")) {
            String u = st.strip().toUpperCase(Locale.ROOT);
            if (!KNOWN_STATES.contains(u))
                return Result.failed("unknown active_connection_state (" + st + ") defined; use one of " + String.join(", ", KNOWN_STATES));
            states.add(u);
        }
        long start = clock.now();
        long end = clock.deadline(args.integer("timeout"));
        clock.sleep(TimeUnit.SECONDS.toMillis(args.integer("delay")), ModuleException::new);
        List<InetAddress> hosts = addresses(target, args.str("host"));
        List<InetAddress> exclude = new ArrayList<>();
        for (String h : args.strList("exclude_hosts")) exclude.addAll(addresses(target, h));
        Result base = Result.ok().put("state", "drained").put("port", (long) port).put("host", args.str("host"));
        while (true) {
            ExecResult er = target.probe(TcpTable.PROBE);
            if (!er.ok())
                return base.put("elapsed", clock.secondsSince(start)).fail("wait_for could not list the TCP connections on " + target.host()
                        + " (rc=" + er.rc() + "): " + er.stderr().trim());
            long active = TcpTable.active(TcpTable.parse(er.stdout()), port, hosts, exclude, states);
            if (active == 0) return base.put("elapsed", clock.secondsSince(start));
            if (clock.millisUntil(end) == 0) break;
            clock.sleep(Math.max(1, args.integer("sleep")) * 1000L, ModuleException::new);
            if (clock.millisUntil(end) == 0) break;
        }
        return base.put("elapsed", clock.secondsSince(start)).fail(args.has("msg") ? args.str("msg")
                : "Timeout when waiting for " + args.str("host") + ":" + port + " to drain");
    }

    /** A host's addresses: an IP literal as is, localhost as 127.0.0.1 and ::1, other names resolved on the host. */
    private static List<InetAddress> addresses(Target target, String host) {
        InetAddress literal = TcpTable.literal(host);
        if (literal != null) return List.of(literal);
        if (host.equals("localhost")) return List.of(TcpTable.literal("127.0.0.1"), TcpTable.literal("::1"));
        ExecResult er = target.probe("getent ahosts " + Shell.quote(host) + " 2>/dev/null | awk '{print $1}' | sort -u");
        List<InetAddress> out = new ArrayList<>();
        for (String line : er.stdout().split("\n")) {
            InetAddress a = TcpTable.literal(line);
            if (a != null && !out.contains(a)) out.add(a);
        }
        if (out.isEmpty())
            throw new ModuleException("wait_for: can't resolve '" + host + "' on " + target.host() + "; give an IP address instead");
        return out;
    }

    /** The loop: prints {@code elapsed=N} and exits 0 when satisfied, {@link #TIMED_OUT} on timeout. */
    static String script(Args args, boolean port, boolean path, boolean wantGone) {
        long delay = args.integer("delay");
        long timeout = args.integer("timeout");
        long sleep = Math.max(1, args.integer("sleep"));
        StringBuilder s = new StringBuilder("start=$(date +%s)\n");
        if (delay > 0) s.append("sleep ").append(delay).append('\n');
        if (!port && !path) {
            // Ansible: with nothing to wait for, wait_for just sleeps for timeout
            return s.append("sleep ").append(timeout).append("\necho \"elapsed=$(( $(date +%s) - start ))\"\n").toString();
        }
        s.append("end=$((start + ").append(timeout).append("))\n");
        String regex = args.str("search_regex");
        if (port) {
            String h = Shell.quote(args.str("host"));
            String p = String.valueOf(args.integer("port"));
            String w = String.valueOf(Math.max(1, args.integer("connect_timeout")));
            s.append("__bbnc=; nc --help 2>&1 | grep -q BusyBox && __bbnc=1\n")
                    .append("__open() {\n")
                    .append("  if command -v nc >/dev/null 2>&1; then\n");
            if (regex != null)
                s.append("    nc -w ").append(w).append(' ').append(h).append(' ').append(p)
                        .append(" </dev/null 2>/dev/null | grep -Eq ").append(Shell.quote(regex)).append('\n');
            else // BusyBox's nc may have no -z (Debian's has not) and fail on every call: connect and run true instead
                s.append("    if [ -n \"$__bbnc\" ]; then nc -w ").append(w).append(' ').append(h).append(' ').append(p)
                        .append(" -e true </dev/null >/dev/null 2>&1\n")
                        .append("    else nc -z -w ").append(w).append(' ').append(h).append(' ').append(p).append(" >/dev/null 2>&1; fi\n");
            s.append("  elif command -v bash >/dev/null 2>&1; then\n");
            if (regex != null)
                s.append("    bash -c 'exec 3<>/dev/tcp/$0/$1 && timeout ").append(w).append(" cat <&3' ")
                        .append(h).append(' ').append(p).append(" 2>/dev/null | grep -Eq ").append(Shell.quote(regex)).append('\n');
            else
                s.append("    bash -c 'exec 3<>/dev/tcp/$0/$1' ").append(h).append(' ').append(p).append(" 2>/dev/null\n");
            s.append("  else echo 'neither nc nor bash is on the PATH for a port check' >&2; exit 2; fi\n}\n");
        } else {
            String f = Shell.quote(args.str("path"));
            s.append("__open() { test -e ").append(f);
            if (regex != null && !wantGone) s.append(" && grep -Eq ").append(Shell.quote(regex)).append(' ').append(f);
            s.append("; }\n");
        }
        s.append("while :; do\n")
                .append(wantGone ? "  if ! __open; then" : "  if __open; then")
                .append(" echo \"elapsed=$(( $(date +%s) - start ))\"; exit 0; fi\n")
                .append("  now=$(date +%s)\n")
                .append("  if [ \"$now\" -ge \"$end\" ]; then echo \"elapsed=$((now - start))\"; exit ")
                .append(TIMED_OUT).append("; fi\n")
                .append("  sleep ").append(sleep).append('\n')
                .append("done\n");
        return s.toString();
    }

    /** Ansible's wording for each kind of timeout. */
    static String timeoutMessage(Args args, boolean port, boolean path, boolean wantGone) {
        String regex = args.str("search_regex");
        if (port) {
            String hp = args.str("host") + ":" + args.integer("port");
            if (wantGone) return "Timeout when waiting for " + hp + " to stop.";
            if (regex != null) return "Timeout when waiting for search string " + regex + " in " + hp;
            return "Timeout when waiting for " + hp;
        }
        String p = args.str("path");
        if (wantGone) return "Timeout when waiting for " + p + " to be absent.";
        if (regex != null) return "Timeout when waiting for search string " + regex + " in " + p;
        return "Timeout when waiting for file " + p;
    }

    private static long elapsed(String stdout) {
        for (String line : stdout.split("\n"))
            if (line.startsWith("elapsed=")) {
                try { return Long.parseLong(line.substring(8).trim()); } catch (NumberFormatException e) { return 0; }
            }
        return 0;
    }
}
