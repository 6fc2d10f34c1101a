package playbook.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SshdMatrix} for a lab host: every case's setup runs as root on the host, then the cases
 * run as one playbook three times (--check --diff, --diff, again), and after each run every case's
 * state command is asserted on the host: unchanged by --check, as expected after the first and the
 * second run. Each case is a container of three dynamic tests.
 */
final class LabMatrix {
    private static final String MARK = "@@pb-case@@";
    private final LabHosts lab;
    private final String host;
    private final Path work;
    private final List<LabCase> cases;
    private final String path;
    private Results results;
    private Exception failure;

    /** {@code path}: when not null, every task runs with this PATH (the task keyword environment), e.g. BusyBox applets only. */
    LabMatrix(LabHosts lab, String host, Path work, List<LabCase> cases, String path) {
        this.lab = lab;
        this.host = host;
        this.work = work;
        this.cases = cases;
        this.path = path;
    }

    Stream<DynamicNode> tests() {
        return cases.stream().map(c -> DynamicContainer.dynamicContainer(c.name(), Stream.of(
                DynamicTest.dynamicTest("check mode changes nothing", () -> results().assertCheck(c)),
                DynamicTest.dynamicTest("first run", () -> results().assertRun(c, results().first, c.first(), "first run")),
                DynamicTest.dynamicTest("second run", () -> results().assertRun(c, results().rerun, c.rerun(), "second run")))));
    }

    private synchronized Results results() throws Exception {
        if (failure != null) throw failure;
        if (results == null) {
            try {
                results = new Results();
            } catch (Exception e) {
                failure = e;
                throw e;
            }
        }
        return results;
    }

    private final class Results {
        final Map<String, String> before = new LinkedHashMap<>();
        final Map<String, String> afterCheck = new LinkedHashMap<>();
        final Map<String, String> afterFirst = new LinkedHashMap<>();
        final Map<String, String> afterRerun = new LinkedHashMap<>();
        final PlayRun check;
        final PlayRun first;
        final PlayRun rerun;

        Results() throws Exception {
            String setup = cases.stream().filter(c -> !c.setup().isEmpty()).map(c -> "{ " + c.setup() + "; }")
                    .collect(Collectors.joining(" && "));
            if (!setup.isEmpty()) lab.rootOk(host, setup);
            states(before);
            String playbook = playbook();
            check = PlayRun.play(work, "check", playbook, lab.inventory(), "--check", "--diff");
            states(afterCheck);
            first = PlayRun.play(work, "first", playbook, lab.inventory(), "--diff");
            states(afterFirst);
            rerun = PlayRun.play(work, "rerun", playbook, lab.inventory());
            states(afterRerun);
        }

        /** Every case's state command in one ssh session; each output ends with its exit code if not 0. */
        private void states(Map<String, String> into) throws Exception {
            StringBuilder script = new StringBuilder();
            for (int i = 0; i < cases.size(); i++) {
                script.append("echo '").append(MARK).append(i).append("'; ( ").append(cases.get(i).state())
                        .append(" ) 2>&1; rc=$?; [ $rc = 0 ] || echo \"rc=$rc\"\n");
            }
            String out = lab.rootOk(host, script.toString());
            String[] parts = out.split(MARK + "\\d+\n", -1);
            assertEquals(cases.size() + 1, parts.length, "state output:\n" + out);
            for (int i = 0; i < cases.size(); i++) into.put(cases.get(i).name(), parts[i + 1]);
        }

        private String playbook() {
            StringBuilder p = new StringBuilder("- hosts: " + host + "\n  gather_facts: false\n  tasks:\n");
            for (LabCase c : cases) {
                p.append("    - name: ").append(c.name()).append('\n')
                        .append(c.task().stripTrailing().lines().map(l -> "      " + l).collect(Collectors.joining("\n"))).append('\n')
                        .append("      ignore_errors: true\n");
                if (path != null) p.append("      environment:\n        PATH: ").append(path).append('\n');
            }
            return p.toString();
        }

        void assertCheck(LabCase c) {
            assertStatus(check, c, c.check(), "--check");
            assertEquals(before.get(c.name()), afterCheck.get(c.name()), c.name() + ": --check changed the host\n" + check.section(c.name()));
            assertDiff(check, c, "--check --diff");
        }

        void assertRun(LabCase c, PlayRun run, String status, String what) {
            assertStatus(run, c, status, what);
            String state = (run == first ? afterFirst : afterRerun).get(c.name());
            if (c.message() != null) {
                assertEquals(before.get(c.name()), state, c.name() + ": a failing case changed the host in the " + what);
            } else {
                assertTrue(state.matches("(?s)" + c.expect()), c.name() + " after the " + what + ": state\n" + state
                        + "\ndoes not match\n" + c.expect() + "\n" + run.section(c.name()));
            }
            if (run == first) assertDiff(run, c, "--diff");
        }

        private void assertStatus(PlayRun run, LabCase c, String expected, String what) {
            JsonNode r = run.result(c.name());
            assertTrue(r != null, c.name() + ": no result in the " + what + "\n" + run.out());
            assertEquals(expected, r.get("status").asText(), c.name() + " in the " + what + ": " + r.toPrettyString()
                    + "\n" + run.section(c.name()));
            if (c.message() != null) {
                String msg = r.get("result").path("msg").asText();
                assertTrue(msg.contains(c.message()), c.name() + ": msg '" + msg + "' does not say '" + c.message() + "'");
            }
        }

        private void assertDiff(PlayRun run, LabCase c, String what) {
            String section = run.section(c.name());
            for (String d : c.diff()) assertTrue(section.contains(d), c.name() + ": " + what + " shows no '" + d + "':\n" + section);
        }
    }
}
