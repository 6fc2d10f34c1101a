package playbook.modules.utility;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

/**
 * ansible.builtin.ping: proves the host runs commands (one {@code true} round trip) and returns
 * {@code ping: data}. {@code data=crash} fails on purpose, as in Ansible.
 */
public final class PingModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("data", ArgType.STR).defaultValue("pong")
            .doc("The value returned as ping; crash makes the module fail on purpose (for testing error handling).")
            .summary("Check that the host is reachable and runs commands")
            .description("Runs `true` on the host over the connection (one round trip) and returns ping: pong. Unlike Ansible's ping it needs no Python on the host, only sh.")
            .notes("Never changed. Runs the same in check mode.")
            .returns("ping", "The data argument, \"pong\" by default.")
            .example("""
                - name: The Pi and the offsite Mac answer
                  ping:

                - name: Check the Mac from the Pi's play
                  ping:
                  delegate_to: mac
                """)
            .build();

    @Override public String name() { return "ping"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String data = args.str("data");
        if (data.equals("crash")) throw new ModuleException("boom");
        var er = target.probe("true");
        if (!er.ok()) return Result.failed("ping: 'true' exited " + er.rc() + " on " + target.host() + ": " + er.stderr().trim());
        return Result.ok().put("ping", data);
    }
}
