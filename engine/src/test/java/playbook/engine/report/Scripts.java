package playbook.engine.report;

import playbook.engine.api.Result;

import java.util.LinkedHashMap;
import java.util.Map;

import static playbook.engine.report.Events.*;

/**
 * The event sequences the runner would send for the playbooks whose real ansible-playbook 2.14
 * output is in {@code golden/} (basic.yml, fail.yml, diff.yml: see ReportGoldenTest).
 */
final class Scripts {
    private Scripts() {}

    static final String DEBUG = "\"_ansible_verbose_always\": true, \"_ansible_action\": \"debug\", \"failed\": false";

    /** basic.yml on localhost (debug, command, loops, skip, ignored failure, no_log, handler, assert). */
    static void basic(RunListener l) {
        l.playbookStart("/tmp/gold/basic.yml", false);
        l.verbose(1, "No config file found; using defaults");
        l.playStart("Basic play");
        TaskInfo t = task("say hello");
        l.taskStart(t);
        l.hostResult(res("localhost", t, Status.OK, "{\"changed\": false, \"msg\": \"hello\", " + DEBUG + "}"));
        t = task("show var");
        l.taskStart(t);
        l.hostResult(res("localhost", t, Status.OK, "{\"foo\": {\"b\": 1, \"a\": [1, \"x\"], \"c\": null, \"d\": true, "
                + "\"e\": 1.5, \"f\": {}, \"g\": []}, \"changed\": false, " + DEBUG + "}"));
        t = task("run cmd");
        l.taskStart(t);
        l.hostResult(res("localhost", t, Status.CHANGED, "{\"ansible_facts\": {\"discovered_interpreter_python\": \"/usr/bin/python3\"}, "
                + "\"changed\": true, \"cmd\": [\"echo\", \"hi\"], \"delta\": \"0:00:00.008308\", \"end\": \"2026-11-22 07:57:21.153008\", "
                + "\"msg\": \"\", \"rc\": 0, \"start\": \"2026-11-22 07:57:21.144700\", \"stderr\": \"\", \"stderr_lines\": [], "
                + "\"stdout\": \"hi\", \"stdout_lines\": [\"hi\"], \"failed\": false, "
                + "\"invocation\": {\"module_args\": {\"_raw_params\": \"echo hi\"}}, \"_ansible_no_log\": false}"));
        t = task("skipped one");
        l.taskStart(t);
        l.hostResult(res("localhost", t, Status.SKIPPED, "{\"changed\": false, \"skip_reason\": \"Conditional result was False\", \"skipped\": true}"));
        t = task("ok cmd");
        l.taskStart(t);
        l.hostResult(res("localhost", t, Status.OK, "{\"changed\": false, \"cmd\": [\"echo\", \"ok\"], \"delta\": \"0:00:00.014656\", "
                + "\"end\": \"2026-11-22 07:57:21.545431\", \"msg\": \"\", \"rc\": 0, \"start\": \"2026-11-22 07:57:21.530775\", "
                + "\"stderr\": \"\", \"stderr_lines\": [], \"stdout\": \"ok\", \"stdout_lines\": [\"ok\"]}"));
        t = task("loop");
        l.taskStart(t);
        l.hostResult(item("localhost", t, Status.CHANGED, "a", cmdItem("a", "0:00:00.014302", "2026-11-22 07:57:22.257888", "2026-11-22 07:57:22.243586")));
        l.hostResult(item("localhost", t, Status.CHANGED, "b", cmdItem("b", "0:00:00.018588", "2026-11-22 07:57:22.831429", "2026-11-22 07:57:22.812841")));
        l.hostResult(summary("localhost", t, Status.CHANGED, "{\"changed\": true, \"msg\": \"All items completed\", \"results\": []}", false));
        t = task("loop ok");
        l.taskStart(t);
        l.hostResult(item("localhost", t, Status.OK, 1L, "{\"msg\": 1, \"ansible_loop_var\": \"item\", \"item\": 1, \"changed\": false, " + DEBUG + "}"));
        Map<String, Object> kv = new LinkedHashMap<>();
        kv.put("k", "v");
        l.hostResult(item("localhost", t, Status.OK, kv, "{\"msg\": {\"k\": \"v\"}, \"ansible_loop_var\": \"item\", \"item\": {\"k\": \"v\"}, \"changed\": false, " + DEBUG + "}"));
        l.hostResult(summary("localhost", t, Status.OK, "{\"changed\": false, \"msg\": \"All items completed\"}", false));
        t = task("loop skip some");
        l.taskStart(t);
        l.hostResult(item("localhost", t, Status.CHANGED, "x", cmdItem("x", "0:00:00.009844", "2026-11-22 07:57:23.559866", "2026-11-22 07:57:23.550022")));
        l.hostResult(item("localhost", t, Status.SKIPPED, "y", "{\"ansible_loop_var\": \"item\", \"changed\": false, \"item\": \"y\", "
                + "\"skip_reason\": \"Conditional result was False\", \"skipped\": true}"));
        l.hostResult(summary("localhost", t, Status.CHANGED, "{\"changed\": true}", false));
        t = task("failing ignored");
        l.taskStart(t);
        l.hostResult(ignored("localhost", t, Status.FAILED, "{\"changed\": false, \"failed\": true, \"msg\": \"boom \\\"quoted\\\" é\\ttab\"}"));
        t = task("secret");
        l.taskStart(t);
        l.hostResult(secret("localhost", t, Status.CHANGED, null, false, false, "{\"changed\": true, \"stdout\": \"secret\", \"cmd\": [\"echo\", \"secret\"]}"));
        t = task("secret loop");
        l.taskStart(t);
        l.hostResult(secret("localhost", t, Status.CHANGED, "s1", false, false, "{\"changed\": true, \"stdout\": \"s1\", \"item\": \"s1\"}"));
        l.hostResult(secret("localhost", t, Status.CHANGED, null, true, false, "{\"changed\": true, \"results\": [{\"item\": \"s1\"}]}"));
        t = task("unicode ✓");
        l.taskStart(t);
        l.hostResult(res("localhost", t, Status.OK, "{\"changed\": false, \"msg\": \"héllo ✓\", " + DEBUG + "}"));
        t = task("notify");
        l.taskStart(t);
        l.hostResult(res("localhost", t, Status.CHANGED, "{\"changed\": true, \"cmd\": [\"echo\", \"n\"], \"delta\": \"0:00:00.008309\", "
                + "\"end\": \"2026-11-22 07:57:24.936841\", \"msg\": \"\", \"rc\": 0, \"start\": \"2026-11-22 07:57:24.928532\", "
                + "\"stderr\": \"\", \"stderr_lines\": [], \"stdout\": \"n\", \"stdout_lines\": [\"n\"]}"));
        t = task("check it");
        l.taskStart(t);
        l.hostResult(res("localhost", t, Status.OK, "{\"changed\": false, \"msg\": \"All assertions passed\", "
                + "\"_ansible_verbose_always\": true, \"_ansible_action\": \"assert\"}"));
        t = new TaskInfo("my handler", null, null, true);
        l.taskStart(t);
        l.hostResult(res("localhost", t, Status.OK, "{\"changed\": false, \"msg\": \"handled\", " + DEBUG + "}"));
        Map<String, HostStats> stats = new LinkedHashMap<>();
        stats.put("localhost", new HostStats(14, 6, 0, 0, 1, 0, 1));
        l.recap(stats);
    }

