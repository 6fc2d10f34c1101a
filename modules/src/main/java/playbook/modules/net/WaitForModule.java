package playbook.modules.net;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;

/**
 * ansible.builtin.wait_for as one read-only probe: a bounded POSIX sh loop on the host that
 * checks a TCP port ({@code nc -z}, else bash's {@code /dev/tcp}) or a path ({@code test -e},
 * {@code grep -E} for search_regex) every {@code sleep} seconds until the wanted state holds or
 * {@code timeout} (counted from the start, delay included) runs out. Never changes anything.
 */
public final class WaitForModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("host", ArgType.STR).defaultValue("127.0.0.1")
            .arg("port", ArgType.INT)
            .arg("path", ArgType.PATH)
            .arg("state", ArgType.STR).defaultValue("started").choices("started", "stopped", "present", "absent")
            .arg("search_regex", ArgType.STR)
            .arg("delay", ArgType.INT).defaultValue(0)
            .arg("timeout", ArgType.INT).defaultValue(300)
            .arg("sleep", ArgType.INT).defaultValue(1)
            .arg("connect_timeout", ArgType.INT).defaultValue(5)
            .arg("msg", ArgType.STR)
            .mutuallyExclusive("port", "path")
            .build();

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
            s.append("__open() {\n")
                    .append("  if command -v nc >/dev/null 2>&1; then\n");
            if (regex != null)
                s.append("    nc -w ").append(w).append(' ').append(h).append(' ').append(p)
                        .append(" </dev/null 2>/dev/null | grep -Eq ").append(Shell.quote(regex)).append('\n');
            else
                s.append("    nc -z -w ").append(w).append(' ').append(h).append(' ').append(p).append(" >/dev/null 2>&1\n");
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
