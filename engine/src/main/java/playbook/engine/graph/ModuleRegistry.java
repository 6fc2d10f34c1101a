package playbook.engine.graph;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.Module;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every action a task may name: the modules found through {@link ServiceLoader}, plus the
 * engine's own actions (includes, imports, include_vars). Answers to the short name and to
 * the {@code ansible.builtin.} / {@code ansible.legacy.} FQCNs.
 */
public final class ModuleRegistry {
    private static final String[] PREFIXES = {"ansible.builtin.", "ansible.legacy.", "ansible.posix.", "community.general.",
            "community.docker."};
    /** Other names Ansible gives the same module. */
    private static final Map<String, String> ALIASES = Map.of("systemd_service", "systemd", "docker_compose", "docker_compose_v2");

    private final Map<String, Module> modules;

    public ModuleRegistry(Iterable<Module> found) {
        Map<String, Module> m = new LinkedHashMap<>();
        for (Module mod : found) m.put(mod.name(), mod);
        this.modules = Collections.unmodifiableMap(m);
    }

    /** The registry of the modules on the class path. */
    public static ModuleRegistry load() {
        return new ModuleRegistry(ServiceLoader.load(Module.class));
    }

    /** The short name for a possibly fully qualified name. */
    public static String shortName(String name) {
        String s = name;
        for (String p : PREFIXES) {
            if (s.startsWith(p)) { s = s.substring(p.length()); break; }
        }
        return ALIASES.getOrDefault(s, s);
    }

    /** True for a module or an engine action, by short name or FQCN. */
    public boolean isAction(String name) {
        String s = shortName(name);
        return modules.containsKey(s) || EngineActions.isEngineAction(s);
    }

    /** The module for a name, or null (engine actions have none). */
    public Module module(String name) {
        return modules.get(shortName(name));
    }

    /** The argument spec of a module or engine action; null when unknown. */
    public ArgSpec spec(String name) {
        String s = shortName(name);
        Module m = modules.get(s);
        if (m != null) return m.spec();
        return EngineActions.spec(s);
    }

    /** All known action names (short), for suggestions. */
    public Set<String> names() {
        Set<String> all = new TreeSet<>(modules.keySet());
        all.addAll(EngineActions.names());
        return all;
    }
}
