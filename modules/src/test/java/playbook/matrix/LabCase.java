package playbook.matrix;

import java.util.List;

/**
 * One module case of a {@link LabMatrix}, for modules that change the machine itself: it runs on a
 * lab host, never on this machine.
 *
 * @param name    the task name, unique in its family
 * @param setup   a root shell command on the lab host that makes the starting state (may be empty)
 * @param task    the task body as YAML at indentation 0
 * @param state   a root shell command on the lab host whose output is the state the case is about
 * @param expect  a regular expression the state output must match (whole) after the first and the second run
 * @param first   status of the first run
 * @param check   status under --check (whose state output must not change)
 * @param rerun   status of the second run
 * @param diff    strings the --diff output must show, in check mode and in the first run
 * @param message for a case that must fail in every run: what its msg must say (its state must then stay as it was)
 */
record LabCase(String name, String setup, String task, String state, String expect, String first, String check, String rerun,
               List<String> diff, String message) {

    static LabCase of(String name, String setup, String task, String state, String expect) {
        return new LabCase(name, setup, task, state, expect, "changed", "changed", "ok", List.of(), null);
    }

    LabCase diff(String... expected) {
        return new LabCase(name, setup, task, state, expect, first, check, rerun, List.of(expected), message);
    }

    LabCase statuses(String first, String check, String rerun) {
        return new LabCase(name, setup, task, state, expect, first, check, rerun, diff, message);
    }

    /** A case that fails in every run with a msg containing {@code message}, and changes nothing. */
    LabCase failing(String message) {
        return new LabCase(name, setup, task, state, expect, "failed", "failed", "failed", List.of(), message);
    }
}
