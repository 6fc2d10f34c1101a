package playbook.modules.net;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * community.docker.docker_compose_v2 with the {@code docker compose} CLI on the host. One
 * read-only probe lists the declared services ({@code config --services}) and the project's
 * containers ({@code ps --all --format json}); the module then runs only the one command the
 * state needs: present runs {@code up -d} when a selected service is not running (or recreate
 * is always, or orphans are to be removed, or pull is always), stopped runs {@code stop} when
 * something runs, restarted always runs {@code restart}, absent runs {@code down} when a
 * container exists. After a change a second probe reports the containers.
 */
public final class DockerComposeModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("project_src", ArgType.PATH)
            .doc("The directory with compose.yaml (or docker-compose.yml); commands run there.")
            .arg("files", ArgType.LIST)
            .doc("Compose files to use (docker compose -f), relative to project_src.")
            .arg("project_name", ArgType.STR)
            .doc("The project name (default: the directory name).")
            .arg("state", ArgType.STR).defaultValue("present").choices("present", "absent", "restarted", "stopped")
            .doc("present: the selected services run (up -d when one is not running); stopped: stop them; restarted: restart (always a change); absent: down, removing the containers.")
            .arg("services", ArgType.LIST)
            .doc("Only these services (default all).")
            .arg("pull", ArgType.STR).defaultValue("policy").choices("always", "missing", "never", "policy")
            .doc("always, missing or never are passed to up --pull; policy leaves it to each service's pull_policy. With always, up runs every time and reports changed only when the containers changed (e.g. recreated from a newer image).")
            .arg("remove_orphans", ArgType.BOOL).defaultValue(false)
            .doc("Remove containers of services no longer in the compose file.")
            .arg("recreate", ArgType.STR).defaultValue("auto").choices("auto", "always", "never")
            .doc("always: --force-recreate; never: --no-recreate; auto: compose decides.")
            .arg("wait", ArgType.BOOL).defaultValue(false)
            .doc("Wait until the services are running/healthy (up --wait).")
            .arg("timeout", ArgType.INT)
            .doc("Seconds compose waits for containers to stop (--timeout).")
            .requiredOneOf("project_src", "files")
            .summary("Run a Docker Compose project with the docker compose CLI on the host")
            .description("One read-only probe lists the declared services and the project's containers; then only the one command the state needs runs (up -d, stop, restart or down). After a change, a second probe reports the containers.")
            .notes("Idempotent for present, stopped and absent. Check mode reports the change without running compose.",
                    "Needs docker with the compose plugin (v2) on the host. Also answers to docker_compose and community.docker.docker_compose_v2.")
            .returns("containers", "The project's containers afterwards (Name, Service, State, ...).")
            .example("""
                - name: Stop Grafana for a cold backup
                  docker_compose_v2:
                    project_src: /srv/services/grafana
                    state: stopped
                  become: true

                - name: Start it again and wait until it is healthy
                  docker_compose_v2:
                    project_src: /srv/services/grafana
                    state: present
                    wait: true
                  become: true
                """)
            .build();

    /** Printed by the probe when the host has no docker binary. */
    static final String NO_DOCKER = "__pb_no_docker__";

    @Override public String name() { return "docker_compose_v2"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String base = baseCommand(args);
        String where = args.has("project_src") ? args.str("project_src") : String.join(", ", args.strList("files"));
        List<String> services = args.strList("services");
        String state = args.str("state");

        ExecResult pr = target.probe(probeScript(base));
        Result failed = probeFailure(pr, where, target);
        if (failed != null) return failed;
        ComposeStatus before = ComposeStatus.parse(pr.stdout());

        List<String> affected;
        String verb;
        List<String> cmd;
        boolean compare = false;
        switch (state) {
            case "present" -> {
                affected = before.notRunning(services);
                boolean orphans = args.bool("remove_orphans") && !before.orphans().isEmpty();
                boolean force = "always".equals(args.str("recreate"));
                compare = "always".equals(args.str("pull")) && affected.isEmpty() && !orphans && !force;
                if (force) affected = before.selected(services);
                if (affected.isEmpty() && !orphans && !compare) return unchanged(before, base);
                verb = "Starting";
                cmd = upArgs(args, services);
            }
            case "stopped" -> {
                affected = runningServices(before, services);
                if (affected.isEmpty()) return unchanged(before, base);
                verb = "Stopping";
                cmd = withServices(timeoutArgs(List.of("stop"), args), services);
            }
            case "restarted" -> {
                affected = before.selected(services);
                verb = "Restarting";
                cmd = withServices(timeoutArgs(List.of("restart"), args), services);
            }
            default -> { // absent
                affected = servicesOf(before.of(services));
                if (affected.isEmpty()) return unchanged(before, base);
                verb = "Removing";
                List<String> down = new ArrayList<>(timeoutArgs(List.of("down"), args));
                if (args.bool("remove_orphans")) down.add("--remove-orphans");
                cmd = withServices(down, services);
            }
        }
        String line = base + " " + Shell.join(cmd);
        ExecResult er = target.apply(line);
        Result r = Result.changed().put("cmd", line).put("actions", actions(verb, affected));
        if (!er.ran()) return r.put("containers", before.containers()).put("stdout", "").put("stderr", "");
        if (!er.ok())
            return Result.failed("docker compose " + cmd.get(0) + " failed for project " + where + " on "
                    + target.host() + " (rc=" + er.rc() + "): " + er.stderr().trim())
                    .put("cmd", line).put("rc", er.rc()).put("stdout", er.stdout()).put("stderr", er.stderr());
        ExecResult after = target.probe(probeScript(base));
        Result failedAfter = probeFailure(after, where, target);
        if (failedAfter != null) return failedAfter.put("cmd", line);
        ComposeStatus now = ComposeStatus.parse(after.stdout());
        if (compare && now.fingerprint().equals(before.fingerprint())) r.changed(false).put("actions", List.of());
        return r.put("containers", now.containers()).put("stdout", er.stdout()).put("stderr", er.stderr());
    }

    /** {@code docker compose} with the project's directory, files and name, quoted. */
    static String baseCommand(Args args) {
        List<String> w = new ArrayList<>(List.of("docker", "compose"));
        if (args.has("project_src")) { w.add("--project-directory"); w.add(args.str("project_src")); }
        for (String f : args.strList("files")) { w.add("-f"); w.add(f); }
        if (args.has("project_name")) { w.add("--project-name"); w.add(args.str("project_name")); }
        return Shell.join(w);
    }

    /** The one read-only probe: declared services, a mark, then the containers as JSON. */
    static String probeScript(String base) {
        return "command -v docker >/dev/null 2>&1 || { echo " + NO_DOCKER + "; exit 127; }\n"
                + base + " config --services || exit $?\n"
                + "echo " + ComposeStatus.PS_MARK + "\n"
                + base + " ps --all --format json\n";
    }

    private static Result probeFailure(ExecResult pr, String where, Target target) {
        if (pr.stdout().contains(NO_DOCKER))
            return Result.failed("docker: command not found on " + target.host()
                    + "; install Docker Engine with the compose plugin to manage project " + where);
        if (!pr.ok())
            return Result.failed("can't read compose project " + where + " on " + target.host()
                    + " (rc=" + pr.rc() + "): " + pr.stderr().trim()).put("rc", pr.rc()).put("stderr", pr.stderr());
        try {
            ComposeStatus.parse(pr.stdout());
        } catch (IllegalArgumentException e) {
            return Result.failed("can't parse 'docker compose ps --format json' output for project " + where
                    + " on " + target.host() + ": " + e.getMessage()).put("stdout", pr.stdout());
        }
        return null;
    }

    private static List<String> upArgs(Args args, List<String> services) {
        List<String> up = new ArrayList<>(List.of("up", "-d"));
        String pull = args.str("pull");
        if (!"policy".equals(pull)) { up.add("--pull"); up.add(pull); }
        if ("always".equals(args.str("recreate"))) up.add("--force-recreate");
        if ("never".equals(args.str("recreate"))) up.add("--no-recreate");
        if (args.bool("remove_orphans")) up.add("--remove-orphans");
        if (args.bool("wait")) up.add("--wait");
        return withServices(timeoutArgs(up, args), services);
    }

    private static List<String> timeoutArgs(List<String> words, Args args) {
        List<String> out = new ArrayList<>(words);
        if (args.has("timeout")) { out.add("--timeout"); out.add(String.valueOf(args.integer("timeout"))); }
        return out;
    }

    private static List<String> withServices(List<String> words, List<String> services) {
        List<String> out = new ArrayList<>(words);
        out.addAll(services);
        return out;
    }

    private static List<String> runningServices(ComposeStatus st, List<String> services) {
        return servicesOf(st.of(services).stream().filter(ComposeStatus::isRunning).toList());
    }

    private static List<String> servicesOf(List<Map<String, Object>> containers) {
        return containers.stream().map(ComposeStatus::service).distinct().toList();
    }

    private static List<Map<String, Object>> actions(String verb, List<String> services) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String s : services) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("what", verb);
            a.put("service", s);
            out.add(a);
        }
        return out;
    }

    private static Result unchanged(ComposeStatus st, String base) {
        return Result.ok().put("containers", st.containers()).put("actions", List.of());
    }
}
