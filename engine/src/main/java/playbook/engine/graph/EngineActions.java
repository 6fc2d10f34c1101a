package playbook.engine.graph;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;

import java.util.Map;
import java.util.Set;

/**
 * Actions the engine executes itself because they change the task graph, the variables, the
 * inventory (add_host, group_by) or the host's connection (wait_for_connection).
 */
public final class EngineActions {
    private EngineActions() {}

    public static final String INCLUDE_TASKS = "include_tasks";
    public static final String IMPORT_TASKS = "import_tasks";
    public static final String INCLUDE_ROLE = "include_role";
    public static final String IMPORT_ROLE = "import_role";
    public static final String INCLUDE_VARS = "include_vars";
    public static final String META = "meta";
    public static final String ADD_HOST = "add_host";
    public static final String GROUP_BY = "group_by";
    public static final String WAIT_FOR_CONNECTION = "wait_for_connection";

    /**
     * add_host: the host name (name, hostname or host; "name:port" sets ansible_ssh_port), groups
     * (groups, groupname or group: a list or a comma-separated string) and any other key as a host
     * var. As in Ansible, only name, hostname, groupname and groups are kept out of the host vars.
     */
    private static final ArgSpec ADD_HOST_SPEC = ArgSpec.builder()
            .anyKeys()
            .arg("name", ArgType.STR)
            .arg("hostname", ArgType.STR)
            .arg("host", ArgType.STR)
            .arg("groups", ArgType.RAW)
            .arg("groupname", ArgType.RAW)
            .arg("group", ArgType.RAW)
            .requiredOneOf("name", "hostname", "host")
            .build();

    private static final ArgSpec GROUP_BY_SPEC = ArgSpec.builder()
            .arg("key", ArgType.STR).required()
            .arg("parents", ArgType.LIST)
            .build();

    private static final ArgSpec WAIT_FOR_CONNECTION_SPEC = ArgSpec.builder()
            .arg("connect_timeout", ArgType.INT).defaultValue(5L)
            .arg("delay", ArgType.INT).defaultValue(0L)
            .arg("sleep", ArgType.INT).defaultValue(1L)
            .arg("timeout", ArgType.INT).defaultValue(600L)
            .build();

    private static final ArgSpec TASKS = ArgSpec.builder()
            .arg("file", ArgType.STR).aliases("_raw_params")
            .arg("apply", ArgType.DICT)
            .freeForm("file").build();

    private static final ArgSpec ROLE = ArgSpec.builder()
            .arg("name", ArgType.STR).required().aliases("role")
            .arg("tasks_from", ArgType.STR).defaultValue("main")
            .arg("vars_from", ArgType.STR).defaultValue("main")
            .arg("defaults_from", ArgType.STR).defaultValue("main")
            .arg("handlers_from", ArgType.STR).defaultValue("main")
            .arg("public", ArgType.BOOL)
            .arg("allow_duplicates", ArgType.BOOL).defaultValue(true)
            .arg("apply", ArgType.DICT)
            .arg("rolespec_validate", ArgType.BOOL)
            .build();

    private static final ArgSpec VARS = ArgSpec.builder()
            .arg("file", ArgType.STR).aliases("_raw_params")
            .arg("dir", ArgType.STR)
            .arg("name", ArgType.STR)
            .arg("depth", ArgType.INT).defaultValue(0L)
            .arg("files_matching", ArgType.STR)
            .arg("ignore_files", ArgType.LIST)
            .arg("extensions", ArgType.LIST)
            .arg("ignore_unknown_extensions", ArgType.BOOL)
            .arg("hash_behaviour", ArgType.STR)
            .freeForm("file").build();

    private static final ArgSpec META_SPEC = ArgSpec.builder()
            .arg("_raw_params", ArgType.STR).required()
            .choices("flush_handlers", "refresh_inventory", "noop", "clear_facts", "clear_host_errors",
                    "end_play", "end_host", "end_batch", "reset_connection", "role_complete")
            .freeForm("_raw_params").build();

    private static final Map<String, ArgSpec> SPECS = Map.of(
            INCLUDE_TASKS, TASKS, IMPORT_TASKS, TASKS,
            INCLUDE_ROLE, ROLE, IMPORT_ROLE, ROLE,
            INCLUDE_VARS, VARS, META, META_SPEC, ADD_HOST, ADD_HOST_SPEC, GROUP_BY, GROUP_BY_SPEC,
            WAIT_FOR_CONNECTION, WAIT_FOR_CONNECTION_SPEC);

    public static boolean isEngineAction(String shortName) { return SPECS.containsKey(shortName); }

    /**
     * Actions that run once for the whole play, on its first host, like Ansible's action plugins
     * with BYPASS_HOST_LOOP: unlike run_once, the result (and register) stays with that host.
     */
    public static boolean bypassesHostLoop(String shortName) { return ADD_HOST.equals(shortName); }

    public static ArgSpec spec(String shortName) { return SPECS.get(shortName); }

    public static Set<String> names() { return SPECS.keySet(); }
}
