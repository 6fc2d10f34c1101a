package playbook.engine.parse;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keywords each level of a playbook accepts, as ansible-core 2.14 defines them (the
 * FieldAttributes of Play, Block, Task, Handler, RoleDefinition, RoleMetadata and
 * PlaybookInclude). Anything else in a task is taken to be its action.
 */
final class Keywords {
    private Keywords() {}

    /** Keywords every playbook object has (Base, Conditional-less). */
    private static final Set<String> BASE = Set.of(
            "name", "connection", "port", "remote_user", "vars", "module_defaults", "environment", "no_log",
            "run_once", "ignore_errors", "ignore_unreachable", "check_mode", "diff", "any_errors_fatal",
            "throttle", "timeout", "debugger", "become", "become_method", "become_user", "become_flags",
            "become_exe");

    static final Set<String> PLAY = union(BASE, Set.of(
            "hosts", "gather_facts", "gather_subset", "gather_timeout", "fact_path", "vars_files", "vars_prompt",
            "roles", "handlers", "pre_tasks", "post_tasks", "tasks", "force_handlers", "max_fail_percentage",
            "serial", "strategy", "order", "tags", "collections"));

    /** Play keys that become record fields rather than keywords. */
    static final Set<String> PLAY_SECTIONS = Set.of("pre_tasks", "tasks", "post_tasks", "handlers", "roles");

    static final Set<String> BLOCK = union(BASE, Set.of(
            "block", "rescue", "always", "delegate_to", "delegate_facts", "notify", "tags", "when", "collections"));

    static final Set<String> TASK = union(BASE, Set.of(
            "action", "args", "async", "changed_when", "delay", "delegate_to", "delegate_facts", "failed_when",
            "loop", "loop_control", "notify", "poll", "register", "retries", "until", "tags", "when",
            "collections", "local_action"));

    static final Set<String> HANDLER = union(TASK, Set.of("listen"));

    /** Keys of a role reference ({@code roles:} entry or meta dependency) that are keywords, not role params. */
    static final Set<String> ROLE_REF = union(BASE, Set.of("role", "tags", "when", "collections"));

    static final Set<String> ROLE_META = union(BASE, Set.of(
            "allow_duplicates", "dependencies", "galaxy_info", "argument_specs", "collections"));

    static final Set<String> IMPORT_PLAYBOOK = union(BASE, Set.of("import_playbook", "tags", "when"));

    /** Actions Ansible always recognises, whatever plugins exist (mod_args.BUILTIN_TASKS). */
    static final Set<String> BUILTIN_ACTIONS = Set.of(
            "meta", "include", "include_tasks", "include_role", "import_tasks", "import_role");

    /** Modules whose string argument is free text rather than k=v pairs (C.MODULE_REQUIRE_ARGS + raw-param modules). */
    static final Set<String> FREE_FORM_ACTIONS = Set.of(
            "command", "shell", "script", "raw", "win_command", "win_shell", "include_vars", "include_tasks",
            "include_role", "import_tasks", "import_role", "include", "add_host", "group_by", "set_fact", "meta");

    /** True for a task keyword, including any {@code with_<lookup>} loop. */
    static boolean isTaskKeyword(String key, boolean handler) {
        return (handler ? HANDLER : TASK).contains(key) || isWithLoop(key);
    }

    static boolean isWithLoop(String key) {
        return key.startsWith("with_") && key.length() > 5;
    }

    /** Strips ansible.builtin. / ansible.legacy. so that {@code ansible.builtin.file} and {@code file} are one name. */
    static String shortName(String action) {
        if (action.startsWith("ansible.builtin.")) return action.substring("ansible.builtin.".length());
        if (action.startsWith("ansible.legacy.")) return action.substring("ansible.legacy.".length());
        return action;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        TreeSet<String> s = new TreeSet<>(a);
        s.addAll(b);
        return Collections.unmodifiableSortedSet(s);
    }
}
