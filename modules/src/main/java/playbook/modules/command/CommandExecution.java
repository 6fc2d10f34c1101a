package playbook.modules.command;

import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * What command and shell share: creates/removes, chdir, stdin, check mode, timing and the
 * Ansible result shape (rc, stdout, stderr, *_lines, start, end, delta, msg).
 */
final class CommandExecution {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private CommandExecution() {}

    /** The common argument names; each module adds its own. */
    /** The notes and return values command and shell share, added after each one's own description. */
    static playbook.engine.api.ArgSpec.Builder withRunDocs(playbook.engine.api.ArgSpec.Builder b) {
        return b
                .notes("Every run reports changed and fails when the exit status is not 0; use changed_when and failed_when to say otherwise, or creates/removes to make it idempotent.",
                    "Check mode: the command does not run; the task is skipped, or reported as changed when creates or removes is given and would let it run.",
                    "Needs only sh on the host; works the same on GNU, BusyBox and BSD/macOS userlands.")
                .returns("rc", "The exit status of the command.")
                .returns("stdout", "Standard output, trailing newlines stripped unless strip_empty_ends is false.")
                .returns("stderr", "Standard error.")
                .returns("stdout_lines", "stdout split into lines.")
                .returns("stderr_lines", "stderr split into lines.")
                .returns("cmd", "What ran: the argv list (command) or the text (shell).")
                .returns("start", "When the command started (controller clock).")
                .returns("end", "When it ended.")
                .returns("delta", "How long it ran, H:MM:SS.micro.");
    }

    static playbook.engine.api.ArgSpec.Builder commonSpec() {
        return playbook.engine.api.ArgSpec.builder()
                .freeForm("_raw_params")
                .arg("_raw_params", playbook.engine.api.ArgType.STR)
                .doc("The command line, written after the module name (free form).")
                .arg("cmd", playbook.engine.api.ArgType.STR)
                .doc("The command line, as an argument instead of free-form text.")
                .arg("chdir", playbook.engine.api.ArgType.PATH)
                .doc("Change into this directory on the host before running the command; creates and removes are resolved from it too.")
                .arg("executable", playbook.engine.api.ArgType.PATH)
                .doc("shell: the shell that runs the text as `executable -c text` (default /bin/sh). command: ignored with a warning, as in Ansible.")
                .arg("creates", playbook.engine.api.ArgType.PATH)
                .doc("A path or glob on the host; when something matches, the command is not run and the task is ok.")
                .arg("removes", playbook.engine.api.ArgType.PATH)
                .doc("A path or glob on the host; when nothing matches, the command is not run and the task is ok.")
                .arg("stdin", playbook.engine.api.ArgType.STR)
                .doc("Text written to the command's standard input.")
                .arg("stdin_add_newline", playbook.engine.api.ArgType.BOOL).defaultValue(true)
                .doc("Append a newline to stdin.")
                .arg("strip_empty_ends", playbook.engine.api.ArgType.BOOL).defaultValue(true)
                .doc("Strip trailing newlines from stdout and stderr in the result.");
    }

    /** The free-form text or cmd argument, or null. */
    static String text(Args args) {
        return args.has("_raw_params") ? args.str("_raw_params") : args.str("cmd");
    }

    /**
     * Runs {@code commandLine} (already quoted) unless creates/removes say not to.
     * {@code cmdValue} is what the result reports as {@code cmd}.
     */
    static Result run(Args args, Target target, String commandLine, Object cmdValue) {
        String chdir = args.str("chdir");
        String cd = chdir == null ? "" : "cd " + RemotePath.word(chdir) + " && ";
        String shoulda = target.checkMode() ? "Would" : "Did";
        String creates = args.str("creates");
        String removes = args.str("removes");
        if (creates != null && exists(target, cd, creates)) {
            return notRun(cmdValue, shoulda + " not run command since '" + creates + "' exists",
                    "skipped, since " + creates + " exists");
        }
        if (removes != null && !exists(target, cd, removes)) {
            return notRun(cmdValue, shoulda + " not run command since '" + removes + "' does not exist",
                    "skipped, since " + removes + " does not exist");
        }
        if (target.checkMode()) {
            String msg = "Command would have run if not in check mode";
            Result r = creates == null && removes == null ? Result.skipped(msg) : Result.changed().msg(msg);
            return shape(r, cmdValue, 0, "", "", null, null, null, args.bool("strip_empty_ends"));
        }
        byte[] stdin = null;
        if (args.has("stdin")) {
            String data = args.str("stdin");
            if (args.bool("stdin_add_newline")) data += "\n";
            stdin = data.getBytes(StandardCharsets.UTF_8);
        }
        LocalDateTime start = LocalDateTime.now();
        ExecResult er = target.apply(cd + commandLine, stdin);
        LocalDateTime end = LocalDateTime.now();
        Result r = Result.changed().msg("");
        shape(r, cmdValue, er.rc(), er.stdout(), er.stderr(), TIME.format(start), TIME.format(end),
                delta(Duration.between(start, end)), args.bool("strip_empty_ends"));
        if (er.rc() != 0) r.fail("non-zero return code");
        return r;
    }

    private static boolean exists(Target target, String cd, String pattern) {
        String test = cd + "for f in " + RemotePath.glob(pattern)
                + "; do if [ -e \"$f\" ] || [ -L \"$f\" ]; then exit 0; fi; done; exit 1";
        return target.probe(test).rc() == 0;
    }

    private static Result notRun(Object cmdValue, String msg, String stdout) {
        return shape(Result.ok().msg(msg), cmdValue, 0, stdout, "", null, null, null, true);
    }

    private static Result shape(Result r, Object cmdValue, int rc, String stdout, String stderr,
                                String start, String end, String delta, boolean strip) {
        String out = strip ? stripEnds(stdout) : stdout;
        String err = strip ? stripEnds(stderr) : stderr;
        return r.put("cmd", cmdValue).put("rc", rc).put("stdout", out).put("stderr", err)
                .put("stdout_lines", lines(out)).put("stderr_lines", lines(err))
                .put("start", start).put("end", end).put("delta", delta);
    }

    /** Python's rstrip("\r\n"). */
    static String stripEnds(String s) {
        if (s == null) return "";
        int e = s.length();
        while (e > 0 && (s.charAt(e - 1) == '\n' || s.charAt(e - 1) == '\r')) e--;
        return s.substring(0, e);
    }

    /** Python's str.splitlines() for \n, \r\n and \r. */
    static List<String> lines(String s) {
        if (s.isEmpty()) return List.of();
        String t = s.endsWith("\r\n") ? s.substring(0, s.length() - 2)
                : s.endsWith("\n") || s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        return Arrays.asList(t.split("\r\n|\n|\r", -1));
    }

    /** Python's str(timedelta): H:MM:SS.ffffff. */
    static String delta(Duration d) {
        long micros = d.toNanos() / 1000;
        long secs = micros / 1_000_000;
        return String.format("%d:%02d:%02d.%06d", secs / 3600, (secs / 60) % 60, secs % 60, micros % 1_000_000);
    }

    /** {@code exec} keeps sh from treating the first word as a builtin, keyword or assignment, as execve would. */
    static String execLine(List<String> argv) {
        return "exec " + Shell.join(argv);
    }
}
