package playbook.modules.command;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

import java.util.List;

/**
 * ansible.builtin.command: runs a program with arguments and no shell. Free-form text is split
 * like Python's shlex; {@code argv} gives the words directly. The words are quoted one by one,
 * so nothing in them is interpreted by the remote shell.
 */
public final class CommandModule implements Module {
    private static final ArgSpec SPEC = CommandExecution.withRunDocs(CommandExecution.commonSpec()
            .arg("argv", ArgType.LIST)
            .doc("The program and its arguments as a list; use instead of a command line when words contain spaces or quotes.")
            .summary("Run a program on the host, without a shell")
            .description("Runs a program with its arguments. Free-form text is split into words like a POSIX shell would split them (shlex), and each word is quoted on its way to the host, so $HOME, *, | and ; reach the program literally. Use shell for pipes, redirections and variables."))
            .example("""
                - name: Show what Docker Compose runs on the Pi
                  command: docker compose ls --format json
                  register: compose_ls
                  changed_when: false

                - name: Initialise the restic repository on the HDD once
                  command: restic init --repo /mnt/hdd/restic
                  args:
                    creates: /mnt/hdd/restic/config

                - name: Words with spaces, no quoting to get wrong
                  command:
                    argv:
                      - tar
                      - -tzf
                      - /mnt/hdd/backups/pi services.tar.gz
                  changed_when: false
                """)
            .build();

    @Override public String name() { return "command"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String text = CommandExecution.text(args);
        boolean hasText = text != null && !text.isBlank();
        if (hasText && args.has("argv"))
            throw new ModuleException("only command or argv can be specified, not both");
        List<String> argv = hasText ? ShlexSplitter.split(text) : args.strList("argv");
        if (argv.isEmpty() || argv.get(0).isBlank()) throw new ModuleException("no command given");
        if (args.has("executable"))
            target.warn("As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '"
                    + args.str("executable") + "'.");
        return CommandExecution.run(args, target, CommandExecution.execLine(argv), argv);
    }
}
