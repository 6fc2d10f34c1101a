package playbook.engine.graph;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;

import java.util.Map;
import java.util.Set;

/** Actions the engine executes itself because they change the task graph or the variables. */
public final class EngineActions {
    private EngineActions() {}

    public static final String INCLUDE_TASKS = "include_tasks";
    public static final String IMPORT_TASKS = "import_tasks";
    public static final String INCLUDE_ROLE = "include_role";
    public static final String IMPORT_ROLE = "import_role";
    public static final String INCLUDE_VARS = "include_vars";
    public static final String META = "meta";

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
            INCLUDE_VARS, VARS, META, META_SPEC);

    public static boolean isEngineAction(String shortName) { return SPECS.containsKey(shortName); }

    public static ArgSpec spec(String shortName) { return SPECS.get(shortName); }

    public static Set<String> names() { return SPECS.keySet(); }
}
