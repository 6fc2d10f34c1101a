package playbook.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs a family of {@link Case}s through the CLI over a real sshd, batched: all cases of a host
 * are tasks of one playbook, each in a fresh directory of its own. Three runs per host:
 * <ol>
 *   <li>{@code --check --diff} on fresh directories: every case has its check status, shows its
 *       diff, and its directory is byte for byte, mode for mode, as it was ({@link Snapshot});</li>
 *   <li>{@code --diff} on other fresh directories: every case has its first status, shows its diff,
 *       and its directory holds the state the case verifies;</li>
 *   <li>the same playbook again on that state: every case has its rerun status (ok: idempotent)
 *       and the state still verifies.</li>
 * </ol>
 * Each case is a container of three dynamic tests, one per run, so a failure names case and run.
 */
final class SshdMatrix {
    /** A host to run on: a label and its sshd. */
    record Host(String label, SshdExtension sshd, boolean busybox) {
    }

    private final Path work;
    private final List<Case> cases;

    SshdMatrix(Path work, List<Case> cases) {
        this.work = work;
        this.cases = cases;
        Map<String, Case> seen = new LinkedHashMap<>();
        for (Case c : cases) {
            if (seen.put(c.name(), c) != null) throw new IllegalArgumentException("two cases named " + c.name());
        }
    }

    Stream<DynamicNode> on(Host... hosts) {
        return Stream.of(hosts).map(h -> {
            Lazy runs = new Lazy(h);
            return DynamicContainer.dynamicContainer(h.label(), cases.stream()
                    .filter(c -> !h.busybox() || c.busybox())
                    .map(c -> DynamicContainer.dynamicContainer(c.name(), Stream.of(
                            DynamicTest.dynamicTest("check mode changes nothing", () -> runs.get().assertCheck(c)),
                            DynamicTest.dynamicTest("first run", () -> runs.get().assertFirst(c)),
                            DynamicTest.dynamicTest("second run", () -> runs.get().assertRerun(c))))));
        });
    }

    /** The three runs on one host, made when its first case asks. */
    private final class Lazy {
        private final Host host;
        private Results results;
        private Exception failure;

        Lazy(Host host) {
            this.host = host;
        }

        synchronized Results get() throws Exception {
            if (failure != null) throw failure;
            if (results == null) {
                try {
                    results = new Results(host);
                } catch (Exception e) {
                    failure = e;
                    throw e;
                }
            }
            return results;
        }
    }

    private final class Results {
        final Host host;
        final List<Case> mine;
        final Path checkRoot;
        final Path runRoot;
        final Map<String, Map<String, Snapshot.Entry>> before = new LinkedHashMap<>();
        final Map<String, Map<String, Snapshot.Entry>> afterCheck = new LinkedHashMap<>();
        final Map<String, Map<String, Snapshot.Entry>> beforeRun = new LinkedHashMap<>();
        /** Each case's verification right after the first and after the second run: null when it held. */
        final Map<String, AssertionError> afterFirst = new LinkedHashMap<>();
        final Map<String, AssertionError> afterRerun = new LinkedHashMap<>();
        final PlayRun check;
        final PlayRun first;
        final PlayRun rerun;

        Results(Host host) throws Exception {
            this.host = host;
            mine = cases.stream().filter(c -> !host.busybox() || c.busybox()).toList();
            Path root = Files.createDirectories(work.resolve(host.label()));
            checkRoot = root.resolve("check");
            runRoot = root.resolve("run");
            prepare(checkRoot);
            prepare(runRoot);
            for (Case c : mine) before.put(c.name(), Snapshot.of(checkRoot.resolve(c.dir())));
            String inventory = SshTestHosts.inventoryLine("h", host.sshd()) + "\n";
            check = play(root, "check", checkRoot, inventory, "--check", "--diff");
            for (Case c : mine) afterCheck.put(c.name(), Snapshot.of(checkRoot.resolve(c.dir())));
            for (Case c : mine) beforeRun.put(c.name(), Snapshot.of(runRoot.resolve(c.dir())));
            first = play(root, "first", runRoot, inventory, "--diff");
            for (Case c : mine) afterFirst.put(c.name(), verified(c, first, "first run"));
            rerun = play(root, "rerun", runRoot, inventory);
            for (Case c : mine) afterRerun.put(c.name(), verified(c, rerun, "second run"));
            // guards the BusyBox host against a silent GNU fallback (and the GNU host against BusyBox)
            JsonNode userland = first.result("userland");
            assertTrue(userland != null, "no userland task:\n" + first.out());
            String tar = userland.get("result").get("stdout").asText();
            assertEquals(host.busybox(), tar.equals("/usr/bin/busybox"), host.label() + ": tar is " + tar);
        }

