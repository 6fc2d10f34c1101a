package playbook.matrix;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.testing.SshdExtension;
import playbook.modules.BusyBoxPath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static playbook.matrix.Fs.assertAbsent;
import static playbook.matrix.Fs.assertFile;
import static playbook.matrix.Fs.write;

/**
 * The command family (command, shell, raw, script) and the host-reading modules (setup, wait_for
 * on ports, ping, pause) over a real sshd, GNU and BusyBox-only PATH: host state, check mode, idempotent rerun
 * through creates/removes, and the statuses Ansible gives modules that cannot be idempotent.
 */
class CommandModulesOverSshIT {
    static final Path BIN = BusyBoxPath.create();

    @RegisterExtension
    static final SshdExtension GNU = SshdExtension.builder().build();

    @RegisterExtension
    static final SshdExtension BUSYBOX = SshdExtension.builder().config("SetEnv PATH=" + BIN).build();

    @TempDir
    static Path work;

    /** A port that listens for the whole class, and one that nothing listens on. */
    static final java.net.ServerSocket LISTENER = listen();
    static final int CLOSED_PORT = closedPort();

    static java.net.ServerSocket listen() {
        try {
            return new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static int closedPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void removeBin() throws IOException {
        LISTENER.close();
        BusyBoxPath.remove(BIN);
    }

    @TestFactory
    Stream<DynamicNode> commands() {
        return new SshdMatrix(work, cases()).on(new SshdMatrix.Host("gnu", GNU, false), new SshdMatrix.Host("busybox", BUSYBOX, true));
    }

    static List<Case> cases() {
        return List.of(
                // command/shell/script cannot know what they would do: --check skips them unless creates/removes decide
                Case.of("command with creates", """
                        command: cp $D/in.txt $D/made.txt
                        args:
                          creates: $D/made.txt
                        """, d -> write(d.resolve("in.txt"), "in\n"), d -> assertFile(d.resolve("made.txt"), "in\n", null))
                        .asserting("R.rc is not defined or R.rc == 0"),
                Case.of("command with removes and chdir", """
                        command: rm old.txt
                        args:
                          chdir: $D
                          removes: $D/old.txt
                        """, d -> write(d.resolve("old.txt"), "old\n"), d -> assertAbsent(d.resolve("old.txt"))),
                Case.of("command argv", """
                        command:
                          argv: [sh, -c, 'printf "%s|" "$@" > "$0.out"', '$D/args', 'a b', "c'd"]
                          creates: $D/args.out
                        """, d -> { }, d -> assertFile(d.resolve("args.out"), "a b|c'd|", null)),
                Case.of("shell with creates", """
                        shell: echo "$((6 * 7))" > answer.txt && echo done
                        args:
                          chdir: $D
                          creates: answer.txt
                        """, d -> { }, d -> assertFile(d.resolve("answer.txt"), "42\n", null)),
                Case.of("script with creates", """
                        script: $D/ctl/make.sh $D/made 'x y'
                        args:
                          creates: $D/made
                        """, d -> write(d.resolve("ctl/make.sh"), "#!/bin/sh\nprintf '%s\\n' \"$2\" > \"$1\"\n", "rwxr-xr-x"),
                        d -> assertFile(d.resolve("made"), "x y\n", null))
                        .statuses("changed", "changed", "skipped"), // Ansible's script skips when creates exists
                // raw has no check mode and no idempotence, as in Ansible: skipped under --check, changed on every run
                Case.of("raw", """
                        raw: echo raw >> $D/raw.log
                        """, d -> { }, d -> assertTrue(Files.readString(d.resolve("raw.log")).matches("(raw\n)+"), "raw.log"))
                        .statuses("changed", "skipped", "changed"),
                Case.readOnly("setup min facts", """
                        setup:
                          gather_subset: [min]
                        """, d -> { }, "R.ansible_facts.ansible_system == 'Linux'",
                        "R.ansible_facts.ansible_user_id == 'root'", "R.ansible_facts.ansible_hostname | length > 0"),
                Case.readOnly("setup hardware facts", """
                        setup:
                          gather_subset: [hardware]
                        """, d -> { }, "R.ansible_facts.ansible_memtotal_mb > 0", "R.ansible_facts.ansible_processor_vcpus > 0",
                        "R.ansible_facts.ansible_mounts | selectattr('mount', 'equalto', '/') | list | length == 1"),
                Case.readOnly("setup all facts", """
                        setup:
                        """, d -> { }, "R.ansible_facts.ansible_default_ipv4 is defined", "'lo' in R.ansible_facts.ansible_interfaces",
                        "R.ansible_facts.ansible_distribution | length > 0", "R.ansible_facts.ansible_date_time.epoch | int > 0",
                        "R.ansible_facts.ansible_env.HOME | length > 0"),
                Case.readOnly("wait_for a listening port", """
                        wait_for:
                          host: 127.0.0.1
                          port: %d
                          timeout: 10
                        """.formatted(LISTENER.getLocalPort()), d -> { }, "R.port == %d".formatted(LISTENER.getLocalPort())),
                Case.readOnly("wait_for a closed port to stay stopped", """
                        wait_for:
                          host: 127.0.0.1
                          port: %d
                          state: stopped
                          timeout: 10
                        """.formatted(CLOSED_PORT), d -> { }, "R is not failed"),
                Case.readOnly("wait_for drained connections", """
                        wait_for:
                          port: %d
                          state: drained
                          timeout: 10
                        """.formatted(CLOSED_PORT), d -> { }, "R is not failed"),
                Case.readOnly("ping", """
                        ping:
                        """, d -> { }, "R.ping == 'pong'"),
                Case.readOnly("pause zero", """
                        pause:
                          seconds: 0
                        """, d -> { }, "R is not failed"));
    }
}
