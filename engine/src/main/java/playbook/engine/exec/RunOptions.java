package playbook.engine.exec;

import playbook.engine.connection.ConnectionOptions;

import java.util.List;
import java.util.Set;

/**
 * The command-line choices that shape a run (ansible-playbook's options).
 *
 * @param taskTimeout seconds a task may run before it is ended ({@code --task-timeout}, {@code [defaults] task_timeout}); 0 for no limit
 */
public record RunOptions(boolean check, boolean diff, int forks, Set<String> tags, Set<String> skipTags,
                         String limit, int verbosity, String startAtTask, boolean step, boolean forceHandlers,
                         int timeout, List<String> inventorySources, String defaultRemoteUser, boolean become,
                         String becomeUser, String becomeMethod, ConnectionOptions connection, int taskTimeout) {

    public RunOptions {
        if (connection == null) connection = ConnectionOptions.defaults().withTimeout(timeout);
        if (taskTimeout < 0) taskTimeout = 0;
    }

    /** Without a task timeout ({@code --task-timeout} 0). */
    public RunOptions(boolean check, boolean diff, int forks, Set<String> tags, Set<String> skipTags,
                      String limit, int verbosity, String startAtTask, boolean step, boolean forceHandlers,
                      int timeout, List<String> inventorySources, String defaultRemoteUser, boolean become,
                      String becomeUser, String becomeMethod, ConnectionOptions connection) {
        this(check, diff, forks, tags, skipTags, limit, verbosity, startAtTask, step, forceHandlers, timeout, inventorySources,
                defaultRemoteUser, become, becomeUser, becomeMethod, connection, 0);
    }

    /** The same options with {@code --task-timeout} (seconds, 0 for none). */
    public RunOptions withTaskTimeout(int seconds) {
        return new RunOptions(check, diff, forks, tags, skipTags, limit, verbosity, startAtTask, step, forceHandlers, timeout,
                inventorySources, defaultRemoteUser, become, becomeUser, becomeMethod, connection, seconds);
    }

    public static RunOptions defaults() {
        return new RunOptions(false, false, 5, Set.of("all"), Set.of(), null, 0, null, false, false, 10, List.of(),
                null, false, "root", "sudo", null);
    }
}
