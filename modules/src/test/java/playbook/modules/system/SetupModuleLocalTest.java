package playbook.modules.system;

import org.junit.jupiter.api.Test;
import playbook.engine.api.Result;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SetupModuleLocalTest {
    @SuppressWarnings("unchecked")
    @Test void gathersOnThisHostInOneProbe() throws Exception {
        LocalTarget t = new LocalTarget();
        Result r = Run.run(new SetupModule(), t, new Object[0]);
        assertEquals(1, t.probes.size());
        assertTrue(t.applies.isEmpty());
        String uname = LocalTarget.exec("uname -n", null).stdout().trim();
        assertEquals(uname, r.facts().get("ansible_nodename"));
        assertEquals("Linux", r.facts().get("ansible_system"));
        assertEquals(LocalTarget.exec("id -un", null).stdout().trim(), r.facts().get("ansible_user_id"));
        Map<String, Object> all = (Map<String, Object>) r.values().get("ansible_facts");
        assertEquals(r.facts().get("ansible_kernel"), all.get("kernel"));
        assertTrue(((Number) all.get("memtotal_mb")).longValue() > 0);
        assertFalse(((List<?>) all.get("mounts")).isEmpty());
    }

    @Test void filterKeepsMatchingFacts() {
        Result r = Run.run(new SetupModule(), new LocalTarget(), "filter", List.of("ansible_*_mb"));
        assertTrue(r.facts().containsKey("ansible_memtotal_mb"));
        assertFalse(r.facts().containsKey("ansible_hostname"));
    }
}
