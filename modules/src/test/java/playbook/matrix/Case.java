package playbook.matrix;

import java.nio.file.Path;
import java.util.List;

/**
 * One module case of a {@link SshdMatrix}: a task run in a fresh directory of its own ({@code $D}
 * in the task text), what the directory holds first, and what it must hold afterwards.
 *
 * @param name       the task name, unique in its family
 * @param task       the task body as YAML at indentation 0 ({@code $D} is the case directory)
 * @param prepare    makes the starting state in the case directory
 * @param verify     asserts the state after the run (and again after the second run)
 * @param first      the status of the first run: changed (a module that changes) or ok (a read-only one)
 * @param check      the status under --check
 * @param rerun      the status of the second run on the state the first one left
 * @param diff       strings the --diff output of the task must contain, in check mode and in the real run (empty: none)
 * @param asserts    Jinja expressions about the registered result {@code R}, asserted in every run
 * @param busybox    whether the case also runs on the BusyBox host
 * @param busyboxFailure when not null, on the BusyBox host the case fails in every run with a msg containing this,
 *                   and leaves its directory exactly as it was
 */
record Case(String name, String task, Prepare prepare, Verify verify, String first, String check, String rerun,
            List<String> diff, List<String> asserts, boolean busybox, String busyboxFailure) {

    interface Prepare {
        void in(Path dir) throws Exception;
    }

    interface Verify {
        void in(Path dir) throws Exception;
    }

    /** A case that changes state once: changed, changed under --check, then ok. */
    static Case of(String name, String task, Prepare prepare, Verify verify) {
        return new Case(name, task, prepare, verify, "changed", "changed", "ok", List.of(), List.of(), true, null);
    }

    /** A read-only case: ok in every run; its result is checked by {@code asserts} on R. */
    static Case readOnly(String name, String task, Prepare prepare, String... asserts) {
        return new Case(name, task, prepare, d -> { }, "ok", "ok", "ok", List.of(), List.of(asserts), true, null);
    }

    Case diff(String... expected) {
        return new Case(name, task, prepare, verify, first, check, rerun, List.of(expected), asserts, busybox, busyboxFailure);
    }

    Case statuses(String first, String check, String rerun) {
        return new Case(name, task, prepare, verify, first, check, rerun, diff, asserts, busybox, busyboxFailure);
    }

    Case asserting(String... expressions) {
        return new Case(name, task, prepare, verify, first, check, rerun, diff, List.of(expressions), busybox, busyboxFailure);
    }

    /** On the BusyBox host this case cannot work: it must fail saying {@code message} and change nothing. */
    Case failsOnBusyBox(String message) {
        return new Case(name, task, prepare, verify, first, check, rerun, diff, asserts, busybox, message);
    }

    Case gnuOnly() {
        return new Case(name, task, prepare, verify, first, check, rerun, diff, asserts, false, busyboxFailure);
    }

    /** The case's directory name: its name without spaces or quotes, so that free-form commands can use $D. */
    String dir() {
        return name.replaceAll("[^A-Za-z0-9_.]", "-");
    }

    /** The variable the result is registered in. */
    String var() {
        return "r_" + name.replaceAll("[^A-Za-z0-9]", "_");
    }
}
