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
    private static final ArgSpec SPEC = CommandExecution.withRunDocs(CommandExecution.commonSpec()
            .summary("Run a command line through a shell on the host")
            .description("Runs the text as `/bin/sh -c text` (or `executable -c text`), so pipes, redirections, globs, && and $VARIABLES work. The text is passed as one quoted word; templated values inside it are not quoted for you: use the quote filter."))
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
