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

/**
 * ansible.builtin.raw: the text goes to the connection unchanged (the login shell runs it), or
 * as {@code executable -c 'text'}. As in ansible-core 2.14 it is skipped in check mode, always
 * reports changed, keeps stdout/stderr unstripped, and fails with "non-zero return code".
 */
public final class RawModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .freeForm("_raw_params")
            .arg("_raw_params", ArgType.STR)
            .doc("The command line, sent to the host as written (the login shell runs it).")
            .arg("executable", ArgType.PATH)
            .doc("Run the text as `executable -c text` instead of through the login shell.")
            .summary("Send a command line to the host unchanged")
            .description("The text goes over the connection as written, with no quoting, no chdir and no creates/removes: the lowest-level way to run something, e.g. before the host has anything but a shell.")
            .notes("Always reports changed; fails with \"non-zero return code\" when the exit status is not 0. stdout and stderr are kept as they came (not stripped).",
                    "Skipped in check mode, as in ansible-core 2.14.")
            .returns("rc", "The exit status.")
            .returns("stdout", "Standard output, unstripped.")
            .returns("stderr", "Standard error, unstripped.")
            .returns("stdout_lines", "stdout split into lines.")
            .returns("stderr_lines", "stderr split into lines.")
            .example("""
                - name: Which userland does the offsite Mac have
                  raw: uname -s; sw_vers -productVersion
                  register: mac_os
                  changed_when: false
                  delegate_to: mac
                """)
            .build();

    @Override public String name() { return "raw"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String text = args.str("_raw_params");
        if (text == null || text.isBlank()) throw new ModuleException("raw needs a command: raw: <command>");
        if (target.checkMode()) return Result.skipped(null);
        String line = args.has("executable") ? Shell.quote(args.str("executable")) + " -c " + Shell.quote(text) : text;
        ExecResult er = target.apply(line);
        Result r = Result.changed().put("rc", er.rc()).put("stdout", er.stdout()).put("stderr", er.stderr())
                .put("stdout_lines", CommandExecution.lines(er.stdout()))
                .put("stderr_lines", CommandExecution.lines(er.stderr()));
        if (er.rc() != 0) r.fail("non-zero return code");
        return r;
    }
}
