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
            .doc("The new host's inventory name; name:port also sets ansible_ssh_port.")
            .arg("hostname", ArgType.STR)
            .doc("Same as name.")
            .arg("host", ArgType.STR)
            .doc("Same as name.")
            .arg("groups", ArgType.RAW)
            .doc("Groups to put the host in (a list or a comma-separated string); missing groups are created.")
            .arg("groupname", ArgType.RAW)
            .doc("Same as groups.")
            .arg("group", ArgType.RAW)
            .doc("Same as groups.")
            .requiredOneOf("name", "hostname", "host")
            .summary("Add a host (and its groups and variables) to the in-memory inventory")
            .description("Adds a host for the rest of the run: later plays can target it or its groups. Every other key becomes a "
                    + "host variable (ansible_host, ansible_user, ...). Runs once per play, on the first host, like Ansible's "
                    + "add_host (use a loop to add several).")
            .notes("changed when the host or a group membership is new. Nothing runs on any host; the inventory files are not changed.")
            .example("""
                - name: Reach the Pi by its fallback address while its DNS name is down
                  add_host:
                    name: pi-recovery
                    groups: [rescue]
                    ansible_host: 192.168.1.10
                    ansible_user: pi
                """)
            .build();

    private static final ArgSpec GROUP_BY_SPEC = ArgSpec.builder()
            .arg("key", ArgType.STR).required()
            .doc("The group to put the current host in (usually templated from a fact); created when missing.")
            .arg("parents", ArgType.LIST)
            .doc("Groups the new group becomes a child of.")
            .summary("Put each host in a group named from its facts or variables")
            .description("Runs per host and adds it to the group key names, for the rest of the run; later plays can target "
                    + "the group. Nothing runs on the host.")
            .notes("changed when the host was not in that group yet.")
            .example("""
                - name: Group the hosts by OS, so one play serves the Pi and the Mac
                  group_by:
                    key: "os_{{ ansible_facts['system'] | lower }}"
                    parents: [homelab]
                """)
            .build();

    private static final ArgSpec WAIT_FOR_CONNECTION_SPEC = ArgSpec.builder()
            .arg("connect_timeout", ArgType.INT).defaultValue(5L)
            .doc("Seconds one connection attempt may take.")
            .arg("delay", ArgType.INT).defaultValue(0L)
            .doc("Seconds to wait before the first attempt.")
            .arg("sleep", ArgType.INT).defaultValue(1L)
            .doc("Seconds between attempts.")
            .arg("timeout", ArgType.INT).defaultValue(600L)
            .doc("Seconds before giving up and failing the host.")
            .summary("Wait until the host can be reached again (after a reboot)")
            .description("Drops the host's connection and opens a new one (as meta: reset_connection does) until a trivial "
                    + "command runs on it, or the timeout passes. Each try connects once within connect_timeout; the "
                    + "connection that worked is kept for the tasks that follow.")
            .notes("Never changed. Runs the engine's own connection logic, not a module on the host.")
            .returns("elapsed", "Seconds it took.")
            .example("""
                - name: Reboot the Pi after moving the data disk
                  shell: nohup sh -c 'sleep 2; systemctl reboot' >/dev/null 2>&1 &
                  become: true

                - name: Wait until it answers over SSH again
                  wait_for_connection:
                    delay: 10
                    timeout: 300
                """)
            .build();

    private static ArgSpec.Builder tasks() {
        return ArgSpec.builder()
                .arg("file", ArgType.STR).aliases("_raw_params")
                .doc("The task file, relative to the including file's directory (or the role's tasks/); may be free-form text.")
                .arg("apply", ArgType.DICT)
                .doc("include_tasks: task keywords (tags, become, when, ...) applied to every included task.")
                .freeForm("file");
    }

    private static final ArgSpec INCLUDE_TASKS_SPEC = tasks()
            .summary("Include a task file at run time (dynamic)")
            .description("The file name may be templated and the include may loop: each host compiles and runs the file when it "
                    + "reaches this task. Hosts including the same file with the same arguments share the compiled tasks, so they stay "
                    + "in lockstep. Keywords on the include (when, tags) apply to the include itself; use apply for the tasks.")
            .notes("Counts one ok per included file in the recap, as in Ansible.")
            .example("""
                - name: One restore task file per service
                  include_tasks: restore-service.yaml
                  loop: "{{ restore_services }}"
                  loop_control:
                    loop_var: service

                - name: macOS-only steps on the offsite node
                  include_tasks:
                    file: offsite-macos.yaml
                    apply:
                      tags: [offsite]
                  when: ansible_facts['system'] == 'Darwin'
                """)
            .build();

    private static final ArgSpec IMPORT_TASKS_SPEC = tasks()
            .summary("Insert a task file's tasks when the playbook is compiled (static)")
            .description("The file is read when the play is compiled, before any host is contacted, so its tasks are checked and listed "
                    + "(--list-tasks) up front. Keywords on the import (when, tags, become) are copied to every imported task. The "
                    + "file name cannot come from host variables and an import cannot loop: use include_tasks for that.")
            .example("""
                - name: The checks every restore runs first
                  import_tasks: tasks/restore-checks.yaml
                  tags: [checks]
                """)
            .build();

    private static ArgSpec.Builder role() {
        return ArgSpec.builder()
                .arg("name", ArgType.STR).required().aliases("role")
                .doc("The role, found in roles/ beside the playbook or on the roles path.")
                .arg("tasks_from", ArgType.STR).defaultValue("main")
                .doc("The file in the role's tasks/ to run.")
                .arg("vars_from", ArgType.STR).defaultValue("main")
                .doc("The file in the role's vars/ to load.")
                .arg("defaults_from", ArgType.STR).defaultValue("main")
                .doc("The file in the role's defaults/ to load.")
                .arg("handlers_from", ArgType.STR).defaultValue("main")
                .doc("The file in the role's handlers/ to load.")
                .arg("public", ArgType.BOOL)
                .doc("Accepted for compatibility; not used.")
                .arg("allow_duplicates", ArgType.BOOL).defaultValue(true)
                .doc("Accepted for compatibility; not used.")
                .arg("apply", ArgType.DICT)
                .doc("include_role: task keywords (tags, become, ...) applied to every task of the role.")
                .arg("rolespec_validate", ArgType.BOOL)
                .doc("Accepted for compatibility; roles' argument_specs are not validated.");
    }

    private static final ArgSpec INCLUDE_ROLE_SPEC = role()
            .summary("Run a role's tasks at run time, as a task (dynamic)")
            .description("Loads the role (its defaults, vars, dependencies, tasks and handlers) when a host reaches this task, so it "
                    + "may loop and its name may be templated. Keywords on the task (when, tags) apply to the include itself; use "
                    + "apply for the role's tasks.")
            .notes("Counts nothing in the recap itself, as in Ansible.")
            .example("""
                - name: Restore each service with the same role
                  include_role:
                    name: restore_service
                    tasks_from: restore
                  loop: "{{ restore_services }}"
                  loop_control:
                    loop_var: service
                """)
            .build();

    private static final ArgSpec IMPORT_ROLE_SPEC = role()
            .summary("Insert a role's tasks when the playbook is compiled (static)")
            .description("Like a role in the play's roles: list, but at this place in the task list. Its tasks are compiled "
                    + "and checked before any host is contacted; keywords on the import are copied to every task of the role.")
            .example("""
                - name: Docker and the compose plugin, before the services come back
                  import_role:
                    name: docker
                  become: true
                """)
            .build();

    private static final ArgSpec VARS = ArgSpec.builder()
            .arg("file", ArgType.STR).aliases("_raw_params")
            .doc("A YAML or JSON file of variables (a dict), on the controller: looked up in the role's vars/, then beside the "
                    + "task file and the playbook (and their vars/). May be free-form text.")
            .arg("dir", ArgType.STR)
            .doc("Load every matching file in this directory instead, in sorted order (later files win).")
            .arg("name", ArgType.STR)
            .doc("Put the loaded variables under this one variable instead of at the top level.")
            .arg("depth", ArgType.INT).defaultValue(0L)
            .doc("With dir: how deep to look (0: no limit).")
            .arg("files_matching", ArgType.STR)
            .doc("With dir: only file names matching this regex.")
            .arg("ignore_files", ArgType.LIST)
            .doc("With dir: file names to skip.")
            .arg("extensions", ArgType.LIST)
            .doc("With dir: the extensions to load (default yaml, yml, json).")
            .arg("ignore_unknown_extensions", ArgType.BOOL)
            .doc("Accepted for compatibility; files with other extensions are always skipped.")
            .arg("hash_behaviour", ArgType.STR)
            .doc("Accepted for compatibility; loaded dicts replace, they are not merged.")
            .summary("Load variables from YAML or JSON files on the controller")
            .description("Reads the file(s) on the controller when the host reaches the task and sets the variables for that "
                    + "host, with include_vars precedence (above play and host vars, below set_fact and extra vars).")
            .notes("Never changed. Nothing runs on the host.")
            .returns("ansible_included_var_files", "The files that were loaded.")
            .example("""
                - name: Secrets of the offsite node
                  include_vars: vault/offsite.yaml

                - name: Per-service settings, one file each, under one variable
                  include_vars:
                    dir: services
                    name: service_settings
                """)
            .freeForm("file").build();

    private static final ArgSpec META_SPEC = ArgSpec.builder()
            .arg("_raw_params", ArgType.STR).required()
            .choices("flush_handlers", "refresh_inventory", "noop", "clear_facts", "clear_host_errors",
                    "end_play", "end_host", "end_batch", "reset_connection", "role_complete")
            .doc("What to do: flush_handlers runs the notified handlers now; end_play, end_batch and end_host stop the play "
                    + "for all hosts, the batch or this host; clear_facts forgets gathered facts and set_fact values; "
                    + "clear_host_errors brings failed hosts back; reset_connection reconnects; refresh_inventory reads the "
                    + "-i sources again; noop and role_complete do nothing here.")
            .summary("Control the run itself: flush handlers, end the play or host, reset connections")
            .description("Acts on the engine, not on a host: the run's handlers, host states, facts and connections.")
            .notes("refresh_inventory re-reads the -i sources with their group_vars/host_vars and replays the run's "
                    + "add_host and group_by, so later plays see new hosts and groups; a source broken at that point stops "
                    + "the run naming file:line (Ansible warns and goes on). noop, refresh_inventory and "
                    + "reset_connection ignore when, with a warning, as in Ansible.")
            .example("""
                - name: Restart the services now, before the restore check uses them
                  meta: flush_handlers

                - name: Nothing to restore on this host
                  meta: end_host
                  when: restore_services | length == 0
                """)
            .freeForm("_raw_params").build();

    private static final Map<String, ArgSpec> SPECS = Map.of(
            INCLUDE_TASKS, INCLUDE_TASKS_SPEC, IMPORT_TASKS, IMPORT_TASKS_SPEC,
            INCLUDE_ROLE, INCLUDE_ROLE_SPEC, IMPORT_ROLE, IMPORT_ROLE_SPEC,
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
