package playbook.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Engine actions and fact handling end to end through {@code Main.run} on localhost. Expected
 * values are what ansible-playbook 2.14.18 printed for the same playbooks.
 */
class EngineActionsIT {
    @TempDir Path dir;

    private Run run(String playbook, String inventory, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("$DIR/site.yml", "-i", "$DIR/inventory", "-e", "out=$DIR/out"));
        args.addAll(List.of(extra));
        Files.createDirectories(dir.resolve("out"));
        return Run.in(dir, Map.of("site.yml", playbook, "inventory", inventory), args.toArray(String[]::new));
    }

    private String read(String name) throws Exception {
        return Files.readString(dir.resolve("out").resolve(name));
    }

    @Test
    void cacheableSetFactIsAFactToo() throws Exception {
        Run r = run("""
                - hosts: w1
                  gather_facts: false
                  tasks:
                    - set_fact: { cached: 1, cacheable: true }
                    - set_fact: { plain: 2 }
                    - copy:
                        dest: "{{ out }}/before.txt"
                        content: "{{ ansible_facts.cached | default('U') }} {{ ansible_facts.plain | default('U') }} {{ hostvars['w1'].ansible_facts.cached | default('U') }} {{ ansible_cached | default('U') }}"
                    - meta: clear_facts
                    - copy:
                        dest: "{{ out }}/cleared.txt"
                        content: "{{ ansible_facts.cached | default('U') }} {{ cached | default('U') }}"
                - hosts: w1
                  gather_facts: false
                  tasks:
                    - copy:
                        dest: "{{ out }}/next_play.txt"
                        content: "{{ ansible_facts.cached | default('U') }} {{ cached | default('U') }} {{ plain | default('U') }}"
                """, "w1 ansible_connection=local\n");
        assertEquals(0, r.rc, r.toString());
        assertEquals("1 U 1 U", read("before.txt"));
        assertEquals("U 1", read("cleared.txt"), "clear_facts drops the fact-cache copy, not set_fact's value");
        assertEquals("U 1 2", read("next_play.txt"));
    }

    @Test
    void waitForConnectionIsSkippedInCheckMode() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - wait_for_connection: { timeout: 5 }
                      register: w
                    - debug: { msg: "skipped={{ w.skipped }} failed={{ w.failed }}" }
                """, "localhost ansible_connection=local\n", "--check");
        assertEquals(0, r.rc, r.toString());
        assertEquals("ok=1 changed=0 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0", r.recap().get("localhost"), r.toString());
        assertTrue(r.out.contains("skipped=True failed=False"), r.toString());
    }

    @Test
    void waitForConnectionSucceedsOnALocalHost() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - wait_for_connection: { timeout: 5 }
                      register: w
                    - copy: { dest: "{{ out }}/w.txt", content: "{{ w.changed }} {{ w.failed }} {{ w.elapsed is number }}" }
                """, "localhost ansible_connection=local\n");
        assertEquals(0, r.rc, r.toString());
        assertEquals("False False True", read("w.txt"));
    }

    @Test
    void groupByTakesTheImplicitLocalhostWhichAllStillLeavesOut() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - group_by: { key: controller }
                - hosts: controller
                  gather_facts: false
                  tasks:
                    - copy: { dest: "{{ out }}/controller.txt", content: "{{ group_names | join(',') }} {{ groups['all'] | join(',') }}" }
                - hosts: all
                  gather_facts: false
                  tasks:
                    - copy: { dest: "{{ out }}/all_{{ inventory_hostname }}.txt", content: x }
                """, "w1 ansible_connection=local\n");
        assertEquals(0, r.rc, r.toString());
        assertEquals("controller w1", read("controller.txt"));
        assertTrue(Files.exists(dir.resolve("out/all_w1.txt")));
        assertFalse(Files.exists(dir.resolve("out/all_localhost.txt")));
    }

    @Test
    void addHostWithoutANameFailsBeforeAnythingRuns() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - copy: { dest: "{{ out }}/ran.txt", content: x }
                    - add_host: { groups: [x] }
                """, "localhost ansible_connection=local\n");
        assertEquals(4, r.rc, r.toString());
        assertTrue((r.out + r.err).contains("one of the following is required: name, hostname, host"), r.toString());
        assertTrue((r.out + r.err).contains("site.yml:5"), r.toString());
        assertFalse(Files.exists(dir.resolve("out/ran.txt")));
    }

    @Test
    void addHostInTheFreeStrategyStopsTheRunAsAnsibleDoes() throws Exception {
        Run r = run("""
                - hosts: localhost
                  strategy: free
                  gather_facts: false
                  tasks:
                    - add_host: name=zz
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - copy: { dest: "{{ out }}/next.txt", content: x }
                """, "localhost ansible_connection=local\n");
        assertEquals(1, r.rc, r.toString());
        assertTrue((r.out + r.err).contains("The 'add_host' module bypasses the host loop"), r.toString());
        assertFalse(Files.exists(dir.resolve("out/next.txt")));
    }
    @Test
    void refreshInventoryRereadsTheInventoryForLaterPlaysAndKeepsAddHost() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - add_host: { name: extra, groups: [late], ansible_connection: local, who: added }
                    - copy:
                        dest: "{{ inventory_dir }}/inventory"
                        content: |
                          localhost ansible_connection=local
                          [web]
                          w9 ansible_connection=local who=written
                    - file: { path: "{{ inventory_dir }}/group_vars", state: directory }
                    - copy:
                        dest: "{{ inventory_dir }}/group_vars/web.yml"
                        content: "tier: from-group-vars\\n"
                    - copy:
                        dest: "{{ out }}/before.txt"
                        content: "{{ groups.web | default(['none']) | join(',') }}"
                    - meta: refresh_inventory
                    - copy:
                        dest: "{{ out }}/same_play.txt"
                        content: "{{ groups.web | join(',') }}"
                - hosts: web
                  gather_facts: false
                  tasks:
                    - copy:
                        dest: "{{ out }}/{{ inventory_hostname }}.txt"
                        content: "{{ who }} {{ tier }} {{ group_names | join(',') }}"
                - hosts: late
                  gather_facts: false
                  tasks:
                    - copy:
                        dest: "{{ out }}/{{ inventory_hostname }}.txt"
                        content: "{{ who }}"
                """, "localhost ansible_connection=local\n");
        assertEquals(0, r.rc, r.toString());
        assertEquals("none", read("before.txt"));
        assertEquals("w9", read("same_play.txt"), "the groups variable follows the refresh at once");
        assertEquals("written from-group-vars web", read("w9.txt"), "the new host ran, with its group_vars");
        assertEquals("added", read("extra.txt"), "add_host's host survives the refresh");
        assertEquals("ok=1 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", r.recap().get("w9"), r.toString());
    }

    @Test
    void aBrokenInventoryAtRefreshStopsTheRunNamingTheFile() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - copy:
                        dest: "{{ inventory_dir }}/inventory"
                        content: "[web\\nw1\\n"
                    - meta: refresh_inventory
                    - copy: { dest: "{{ out }}/after.txt", content: x }
                """, "localhost ansible_connection=local\n");
        assertFalse(Files.exists(dir.resolve("out/after.txt")), r.toString());
        assertTrue((r.out + r.err).contains("refresh_inventory") && (r.out + r.err).contains(dir.resolve("inventory").toString()), r.toString());
        assertEquals(1, r.rc, r.toString());
    }
}
