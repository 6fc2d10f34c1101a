package playbook.modules;

import org.junit.jupiter.api.Test;
import playbook.engine.api.Module;

import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceRegistrationTest {
    @Test void allModulesAreFoundByServiceLoader() {
        Set<String> names = new TreeSet<>();
        for (Module m : ServiceLoader.load(Module.class)) {
            names.add(m.name());
            m.spec();
        }
        assertEquals(new TreeSet<>(Set.of("command", "shell", "debug", "set_fact", "assert", "fail", "ping",
                "file", "stat", "copy", "setup", "template", "lineinfile", "blockinfile", "replace", "find", "tempfile",
                "fetch", "archive", "unarchive", "group", "user", "mount", "service", "systemd", "cron", "authorized_key",
                "known_hosts", "hostname", "sysctl", "docker_compose_v2", "wait_for", "apt", "package", "synchronize",
                "uri", "get_url", "raw", "script", "pause")), names);
    }
}
