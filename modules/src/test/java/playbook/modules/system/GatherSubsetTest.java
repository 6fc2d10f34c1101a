package playbook.modules.system;

import org.junit.jupiter.api.Test;
import playbook.engine.ModuleException;
import playbook.engine.api.Result;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gather_subset and filter as ansible-core 2.14's setup: the key sets are what
 * {@code ansible -m setup} returned for the same arguments (less the facts we do not gather).
 */
class GatherSubsetTest {
    @Test
    void subsetsResolveAsAnsiblesCollectorNames() {
        Set<String> all = GatherSubset.collectors(List.of("all"));
        assertTrue(all.containsAll(Set.of("hardware", "network", "virtual", "platform", "user")));
        assertEquals(GatherSubset.MINIMAL, GatherSubset.collectors(List.of("!all")));
        assertEquals(GatherSubset.MINIMAL, GatherSubset.collectors(List.of("min")));
        Set<String> net = GatherSubset.collectors(List.of("!all", "network"));
        assertTrue(net.contains("network") && !net.contains("hardware"), net.toString());
        Set<String> noHw = GatherSubset.collectors(List.of("all", "!hardware"));
        assertFalse(noHw.contains("hardware"));
        assertTrue(noHw.contains("network"));
        assertEquals(Set.of(), GatherSubset.collectors(List.of("!all", "!min")));
        assertTrue(GatherSubset.collectors(List.of("!all", "interfaces")).contains("network"), "a fact id names its collector");
        assertTrue(GatherSubset.collectors(List.of("!hardware", "hardware")).contains("hardware"), "named beats excluded");
        ModuleException bad = assertThrows(ModuleException.class, () -> GatherSubset.collectors(List.of("bogus")));
        assertTrue(bad.getMessage().startsWith("Bad subset 'bogus' given to Ansible. gather_subset options allowed: all, "),
                bad.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static Set<String> keys(Object... args) {
        Result r = Run.run(new SetupModule(), new LocalTarget(), args);
        return new TreeSet<>(((Map<String, Object>) r.values().get("ansible_facts")).keySet());
    }

    @Test
    void notAllKeepsTheMinimalFactsOnly() {
        Set<String> min = keys("gather_subset", List.of("!all"));
        assertTrue(min.containsAll(Set.of("hostname", "distribution", "os_family", "date_time", "user_id", "kernel",
                "gather_subset", "module_setup")), min.toString());
        assertFalse(min.contains("interfaces") || min.contains("memtotal_mb") || min.contains("mounts"), min.toString());
        Set<String> net = keys("gather_subset", "!all,network");
        assertTrue(net.contains("interfaces") && net.contains("default_ipv4") && !net.contains("mounts"), net.toString());
        assertEquals(Set.of("gather_subset", "module_setup"), keys("gather_subset", List.of("!all", "!min")));
    }

    @Test
    void filterAppliesToEveryKeyWithWildcardsAndLists() {
        assertEquals(Set.of("distribution", "hostname"), keys("filter", List.of("ansible_host*", "ansible_distribution")));
        assertEquals(Set.of("os_family"), keys("gather_subset", List.of("!all", "min"), "filter", "ansible_os_family"));
        Set<String> versions = keys("filter", "*_version");
        assertTrue(versions.containsAll(Set.of("distribution_version", "kernel_version")), versions.toString());
        assertFalse(versions.contains("gather_subset") || versions.contains("module_setup"), versions.toString());
        assertTrue(keys("filter", "*").contains("module_setup"));
    }
}
