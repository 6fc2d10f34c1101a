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
    private static final ArgSpec SPEC = CommandExecution.commonSpec().build();

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
