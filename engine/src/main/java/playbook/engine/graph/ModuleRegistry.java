package playbook.engine.graph;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.Module;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

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

    /**
     * Where {@link #load} finds each module's name without creating the module: lines of
     * {@code class-name module-name}. Creating all of them (class init, argument specs with their
     * docs) was ~29 ms of every run's start, for the few a play uses.
     */
    public static final String NAMES = "META-INF/playbook/module-names";

    private final Map<String, Supplier<Module>> factories;
    private final Map<String, Module> made = new ConcurrentHashMap<>();

    public ModuleRegistry(Iterable<Module> found) {
        Map<String, Supplier<Module>> m = new LinkedHashMap<>();
        for (Module mod : found) m.put(mod.name(), () -> mod);
        this.factories = Collections.unmodifiableMap(m);
    }

    private ModuleRegistry(Map<String, Supplier<Module>> factories) {
        this.factories = Collections.unmodifiableMap(factories);
    }

    /**
     * The registry of the modules on the class path (ServiceLoader). A module named in
     * {@link #NAMES} is created when a task first asks for it; any other is created now to learn its name.
     */
    public static ModuleRegistry load() {
        Map<String, String> names = declaredNames();
        Map<String, Supplier<Module>> m = new LinkedHashMap<>();
        for (ServiceLoader.Provider<Module> p : ServiceLoader.load(Module.class).stream().toList()) {
            String name = names.get(p.type().getName());
            if (name != null) {
                m.putIfAbsent(name, p::get);
            } else {
                Module mod = p.get();
                m.putIfAbsent(mod.name(), () -> mod);
            }
        }
        return new ModuleRegistry(m);
    }

    /** Class name → module name, from every {@link #NAMES} resource on the class path. */
    public static Map<String, String> declaredNames() {
        Map<String, String> out = new HashMap<>();
        try {
            var urls = ModuleRegistry.class.getClassLoader().getResources(NAMES);
            while (urls.hasMoreElements()) {
                try (InputStream in = urls.nextElement().openStream();
                     BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        String[] w = line.strip().split("\\s+");
                        if (w.length == 2 && !w[0].startsWith("#")) out.put(w[0], w[1]);
                    }
                }
            }
        } catch (IOException e) {
            // every module is then created up front, as before
        }
        return out;
    }

    private Module get(String shortName) {
        Supplier<Module> f = factories.get(shortName);
        return f == null ? null : made.computeIfAbsent(shortName, k -> f.get());
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
        return factories.containsKey(s) || EngineActions.isEngineAction(s);
    }

    /** The module for a name, or null (engine actions have none). */
    public Module module(String name) {
        return get(shortName(name));
    }

    /** The argument spec of a module or engine action; null when unknown. */
    public ArgSpec spec(String name) {
        String s = shortName(name);
        Module m = get(s);
        if (m != null) return m.spec();
        return EngineActions.spec(s);
    }

    /** All known action names (short), for suggestions. */
    public Set<String> names() {
        Set<String> all = new TreeSet<>(factories.keySet());
        all.addAll(EngineActions.names());
        return all;
    }
}