    private static String cmdItem(String item, String delta, String end, String start) {
        return "{\"ansible_loop_var\": \"item\", \"changed\": true, \"cmd\": [\"echo\", \"" + item + "\"], \"delta\": \"" + delta
                + "\", \"end\": \"" + end + "\", \"item\": \"" + item + "\", \"msg\": \"\", \"rc\": 0, \"start\": \"" + start
                + "\", \"stderr\": \"\", \"stderr_lines\": [], \"stdout\": \"" + item + "\", \"stdout_lines\": [\"" + item + "\"]}";
    }

    /** fail.yml ({@code alphaFirst}: the order the two ok hosts finished in that run): unreachable, skips, no hosts matched, role, delegation, retries, loop failure, no_log failure, rescue. */
    static void fail(RunListener l, boolean alphaFirst, String retryDelta, String retryEnd, String retryStart) {
        String pb = "/tmp/gold/fail.yml";
        l.playbookStart(pb, false);
        l.verbose(2, "3 plays in fail.yml");
        l.playStart("Multi");
        TaskInfo t = task("ping it", pb, 5);
        l.taskStart(t);
        String pong = "{\"ansible_facts\": {\"discovered_interpreter_python\": \"/usr/bin/python3\"}, \"changed\": false, \"ping\": \"pong\"}";
        l.hostResult(new HostResult("zzbad", null, t, Status.UNREACHABLE, json("{\"changed\": false, \"msg\": \"Failed to connect to the host "
                + "via ssh: ssh: connect to host 127.0.0.1 port 1: Connection refused\", \"unreachable\": true}"), null, false, null, false, false));
        for (String h : alphaFirst ? new String[] {"alpha", "localhost"} : new String[] {"localhost", "alpha"}) {
            l.hostResult(res(h, t, Status.OK, pong));
        }
        t = task("cmd", pb, 7);
        l.taskStart(t);
        l.hostResult(res("alpha", t, Status.SKIPPED, "{\"changed\": false, \"skip_reason\": \"Conditional result was False\", \"skipped\": true}"));
        l.hostResult(res("localhost", t, Status.OK, "{\"changed\": false, \"ping\": \"x\"}"));
        l.warning("Could not match supplied host pattern, ignoring: nomatch");
        l.playStart("nomatch");
        l.notice("skipping: no hosts matched");
        l.playStart("Failures");
        t = new TaskInfo("role task", "web", new playbook.engine.model.SourceLocation("/tmp/gold/roles/web/tasks/main.yml", 1, 3), false);
        l.taskStart(t);
        l.hostResult(res("localhost", t, Status.OK, "{\"changed\": false, \"msg\": \"from role\", " + DEBUG + "}"));
        t = task("delegated", pb, 18);
        l.taskStart(t);
        l.hostResult(new HostResult("localhost", "alpha", t, Status.OK, json("{\"changed\": false, \"ping\": \"pong\"}"), null, false, null, false, false));
        t = task("retry", pb, 21);
        l.taskStart(t);
        l.retry("localhost", t, 2);
        l.retry("localhost", t, 1);
        l.hostResult(ignored("localhost", t, Status.FAILED, "{\"attempts\": 2, \"changed\": true, \"cmd\": [\"/bin/false\"], \"delta\": \""
                + retryDelta + "\", \"end\": \"" + retryEnd + "\", \"failed\": true, \"msg\": \"non-zero return code\", \"rc\": 1, \"start\": \""
                + retryStart + "\", \"stderr\": \"\", \"stderr_lines\": [], \"stdout\": \"\", \"stdout_lines\": []}"));
        t = task("loop fail", pb, 28);
        l.taskStart(t);
        l.hostResult(item("localhost", t, Status.SKIPPED, "good", "{\"ansible_loop_var\": \"item\", \"changed\": false, \"item\": \"good\", "
                + "\"skip_reason\": \"Conditional result was False\", \"skipped\": true}"));
        l.hostResult(item("localhost", t, Status.FAILED, "worse", "{\"ansible_loop_var\": \"item\", \"changed\": false, \"item\": \"worse\", "
                + "\"msg\": \"bad worse\", \"failed\": true}"));
        l.hostResult(summary("localhost", t, Status.FAILED, "{\"changed\": false, \"msg\": \"One or more items failed\", \"failed\": true}", true));
        t = task("all skipped loop", pb, 33);
        l.taskStart(t);
        for (long i = 1; i <= 2; i++) {
            l.hostResult(item("localhost", t, Status.SKIPPED, i, "{\"ansible_loop_var\": \"item\", \"changed\": false, \"item\": " + i
                    + ", \"skip_reason\": \"Conditional result was False\", \"skipped\": true, \"_ansible_action\": \"debug\"}"));
        }
        l.hostResult(summary("localhost", t, Status.SKIPPED, "{\"changed\": false, \"msg\": \"All items skipped\", \"skipped\": true, "
                + "\"results\": [], \"_ansible_action\": \"debug\"}", false));
        t = task("secret fail", pb, 37);
        l.taskStart(t);
        l.hostResult(secret("localhost", t, Status.FAILED, null, false, true, "{\"changed\": false, \"failed\": true, \"msg\": \"hidden\"}"));
        t = task("fail in block", pb, 42);
        l.taskStart(t);
        l.hostResult(res("localhost", t, Status.FAILED, "{\"changed\": false, \"failed\": true, \"msg\": \"boom\"}"));
        t = task("rescued", pb, 46);
        l.taskStart(t);
        l.hostResult(res("localhost", t, Status.OK, "{\"changed\": false, \"msg\": \"rescued\", " + DEBUG + "}"));
        t = task("a very long task name that is really long and goes past the eighty column limit for sure", pb, 48);
        l.taskStart(t);
        l.hostResult(res("localhost", t, Status.OK, "{\"changed\": false, \"msg\": \"x\", " + DEBUG + "}"));
        t = task("final fail", pb, 50);
        l.taskStart(t);
        l.hostResult(res("localhost", t, Status.FAILED, "{\"changed\": false, \"failed\": true, \"msg\": \"stop\"}"));
        Map<String, HostStats> stats = new LinkedHashMap<>();
        stats.put("alpha", new HostStats(1, 0, 0, 0, 1, 0, 0));
        stats.put("localhost", new HostStats(9, 1, 0, 1, 1, 1, 3));
        stats.put("zzbad", new HostStats(0, 0, 1, 0, 0, 0, 0));
        l.recap(stats);
    }

