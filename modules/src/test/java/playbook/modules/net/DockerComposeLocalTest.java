package playbook.modules.net;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.Result;
import playbook.modules.Run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * End to end through /bin/sh with a fake {@code docker} first on PATH: it logs its arguments
 * and answers {@code ps} from a state file that {@code up}, {@code stop} and {@code down} update.
 */
class DockerComposeLocalTest {
    private static final String FAKE = """
            #!/bin/sh
            dir=$(dirname "$0")
            for a in "$@"; do printf '[%s]' "$a"; done >> "$dir/calls.log"; echo >> "$dir/calls.log"
            [ "$1" = compose ] || { echo "fake docker: only compose" >&2; exit 2; }
            shift
            while [ $# -gt 0 ]; do
              case "$1" in --project-directory|-f|--project-name) shift 2;; *) break;; esac
            done
            sub=$1; shift
            st="$dir/state"; services="web db"
            set_state() { touch "$st"; grep -v "^$1 " "$st" > "$st.tmp"; echo "$1 $2" >> "$st.tmp"; mv "$st.tmp" "$st"; }
            selected() { sel=; for a in "$@"; do case "$a" in -*) ;; *) sel="$sel $a";; esac; done; [ -n "$sel" ] || sel=$services; }
            case "$sub" in
              config) for s in $services; do echo "$s"; done ;;
              ps) [ -f "$st" ] && while read s state; do
                    printf '{"ID":"id-%s","Name":"app-%s-1","Service":"%s","State":"%s"}\\n' "$s" "$s" "$s" "$state"
                  done < "$st"; exit 0 ;;
              up) [ -f "$dir/fail" ] && { echo "Error response from daemon: port 80 is already allocated" >&2; exit 1; }
                  selected "$@"; for s in $sel; do set_state "$s" running; done ;;
              stop) selected "$@"; for s in $sel; do [ -f "$st" ] && grep -q "^$s " "$st" && set_state "$s" exited; done ;;
              restart) selected "$@"; for s in $sel; do set_state "$s" running; done ;;
              down) rm -f "$st" ;;
              *) echo "fake docker: unknown $sub" >&2; exit 2 ;;
            esac
            """;

    @TempDir Path bin;
    @TempDir Path project;
    private final DockerComposeModule m = new DockerComposeModule();
    private Path projectDir;

    @BeforeEach void writeFakeDocker() throws Exception {
        Path docker = bin.resolve("docker");
        Files.writeString(docker, FAKE);
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        projectDir = Files.createDirectories(project.resolve("my app"));
    }

    private Result run(PathTarget t, Object... kv) {
        Object[] all = new Object[kv.length + 2];
        all[0] = "project_src";
        all[1] = projectDir.toString();
        System.arraycopy(kv, 0, all, 2, kv.length);
        return Run.run(m, t, all);
    }

    private List<String> calls() throws Exception {
        Path log = bin.resolve("calls.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private long callsOf(String sub) throws Exception {
        return calls().stream().filter(c -> c.contains("[" + sub + "]")).count();
    }

    @Test void lifecycleIsIdempotentEndToEnd() throws Exception {
        PathTarget t = new PathTarget(bin, false);
        Result first = run(t);
        assertFalse(first.isFailed(), first.msg());
        assertTrue(first.isChanged());
        assertEquals(1, callsOf("up"));
        assertTrue(calls().contains("[compose][--project-directory][" + projectDir + "][up][-d]"), calls().toString());
        List<?> containers = (List<?>) first.values().get("containers");
        assertEquals(2, containers.size());
        assertEquals("running", ((Map<?, ?>) containers.get(0)).get("State"));

        Result second = run(new PathTarget(bin, false));
        assertFalse(second.isChanged(), "second present run must be ok");
        assertEquals(1, callsOf("up"), "no second up");

        Result checkStop = run(new PathTarget(bin, false).check(true), "state", "stopped");
        assertTrue(checkStop.isChanged());
        assertEquals(0, callsOf("stop"), "check mode must not run stop");
        assertTrue(Files.readString(bin.resolve("state")).contains("web running"));

        Result stop = run(new PathTarget(bin, false), "state", "stopped", "services", List.of("web"));
        assertTrue(stop.isChanged());
        String state = Files.readString(bin.resolve("state"));
        assertTrue(state.contains("web exited") && state.contains("db running"), state);
        assertFalse(run(new PathTarget(bin, false), "state", "stopped", "services", List.of("web")).isChanged());

        Result up = run(new PathTarget(bin, false));
        assertTrue(up.isChanged(), "web is exited, so present starts it");
        assertEquals(List.of(Map.of("what", "Starting", "service", "web")), up.values().get("actions"));

        Result down = run(new PathTarget(bin, false), "state", "absent");
        assertTrue(down.isChanged());
        assertFalse(Files.exists(bin.resolve("state")));
        assertEquals(List.of(), down.values().get("containers"));
        assertFalse(run(new PathTarget(bin, false), "state", "absent").isChanged());
        assertEquals(1, callsOf("down"));
    }

    @Test void dockerFailureReportsStderrAndProject() throws Exception {
        Files.writeString(bin.resolve("fail"), "");
        Result r = run(new PathTarget(bin, false));
        assertTrue(r.isFailed());
        assertEquals("docker compose up failed for project " + projectDir + " on localhost (rc=1): "
                + "Error response from daemon: port 80 is already allocated", r.msg());
    }

    @Test void missingDockerIsNamed(@TempDir Path empty) {
        Result r = run(new PathTarget(empty, true));
        assertTrue(r.isFailed());
        assertTrue(r.msg().startsWith("docker: command not found on localhost"), r.msg());
    }
}
