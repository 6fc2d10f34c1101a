package playbook.engine.exec;

import playbook.engine.connection.ConnectionOptions;

import java.util.List;
import java.util.Set;

/** The command-line choices that shape a run (ansible-playbook's options). */
public record RunOptions(boolean check, boolean diff, int forks, Set<String> tags, Set<String> skipTags,
                         String limit, int verbosity, String startAtTask, boolean step, boolean forceHandlers,
                         int timeout, List<String> inventorySources, String defaultRemoteUser, boolean become,
                         String becomeUser, String becomeMethod, ConnectionOptions connection) {

    public RunOptions {
        if (connection == null) connection = ConnectionOptions.defaults().withTimeout(timeout);
    }

    public static RunOptions defaults() {
        return new RunOptions(false, false, 5, Set.of("all"), Set.of(), null, 0, null, false, false, 10, List.of(),
                null, false, "root", "sudo", null);
    }
}
