package playbook.engine.api;

import java.nio.file.Path;

/**
 * The only way a module reaches its host. {@link #probe} always runs; {@link #apply} is
 * skipped in check mode and recorded as a change that would happen, so check mode is correct
 * by construction. Transport failures surface as {@code ConnectionException}.
 */
public interface Target {
    /** Inventory name of the host this target talks to. */
    String host();

    /** Runs a read-only command (also in check mode). */
    default ExecResult probe(String command) { return probe(command, null); }

    /** Runs a read-only command with bytes on its stdin (null for none). */
    ExecResult probe(String command, byte[] stdin);

    /** Runs a state-changing command; in check mode it is not run and returns {@link ExecResult#notRun()}. */
    default ExecResult apply(String command) { return apply(command, null); }

    /** Runs a state-changing command with bytes on its stdin (null for none). */
    ExecResult apply(String command, byte[] stdin);

    /** Uploads a local file to a remote path (skipped in check mode). */
    void put(Path local, String remotePath);

    /** Downloads a remote file to a local path (runs in check mode too: it changes nothing remote). */
    void get(String remotePath, Path local);

    /** A cached fact of this host. */
    <T> T fact(Fact<T> fact);

    /** Forgets a cached fact, e.g. after a change it describes. */
    void invalidate(Fact<?> fact);

    /** True when the task runs in check mode (-C or check_mode: true). */
    boolean checkMode();

    /** True when the task should report diffs (-D or diff: true). */
    boolean diffMode();

    /**
     * Evaluates a bare Jinja expression (no braces) against this task's variables, with native
     * types. Only for modules whose arguments are expressions by contract: assert's
     * {@code that}, debug's {@code var}.
     */
    Object evaluate(String expression);

    /**
     * Renders a template file from the controller with this task's variables, as the template
     * module does (trim_blocks on, trailing newline kept). The file's own text is the template.
     */
    String renderTemplate(Path templateFile);

    /** Evaluates a conditional the way {@code when:} does (Jinja truthiness, bare expression). */
    boolean condition(String expression);

    /**
     * Finds a controller-side file the way Ansible does: in the role's or playbook's
     * {@code subdir} (files, templates, vars) and then beside the playbook. Null when absent.
     */
    Path findFile(String subdir, String name);

    /**
     * True when the task has {@code delegate_to}: {@link #host()} and every command are then the
     * delegated host's, while {@link #inventoryHostConnection()} still describes the task's own host.
     */
    default boolean isDelegated() { return false; }

    /**
     * Whether anything can see this task's result values: a register, changed_when, failed_when
     * or until, -v, or a report. When nothing can, a module may leave out values that are costly
     * to compute and not needed for its own decision (copy's md5sum of a large source). Failed
     * results are shown either way, so a module fills them in on failure regardless.
     */
    default boolean resultObserved() { return true; }

    /**
     * How the run reaches the task's inventory host (address, port, user, key, ssh args, become),
     * also when the task is delegated. For modules whose own process connects to that host, as
     * synchronize's rsync does.
     */
    default HostConnection inventoryHostConnection() { return HostConnection.of(host()); }

    /**
     * The controller, the machine running the playbook, as a target: commands run there with
     * {@code /bin/sh -c} as the user running playbook, without become and without this task's
     * environment, with this task's check and diff flags ({@link #apply} is skipped in check mode).
     * For action plugins that work locally, as Ansible's synchronize does.
     */
    default Target controller() {
        throw new UnsupportedOperationException("this target cannot run commands on the controller");
    }

    /**
     * This target with become turned off: commands run as the login user. For action plugins that
     * escalate on the far side instead (synchronize's {@code --rsync-path=sudo rsync}). A target
     * without become returns itself.
     */
    default Target withoutBecome() { return this; }

    /** Prints a warning on the console, attributed to this host and task. */
    void warn(String message);

    /** Prints a message at a verbosity level (1 for -v, 2 for -vv, ...). */
    void log(int verbosity, String message);
}
