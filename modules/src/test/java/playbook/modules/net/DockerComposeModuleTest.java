package playbook.modules.net;

import org.junit.jupiter.api.Test;
import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.Run;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class DockerComposeModuleTest {
    private final DockerComposeModule m = new DockerComposeModule();
    private static final String BASE = "docker compose --project-directory /srv/app";

    private static final String WEB_UP = "{\"ID\":\"a1\",\"Name\":\"app-web-1\",\"Service\":\"web\",\"State\":\"running\"}";
    private static final String DB_UP = "{\"ID\":\"b1\",\"Name\":\"app-db-1\",\"Service\":\"db\",\"State\":\"running\"}";
    private static final String DB_EXITED = "{\"ID\":\"b1\",\"Name\":\"app-db-1\",\"Service\":\"db\",\"State\":\"exited\"}";
    private static final String WEB_EXITED = "{\"ID\":\"a1\",\"Name\":\"app-web-1\",\"Service\":\"web\",\"State\":\"exited\"}";

    /** The probe's stdout with services web and db and this ps output. */
    private static ExecResult status(String psJson) {
        return new ExecResult(0, "web\ndb\n" + ComposeStatus.PS_MARK + "\n" + psJson, "");
    }

    private static String lines(String... objs) { return String.join("\n", objs) + "\n"; }

    private static String array(String... objs) { return "[" + String.join(",", objs) + "]\n"; }

    private static final ExecResult OK = new ExecResult(0, "", "");

    @Test void parsesBothPsFormats() {
        assertEquals(ComposeStatus.parsePs(lines(WEB_UP, DB_EXITED)), ComposeStatus.parsePs(array(WEB_UP, DB_EXITED)));
        List<Map<String, Object>> c = ComposeStatus.parsePs(array(WEB_UP, DB_EXITED));
        assertEquals(2, c.size());
        assertEquals("exited", c.get(1).get("State"));
        assertEquals("app-web-1", c.get(0).get("Name"));
        assertEquals(List.of(), ComposeStatus.parsePs("[]\n"));
        assertEquals(List.of(), ComposeStatus.parsePs(""));
    }

    @Test void presentWhenAllRunningIsOkWithOneProbeAndNoApply() {
        FakeTarget t = new FakeTarget().next(status(lines(WEB_UP, DB_UP)));
        Result r = Run.run(m, t, "project_src", "/srv/app");
        assertFalse(r.isFailed(), r.msg());
        assertFalse(r.isChanged());
        assertEquals(List.of(), t.commands("apply"));
        assertEquals(1, t.commands("probe").size());
        String probe = t.commands("probe").get(0);
        assertTrue(probe.contains(BASE + " ps --all --format json"), probe);
        assertTrue(probe.contains(BASE + " config --services"), probe);
        assertEquals(2, ((List<?>) r.values().get("containers")).size());
    }

    @Test void presentStartsWhenAServiceIsExitedArrayFormat() {
        FakeTarget t = new FakeTarget().next(status(array(WEB_UP, DB_EXITED))).next(OK)
                .next(status(array(WEB_UP, DB_UP)));
        Result r = Run.run(m, t, "project_src", "/srv/app");
        assertTrue(r.isChanged());
        assertEquals(List.of(BASE + " up -d"), t.commands("apply"));
        assertEquals(List.of(Map.of("what", "Starting", "service", "db")), r.values().get("actions"));
        List<?> containers = (List<?>) r.values().get("containers");
        assertEquals("running", ((Map<?, ?>) containers.get(1)).get("State"), "containers come from the probe after up");
    }

    @Test void presentStartsWhenAServiceWasNeverCreated() {
        FakeTarget t = new FakeTarget().next(status(lines(WEB_UP))).next(OK).next(status(lines(WEB_UP, DB_UP)));
        Result r = Run.run(m, t, "project_src", "/srv/app");
        assertTrue(r.isChanged());
        assertEquals(List.of(Map.of("what", "Starting", "service", "db")), r.values().get("actions"));
    }

    @Test void presentOnlyLooksAtSelectedServices() {
        FakeTarget t = new FakeTarget().next(status(lines(WEB_UP, DB_EXITED)));
        Result r = Run.run(m, t, "project_src", "/srv/app", "services", List.of("web"));
        assertFalse(r.isChanged());
        assertEquals(List.of(), t.commands("apply"));

        FakeTarget t2 = new FakeTarget().next(status(lines(WEB_UP, DB_EXITED))).next(OK).next(status(lines(WEB_UP, DB_UP)));
        Result r2 = Run.run(m, t2, "project_src", "/srv/app", "services", List.of("db"));
        assertTrue(r2.isChanged());
        assertEquals(List.of(BASE + " up -d db"), t2.commands("apply"));
    }

    @Test void checkModeReportsTheChangeWithoutRunningIt() {
        FakeTarget t = new FakeTarget().check(true).next(status(lines(WEB_UP, DB_EXITED)));
        Result r = Run.run(m, t, "project_src", "/srv/app");
        assertTrue(r.isChanged());
        assertFalse(r.isFailed());
        assertEquals(List.of(BASE + " up -d"), t.commands("apply"));
        assertEquals(1, t.commands("probe").size(), "no second probe in check mode");
        assertEquals(2, ((List<?>) r.values().get("containers")).size());
    }

    @Test void checkModeAbsentOnEmptyProjectIsOk() {
        FakeTarget t = new FakeTarget().check(true).next(status("[]\n"));
        Result r = Run.run(m, t, "project_src", "/srv/app", "state", "absent");
        assertFalse(r.isChanged());
        assertEquals(List.of(), t.commands("apply"));
    }

    @Test void stoppedStopsOnlyWhenSomethingRuns() {
        FakeTarget t = new FakeTarget().next(status(lines(WEB_UP, DB_EXITED))).next(OK)
                .next(status(lines(WEB_EXITED, DB_EXITED)));
        Result r = Run.run(m, t, "project_src", "/srv/app", "state", "stopped", "timeout", 20);
        assertTrue(r.isChanged());
        assertEquals(List.of(BASE + " stop --timeout 20"), t.commands("apply"));
        assertEquals(List.of(Map.of("what", "Stopping", "service", "web")), r.values().get("actions"));

        FakeTarget t2 = new FakeTarget().next(status(array(WEB_EXITED, DB_EXITED)));
        Result r2 = Run.run(m, t2, "project_src", "/srv/app", "state", "stopped");
        assertFalse(r2.isChanged());
        assertEquals(List.of(), t2.commands("apply"));
    }

    @Test void restartedAlwaysRestarts() {
        FakeTarget t = new FakeTarget().next(status(lines(WEB_UP, DB_UP))).next(OK).next(status(lines(WEB_UP, DB_UP)));
        Result r = Run.run(m, t, "project_src", "/srv/app", "state", "restarted", "services", List.of("web"));
        assertTrue(r.isChanged());
        assertEquals(List.of(BASE + " restart web"), t.commands("apply"));
    }

    @Test void absentDownsWhenContainersExist() {
        FakeTarget t = new FakeTarget().next(status(lines(WEB_EXITED))).next(OK).next(status(""));
        Result r = Run.run(m, t, "project_src", "/srv/app", "state", "absent", "remove_orphans", true);
        assertTrue(r.isChanged());
        assertEquals(List.of(BASE + " down --remove-orphans"), t.commands("apply"));
        assertEquals(List.of(), r.values().get("containers"));

        FakeTarget t2 = new FakeTarget().next(status(""));
        Result r2 = Run.run(m, t2, "project_src", "/srv/app", "state", "absent");
        assertFalse(r2.isChanged());
        assertEquals(List.of(), t2.commands("apply"));
    }

    @Test void optionsAndQuoting() {
        FakeTarget t = new FakeTarget().next(status("")).next(OK).next(status(lines(WEB_UP, DB_UP)));
        Result r = Run.run(m, t, "files", List.of("/srv/my app/compose.yml", "/srv/x';rm.yml"), "project_name", "demo",
                "pull", "missing", "recreate", "never", "wait", true, "remove_orphans", true);
        assertTrue(r.isChanged());
        String base = "docker compose -f '/srv/my app/compose.yml' -f '/srv/x'\"'\"';rm.yml' --project-name demo";
        assertTrue(t.commands("probe").get(0).contains(base + " ps --all --format json"), t.commands("probe").get(0));
        assertEquals(List.of(base + " up -d --pull missing --no-recreate --remove-orphans --wait"), t.commands("apply"));
    }

    @Test void orphansTriggerUpWhenRemovalIsAsked() {
        String old = "{\"ID\":\"c1\",\"Name\":\"app-old-1\",\"Service\":\"old\",\"State\":\"running\"}";
        FakeTarget t = new FakeTarget().next(status(lines(WEB_UP, DB_UP, old))).next(OK).next(status(lines(WEB_UP, DB_UP)));
        Result r = Run.run(m, t, "project_src", "/srv/app", "remove_orphans", true);
        assertTrue(r.isChanged());
        assertEquals(List.of(BASE + " up -d --remove-orphans"), t.commands("apply"));
    }

    @Test void recreateAlwaysForcesUp() {
        FakeTarget t = new FakeTarget().next(status(lines(WEB_UP, DB_UP))).next(OK).next(status(lines(WEB_UP, DB_UP)));
        Result r = Run.run(m, t, "project_src", "/srv/app", "recreate", "always");
        assertTrue(r.isChanged());
        assertEquals(List.of(BASE + " up -d --force-recreate"), t.commands("apply"));
    }

    @Test void pullAlwaysIsChangedOnlyWhenContainersChanged() {
        FakeTarget same = new FakeTarget().next(status(lines(WEB_UP, DB_UP))).next(OK).next(status(lines(WEB_UP, DB_UP)));
        Result r = Run.run(m, same, "project_src", "/srv/app", "pull", "always");
        assertEquals(List.of(BASE + " up -d --pull always"), same.commands("apply"));
        assertFalse(r.isChanged());

        String newWeb = WEB_UP.replace("a1", "a2");
        FakeTarget diff = new FakeTarget().next(status(lines(WEB_UP, DB_UP))).next(OK).next(status(lines(newWeb, DB_UP)));
        assertTrue(Run.run(m, diff, "project_src", "/srv/app", "pull", "always").isChanged());
    }

    @Test void dockerMissingFailsClearly() {
        FakeTarget t = new FakeTarget().next(new ExecResult(127, DockerComposeModule.NO_DOCKER + "\n", ""));
        Result r = Run.run(m, t, "project_src", "/srv/app");
        assertTrue(r.isFailed());
        assertTrue(r.msg().startsWith("docker: command not found on fake"), r.msg());
        assertEquals(List.of(), t.commands("apply"));
    }

    @Test void probeFailureNamesProjectAndStderr() {
        FakeTarget t = new FakeTarget().next(new ExecResult(14, "", "no configuration file provided: not found\n"));
        Result r = Run.run(m, t, "project_src", "/srv/app");
        assertTrue(r.isFailed());
        assertEquals("can't read compose project /srv/app on fake (rc=14): no configuration file provided: not found", r.msg());
    }

    @Test void actionFailureNamesProjectAndStderr() {
        FakeTarget t = new FakeTarget().next(status(lines(WEB_UP, DB_EXITED)))
                .next(new ExecResult(1, "", "Error response from daemon: port is already allocated\n"));
        Result r = Run.run(m, t, "project_src", "/srv/app");
        assertTrue(r.isFailed());
        assertEquals("docker compose up failed for project /srv/app on fake (rc=1): "
                + "Error response from daemon: port is already allocated", r.msg());
    }

    @Test void garbagePsOutputFails() {
        FakeTarget t = new FakeTarget().next(status("{not json"));
        Result r = Run.run(m, t, "project_src", "/srv/app");
        assertTrue(r.isFailed());
        assertTrue(r.msg().contains("can't parse 'docker compose ps --format json' output for project /srv/app"), r.msg());
    }

    @Test void specRejectsMissingProjectAndBadChoices() {
        assertThrows(ModuleException.class, () -> Run.run(m, new FakeTarget(), "state", "present"));
        ModuleException e = assertThrows(ModuleException.class,
                () -> Run.run(m, new FakeTarget(), "project_src", "/x", "state", "started"));
        assertTrue(e.getMessage().contains("state"), e.getMessage());
    }
}