    /** diff.yml with --diff; {@code tmp} are the three temporary "after" paths of that run. */
    static void diffs(RunListener l, String... tmp) {
        l.playStart("Diffs");
        for (String name : new String[] {"prep", "prep2"}) {
            TaskInfo t = task(name);
            l.taskStart(t);
            l.hostResult(res("localhost", t, Status.CHANGED, "{\"changed\": true}"));
        }
        TaskInfo t = task("prep3");
        l.taskStart(t);
        l.hostResult(res("localhost", t, Status.OK, "{\"changed\": false}"));
        t = task("edit");
        l.taskStart(t);
        l.hostResult(diff("localhost", t, new Result.Diff("/tmp/gold/f2.txt", "a\nb\nc\n", tmp[0], "a\nB\nc")));
        t = task("two hunks");
        l.taskStart(t);
        StringBuilder before = new StringBuilder();
        for (int i = 1; i <= 20; i++) before.append("l").append(i).append('\n');
        String after = before.toString().replace("l3\n", "l3 changed\n").replace("l17\n", "l17 changed\n") + "l21\n";
        l.hostResult(diff("localhost", t, new Result.Diff("/tmp/gold/big.txt", before.toString(), tmp[1], after)));
        t = task("new file");
        l.taskStart(t);
        l.hostResult(diff("localhost", t, new Result.Diff(null, "", tmp[2], "x\ny\n")));
        t = task("lineinfile");
        l.taskStart(t);
        String h = "/tmp/gold/f3.txt (content)";
        l.hostResult(diff("localhost", t, new Result.Diff(h, "x\ny\n", h, "x\ny\nz\n")));
        t = task("file state");
        l.taskStart(t);
        l.hostResult(diff("localhost", t, new Result.Diff(null, "{\n    \"mode\": \"0644\",\n    \"path\": \"/tmp/gold/f3.txt\"\n}\n",
                null, "{\n    \"mode\": \"0600\",\n    \"path\": \"/tmp/gold/f3.txt\"\n}\n")));
        Map<String, HostStats> stats = new LinkedHashMap<>();
        stats.put("localhost", new HostStats(8, 7, 0, 0, 0, 0, 0));
        l.recap(stats);
    }
}
