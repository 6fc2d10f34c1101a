package playbook.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stateful services on lab host pi, driven through the real docker_compose_v2 module over
 * SSH: pi's docker stand-in (lab/hosts/pi/bin/docker) runs PostgreSQL 15, Redis and a
 * Grafana-like health server as real processes from three compose projects under
 * /srv/services. They must answer, keep their data across down/up, stop by PID, and show a
 * lost Grafana database as 503; lab/down must leave nothing behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabServicesIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path STATE = Path.of("/tmp/playbook-lab-services-it");
    private static final String NET = "13";
    private static Path playbook;

    private static final String PLAYBOOK = """
            - name: Compose projects on pi
              hosts: servers
              gather_facts: false
              vars:
                projects:
                  - name: postgres
                    uid: 999
                    mode: "0700"
                    compose: |
                      services:
                        db:
                          image: postgres:15
                          environment:
                            POSTGRES_USER: app
                            POSTGRES_PASSWORD: labpass
                            POSTGRES_DB: appdb
                          volumes:
                            - ./data:/var/lib/postgresql/data
                          ports:
                            - "5432:5432"
                  - name: redis
                    uid: 999
                    mode: "0750"
                    compose: |
                      services:
                        cache:
                          image: redis:7
                          command: ["redis-server", "--appendonly", "yes"]
                          volumes:
                            - ./data:/data
                          ports:
                            - "6379:6379"
                  - name: grafana
                    uid: 472
                    mode: "0750"
                    compose: |
                      services:
                        grafana:
                          image: grafana/grafana:10.4.2
                          volumes:
                            - ./data:/var/lib/grafana
                          ports:
                            - "3000:3000"
              tasks:
                # 0700 for PostgreSQL: its image's entrypoint chmods PGDATA to 0700 at every start
                - name: Data dirs owned by the images' users
                  file: { path: "/srv/services/{{ item.name }}/data", state: directory, owner: "{{ item.uid }}", group: "{{ item.uid }}", mode: "{{ item.mode }}" }
                  loop: "{{ projects }}"
                  loop_control: { label: "{{ item.name }}" }
                - name: Compose files
                  copy: { dest: "/srv/services/{{ item.name }}/compose.yaml", content: "{{ item.compose }}", mode: "0644" }
                  loop: "{{ projects }}"
                  loop_control: { label: "{{ item.name }}" }
                - name: Projects in the wanted state
                  docker_compose_v2: { project_src: "/srv/services/{{ item.name }}", state: "{{ compose_state }}" }
                  loop: "{{ projects }}"
                  loop_control: { label: "{{ item.name }}" }
            """;

    private static final String PSQL = "PGPASSWORD=labpass psql -h 127.0.0.1 -U app -d appdb -tAc ";
    private static final String HEALTH = "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:3000/api/health";
    /** The stand-in's record ("PID STARTTIME") of each service's main process. */
    private static final String PID_FILES = "/run/lab/compose/postgres/db.pid /run/lab/compose/redis/cache.pid "
            + "/run/lab/compose/grafana/grafana.pid";
    private static final String PIDS = "cat " + PID_FILES + " | cut -d' ' -f1";

    private static String[] exec(List<String> argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) { p.destroyForcibly(); throw new AssertionError(argv + " hung"); }
        return new String[]{String.valueOf(p.exitValue()), out};
    }

    private static int lab(String cmd) throws Exception {
        List<String> argv = new ArrayList<>(List.of(ROOT.resolve("lab/" + cmd).toString(), "--state", STATE.toString()));
        if (cmd.equals("up")) argv.addAll(List.of("--net", NET));
        String[] r = exec(argv);
        if (!r[0].equals("0")) System.err.println(r[1]);
        return Integer.parseInt(r[0]);
    }

    /** A command on pi over ssh; returns its trimmed output, failing the test on non-zero exit. */
    private static String pi(String cmd) throws Exception {
        String[] r = exec(List.of("ssh", "-F", STATE.resolve("ssh_config").toString(), "pi", cmd));
        assertEquals("0", r[0], "on pi: " + cmd + "\n" + r[1]);
        return r[1].trim();
    }

    /** cmd on pi until it prints want (the services start in the background, as with docker). */
    private static String piUntil(String cmd, String want) throws Exception {
        return pi("for i in $(seq 150); do out=$(" + cmd + " 2>&1); [ \"$out\" = '" + want
                + "' ] && break; sleep 0.1; done; printf '%s' \"$out\"");
    }

    private static String[] play(String state, String... more) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("run", playbook.toString(), "-i", STATE.resolve("inventory.ini").toString(),
                "-e", "compose_state=" + state));
        argv.addAll(List.of(more));
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                argv.toArray(String[]::new));
        return new String[]{String.valueOf(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    private static int changed(String[] run) {
        assertEquals("0", run[0], run[1] + run[2]);
        Matcher m = Pattern.compile("(?m)^pi\\s+: ok=\\d+\\s+changed=(\\d+)\\s+unreachable=0\\s+failed=0").matcher(run[1]);
        assertTrue(m.find(), run[1]);
        return Integer.parseInt(m.group(1));
    }

    /** The projects whose docker_compose_v2 item reported a change, in order. */
    private static List<String> composeChanged(String[] run) {
        int at = run[1].indexOf("TASK [Projects in the wanted state]");
        assertTrue(at >= 0, run[1]);
        Matcher m = Pattern.compile("changed: \\[pi\\] => \\(item=(\\w+)\\)").matcher(run[1].substring(at));
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static final List<String> ALL = List.of("postgres", "redis", "grafana");

    @BeforeAll
    static void up() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(ROOT.resolve("lab/up")), "lab/ not found from " + ROOT);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the lab needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "openssh-server is not installed");
        playbook = Files.createTempFile("lab-services", ".yaml");
        Files.writeString(playbook, PLAYBOOK);
        assertEquals(0, lab("up"));
    }

    @AfterAll
    static void down() throws Exception {
        try {
            if (Files.exists(STATE)) assertEquals(0, lab("down"), "lab/down must leave nothing behind");
            String netns = exec(List.of("ip", "netns", "list"))[1];
            assertFalse(netns.contains("pblab" + NET + "-"), "netns left: " + netns);
            String loops = exec(List.of("losetup", "-a"))[1];
            assertFalse(loops.contains(STATE.toString()), "loop device left: " + loops);
            assertFalse(Files.exists(STATE), STATE + " left");
        } finally {
            if (playbook != null) Files.deleteIfExists(playbook);
        }
    }

    @Test @Order(1)
    void standInIsTheDockerOnPiAndNothingRunsBeforeComposeUp() throws Exception {
        assertEquals("/usr/local/sbin/docker", pi("command -v docker"));
        assertTrue(pi("docker compose version").startsWith("Docker Compose version v2."));
        assertTrue(pi("getent group docker").startsWith("docker:"));
        assertEquals("", pi("docker ps -q"));
        assertEquals("", pi("ls -A /srv"), "site.yaml makes /srv/services, not the lab");
    }

    @Test @Order(2)
    void presentStartsRealServicesThenNothingToChange() throws Exception {
        String[] first = play("present");
        assertEquals(3, changed(first), "data dirs, compose files and projects all changed");
        assertEquals(ALL, composeChanged(first));
        assertEquals("1", piUntil(PSQL + "'select 1'", "1"));
        assertEquals("PONG", piUntil("redis-cli ping", "PONG"));
        assertEquals("200", piUntil(HEALTH, "200"));
        assertEquals("999 999 472", pi("for f in " + PID_FILES + "; do "
                + "stat -c %u /proc/$(cut -d' ' -f1 $f); done | xargs"), "each service runs as its image's user");
        assertEquals(0, changed(play("present")), "a second run must change nothing");
    }

    @Test @Order(3)
    void checkModeStopsNothing() throws Exception {
        String pids = pi(PIDS);
        String[] check = play("absent", "--check");
        assertEquals(1, changed(check));
        assertEquals(ALL, composeChanged(check));
        assertEquals(pids, pi(PIDS));
        assertEquals("3", pi("for p in " + pids.replace('\n', ' ') + "; do kill -0 $p && echo ok; done | wc -l"));
    }

    @Test @Order(4)
    void dataSurvivesDownAndUpAndDownStopsByPid() throws Exception {
        pi(PSQL + "'create table kept(x int); insert into kept values (42)'");
        assertEquals("OK", pi("redis-cli set kept v1"));
        String pids = pi(PIDS);
        assertEquals(3, pids.lines().count(), pids);

        String[] absent = play("absent");
        assertEquals(1, changed(absent));
        assertEquals(ALL, composeChanged(absent));
        assertEquals("", pi("for p in " + pids.replace('\n', ' ') + "; do [ -e /proc/$p ] && echo $p; done; true"),
                "the services' processes must be gone");
        assertEquals("", pi("docker ps -aq"));
        assertEquals("", pi("ls -A /run/lab/compose"));
        assertEquals(0, changed(play("absent")));

        String[] again = play("present");
        assertEquals(1, changed(again));
        assertEquals(ALL, composeChanged(again));
        assertEquals("42", piUntil(PSQL + "'select x from kept'", "42"));
        assertEquals("v1", piUntil("redis-cli get kept", "v1"));
        assertEquals("200", piUntil(HEALTH, "200"));
        assertFalse(pids.equals(pi(PIDS)), "new processes after down and up");
    }

    @Test @Order(5)
    void brokenDataIsVisible() throws Exception {
        pi("rm /srv/services/grafana/data/grafana.db");
        assertEquals("503", pi(HEALTH), "a lost Grafana database must show as unhealthy");
        // data the service's user cannot write: the container exits 1, as real Grafana does
        pi("chown -R 0:0 /srv/services/grafana/data && docker compose --project-directory /srv/services/grafana restart");
        String ps = piUntil("docker compose --project-directory /srv/services/grafana ps --all --format json"
                + " | grep -o '\"State\":\"exited\"'", "\"State\":\"exited\"");
        assertEquals("\"State\":\"exited\"", ps);
        assertTrue(pi("docker compose --project-directory /srv/services/grafana ps --all --format json").contains("\"ExitCode\":1"));
        assertTrue(pi("docker compose --project-directory /srv/services/grafana logs").contains("is not writable"));
        // present starts it again; with the data fixed it is healthy (Grafana makes a new database)
        pi("chown -R 472:472 /srv/services/grafana/data");
        String[] fixed = play("present");
        assertEquals(1, changed(fixed));
        assertEquals(List.of("grafana"), composeChanged(fixed));
        assertEquals("200", piUntil(HEALTH, "200"));
    }
}
