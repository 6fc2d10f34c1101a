package playbook.modules.command;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.Args;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

import java.util.List;

/**
 * ansible.builtin.shell: runs the text through a shell, {@code executable -c text}
 * ({@code /bin/sh} unless {@code executable} says otherwise).
 */
public final class ShellModule implements Module {
    private static final ArgSpec SPEC = CommandExecution.commonSpec()
            .summary("Run a command line through a shell on the host")
            .description("Runs the text as `/bin/sh -c text` (or `executable -c text`), so pipes, redirections, globs, && and $VARIABLES work. The text is passed as one quoted word; templated values inside it are not quoted for you: use the quote filter.")
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
            .returns("delta", "How long it ran, H:MM:SS.micro.")
            .example("""
                - name: Free space on the backup disk, in KiB
                  shell: df -Pk /mnt/hdd | awk 'NR==2 {print $4}'
                  register: hdd_free
                  changed_when: false

                - name: Dump the Grafana database before the cold backup
                  shell: docker compose exec -T db pg_dumpall -U postgres > /srv/services/grafana/data/dump.sql
                  args:
                    chdir: /srv/services/grafana
                    executable: /bin/bash
                """)
            .build();

    @Override public String name() { return "shell"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String text = CommandExecution.text(args);
        if (text == null || text.isBlank()) throw new ModuleException("no command given");
        String shell = args.str("executable", "/bin/sh");
        String line = CommandExecution.execLine(List.of(shell, "-c", text));
        return CommandExecution.run(args, target, line, text);
    }
}
