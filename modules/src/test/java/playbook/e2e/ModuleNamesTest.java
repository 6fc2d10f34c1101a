package playbook.e2e;

import org.junit.jupiter.api.Test;
import playbook.engine.api.Module;
import playbook.engine.graph.ModuleRegistry;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The module-names index (ModuleRegistry.NAMES) lets a run create only the modules its play uses;
 * it must name every module the service file registers, with the name the module itself gives.
 */
class ModuleNamesTest {
    @Test void everyRegisteredModuleIsIndexedUnderItsOwnName() {
        Map<String, String> declared = ModuleRegistry.declaredNames();
        Map<String, String> actual = new TreeMap<>();
        for (Module m : ServiceLoader.load(Module.class)) actual.put(m.getClass().getName(), m.name());
        assertFalse(actual.isEmpty());
        assertEquals(actual, new TreeMap<>(declared),
                "META-INF/playbook/module-names must list each class in META-INF/services/playbook.engine.api.Module with its name()");
    }

    @Test void theLazyRegistryAnswersLikeTheEagerOne() {
        ModuleRegistry lazy = ModuleRegistry.load();
        ModuleRegistry eager = new ModuleRegistry(ServiceLoader.load(Module.class));
        assertEquals(eager.names(), lazy.names());
        for (String n : eager.names()) {
            assertEquals(eager.isAction(n), lazy.isAction(n), n);
            Module m = lazy.module("ansible.builtin." + n);
            if (eager.module(n) == null) {
                assertNull(m, n);
                continue;
            }
            assertEquals(n, m.name());
            assertSame(m, lazy.module(n), "one instance per registry");
            assertEquals(eager.spec(n).args().keySet(), lazy.spec(n).args().keySet(), n);
        }
        assertNull(lazy.module("no_such_module"));
    }
}
