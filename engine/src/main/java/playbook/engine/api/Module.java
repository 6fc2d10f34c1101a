package playbook.engine.api;

/**
 * A module: turns validated arguments and host facts into commands on a {@link Target}.
 * Implementations are found through {@link java.util.ServiceLoader}. A module never sees task
 * keywords (when, loop, register...) and never sees an unrendered {@code {{ }}}.
 */
public interface Module {
    /** Short name, e.g. {@code "file"}. The registry also answers to {@code ansible.builtin.file}. */
    String name();

    /** The arguments this module accepts; checked before any host is contacted. */
    ArgSpec spec();

    /** Runs the module. Failure is {@code Result.failed(...)} or a thrown {@code ModuleException}. */
    Result run(Args args, Target target);
}
