package playbook.modules.command;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import java.nio.file.Path;
import java.util.List;

/**
 * ansible.builtin.script: a controller script (found in the play's or role's {@code files/}) is
 * uploaded into a fresh private directory on the host ({@code mktemp -d}, mode 0700), made
 * executable (0700) and run as {@code [cd chdir &&] [executable] script args}; the directory is
 * removed whatever happened. The arguments after the script name reach the remote shell as
 * written, as in Ansible. Check mode is only supported with creates/removes (2.14).
 */
public final class ScriptModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .freeForm("_raw_params")
            .arg("_raw_params", ArgType.STR)
            .doc("The script's path on the controller (looked up in the play's or role's files/), then its arguments, which reach the remote shell as written.")
            .arg("cmd", ArgType.STR)
            .doc("The script and its arguments, as an argument instead of free-form text.")
            .arg("chdir", ArgType.PATH)
            .doc("Change into this directory on the host before running the script.")
            .arg("creates", ArgType.PATH)
            .doc("A path or glob on the host; when something matches, the script is not run.")
            .arg("removes", ArgType.PATH)
            .doc("A path or glob on the host; when nothing matches, the script is not run.")
            .arg("executable", ArgType.PATH)
            .doc("Run the script with this interpreter (e.g. /bin/bash) instead of its #! line.")
            .arg("decrypt", ArgType.BOOL).defaultValue(true)
            .doc("Accepted for Ansible compatibility; the script is uploaded as it is on disk.")
            .summary("Upload a local script to the host and run it")
            .description("Uploads the script into a fresh private directory on the host (mktemp -d, mode 0700), makes it executable and runs it; the directory is removed afterwards whether the script succeeded or not. The script needs whatever interpreter its #! line names on the host.")
            .notes("Reports changed when it runs; fails when the exit status is not 0.",
                    "Check mode: skipped, unless creates or removes is given (then reported as changed when it would run).")
            .returns("rc", "The exit status.")
            .returns("stdout", "Standard output.")
            .returns("stderr", "Standard error.")
            .returns("stdout_lines", "stdout split into lines.")
            .returns("stderr_lines", "stderr split into lines.")
            .example("""
                - name: Prepare the HDD mount point with our helper script
                  script: prepare-hdd.sh /dev/sda1 /mnt/hdd
                  args:
                    creates: /mnt/hdd/.prepared
                """)
            .build();

    @Override public String name() { return "script"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String text = args.has("_raw_params") ? args.str("_raw_params") : args.str("cmd");
        if (text == null || text.isBlank()) throw new ModuleException("script needs a script path: script: <path> [args]");
        String[] split = splitFirst(text.strip());
        String creates = args.str("creates");
        String removes = args.str("removes");
        if (creates != null && exists(target, creates))
            return Result.skipped(creates + " exists, matching creates option");
        if (removes != null && !exists(target, removes))
            return Result.skipped(removes + " does not exist, matching removes option");
        if (target.checkMode()) {
            if (creates != null || removes != null) return Result.changed();
            return Result.skipped("Check mode is not supported for this task.");
        }
        Path local = target.findFile("files", split[0]);
        if (local == null)
            return Result.failed("Could not find or access '" + split[0] + "' on the Ansible Controller.");

        ExecResult mk = target.apply("umask 077 && mktemp -d \"${TMPDIR:-/tmp}/.playbook-script-XXXXXXXX\"");
        if (!mk.ok() || mk.stdout().isBlank())
            return Result.failed("can't create a temp dir on " + target.host() + " for script " + split[0] + ": "
                    + mk.stderr().strip());
        String dir = mk.stdout().strip();
        String remote = dir + "/" + local.getFileName();
        String run = (args.has("chdir") ? "cd " + RemotePath.word(args.str("chdir")) + " && " : "")
                + (args.has("executable") ? Shell.quote(args.str("executable")) + " " : "") + Shell.quote(remote) + split[1];
        ExecResult er;
        try {
            target.put(local, remote);
            er = target.apply("chmod 0700 " + Shell.quote(remote) + " && { " + run + "\n}; __rc=$?; rm -rf "
                    + Shell.quote(dir) + "; exit $__rc");
        } catch (RuntimeException e) {
            target.apply("rm -rf " + Shell.quote(dir));
            throw e;
        }
        Result r = Result.changed().put("rc", er.rc()).put("stdout", er.stdout()).put("stderr", er.stderr())
                .put("stdout_lines", CommandExecution.lines(er.stdout()))
                .put("stderr_lines", CommandExecution.lines(er.stderr()));
        if (er.rc() != 0) r.fail("non-zero return code");
        return r;
    }

    /** The script path (unquoted) and the rest of the text as written (with its leading space). */
    static String[] splitFirst(String text) {
        char c = text.charAt(0);
        int end;
        if (c == '\'' || c == '"') {
            end = text.indexOf(c, 1);
            if (end < 0) throw new ModuleException("script: unbalanced quote in: " + text);
            return new String[] {text.substring(1, end), text.substring(end + 1)};
        }
        end = 0;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) end++;
        List<String> first = ShlexSplitter.split(text.substring(0, end));
        return new String[] {first.isEmpty() ? "" : first.get(0), text.substring(end)};
    }

    private static boolean exists(Target target, String path) {
        return target.probe("[ -e " + RemotePath.word(path) + " ] || [ -L " + RemotePath.word(path) + " ]").rc() == 0;
    }
}