        private void prepare(Path root) throws Exception {
            for (Case c : mine) c.prepare().in(Files.createDirectories(root.resolve(c.dir())));
        }

        private PlayRun play(Path root, String label, Path cases, String inventory, String... extra) throws Exception {
            Files.writeString(root.resolve("inventory"), inventory);
            return PlayRun.play(root, label, playbook(cases), root.resolve("inventory"), extra);
        }

        private String playbook(Path root) {
            StringBuilder p = new StringBuilder("- hosts: all\n  gather_facts: false\n  tasks:\n"
                    + "    - name: userland\n      shell: readlink -f \"$(command -v tar)\"\n      changed_when: false\n"
                    + "      check_mode: false\n");
            for (Case c : mine) {
                String body = c.task().replace("$D", root.resolve(c.dir()).toString()).stripTrailing();
                p.append("    - name: ").append(c.name()).append('\n')
                        .append(body.lines().map(l -> "      " + l).collect(Collectors.joining("\n"))).append('\n')
                        .append("      register: ").append(c.var()).append('\n')
                        .append("      ignore_errors: true\n");
                if (!c.asserts().isEmpty()) {
                    p.append("    - name: ").append(c.name()).append(" asserts\n      assert:\n        that:\n");
                    for (String a : c.asserts()) {
                        p.append("          - ").append(quote(a.replaceAll("\\bR\\b", c.var()).replace("$D", root.resolve(c.dir()).toString())))
                                .append('\n');
                    }
                    p.append("      ignore_errors: true\n");
                }
            }
            return p.toString();
        }

        private String quote(String s) {
            return "'" + s.replace("'", "''") + "'";
        }

        void assertCheck(Case c) {
            assertStatus(check, c, c.check(), "--check");
            assertEquals(before.get(c.name()).toString(), afterCheck.get(c.name()).toString(),
                    c.name() + ": --check changed the host's files\n" + check.section(c.name()));
            assertDiff(check, c, "--check --diff");
        }

        void assertFirst(Case c) throws Exception {
            assertStatus(first, c, c.first(), "first run");
            if (afterFirst.get(c.name()) != null) throw afterFirst.get(c.name());
            assertDiff(first, c, "--diff");
        }

        void assertRerun(Case c) throws Exception {
            assertStatus(rerun, c, c.rerun(), "second run");
            if (afterRerun.get(c.name()) != null) throw afterRerun.get(c.name());
        }

        /** The case cannot work on this host: it must fail, saying why, and leave its directory alone. */
        private boolean failing(Case c) {
            return host.busybox() && c.busyboxFailure() != null;
        }

        private AssertionError verified(Case c, PlayRun run, String what) {
            try {
                if (failing(c)) {
                    assertEquals(beforeRun.get(c.name()).toString(), Snapshot.of(runRoot.resolve(c.dir())).toString(),
                            "a failing case changed its directory");
                    return null;
                }
                c.verify().in(runRoot.resolve(c.dir()));
                return null;
            } catch (Exception | AssertionError e) {
                return new AssertionError(c.name() + " after the " + what + ": " + e.getMessage() + "\n" + run.section(c.name()), e);
            }
        }

        private void assertStatus(PlayRun run, Case c, String expected, String what) {
            JsonNode r = run.result(c.name());
            assertTrue(r != null, c.name() + ": no result in the " + what + "\n" + run.out());
            if (failing(c)) {
                assertEquals("failed", r.get("status").asText(), c.name() + " must fail on " + host.label() + ": " + r.toPrettyString());
                String msg = r.get("result").path("msg").asText();
                assertTrue(msg.contains(c.busyboxFailure()), c.name() + ": msg '" + msg + "' does not say '" + c.busyboxFailure() + "'");
                return;
            }
            assertEquals(expected, r.get("status").asText(), c.name() + " in the " + what + ": " + r.toPrettyString()
                    + "\n" + run.section(c.name()));
            if (!c.asserts().isEmpty()) {
                JsonNode a = run.result(c.name() + " asserts");
                assertTrue(a != null && a.get("status").asText().equals("ok"), c.name() + " asserts in the " + what + ": "
                        + (a == null ? "none" : a.toPrettyString()) + "\n" + run.section(c.name()));
            }
        }

        private void assertDiff(PlayRun run, Case c, String what) {
            if (failing(c)) return;
            String section = run.section(c.name());
            for (String d : c.diff()) {
                assertTrue(section.contains(d), c.name() + ": " + what + " shows no '" + d + "':\n" + section);
            }
        }
    }
}
