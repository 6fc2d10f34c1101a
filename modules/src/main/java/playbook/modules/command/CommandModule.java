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
    private static final ArgSpec SPEC = CommandExecution.commonSpec()
            .arg("argv", ArgType.LIST)
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
