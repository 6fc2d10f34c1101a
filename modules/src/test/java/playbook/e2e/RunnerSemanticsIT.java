package playbook.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's play semantics, end to end on localhost (connection: local), checked on the files they write. */
class RunnerSemanticsIT {
    @TempDir Path dir;

    private Run run(String playbook, String... extra) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("$DIR/site.yml", "-i", "$DIR/inventory", "-e", "out=$DIR/out"));
        args.addAll(java.util.List.of(extra));
        Files.createDirectories(dir.resolve("out"));
        return Run.in(dir, Map.of("site.yml", playbook, "inventory", Run.LOCAL_INVENTORY), args.toArray(String[]::new));
    }

    private String read(String name) throws Exception {
        return Files.readString(dir.resolve("out").resolve(name));
    }

    @Test
    void includeRoleInsideARoleFindsSiblingRolesNextToThePlaybook() throws Exception {
        Files.createDirectories(dir.resolve("roles/outer/tasks"));
        Files.createDirectories(dir.resolve("roles/inner/tasks"));
        Files.writeString(dir.resolve("roles/outer/tasks/main.yaml"), """
                - block:
                    - include_role: { name: inner }
                      vars: { word: from-outer }
                """);
        Files.writeString(dir.resolve("roles/inner/tasks/main.yaml"), """
                - copy: { dest: "{{ out }}/inner", content: "{{ word }}" }
                """);
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  roles: [outer]
                """);
        assertEquals(0, r.rc, r.toString());
        assertEquals("from-outer", read("inner"));
    }

    @Test
    void blockRescueAlwaysCountsRescuedAndRunsBothSections() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - block:
                        - command: /bin/false
                        - copy: { dest: "{{ out }}/not-reached", content: x }
                      rescue:
                        - copy: { dest: "{{ out }}/rescued", content: "{{ ansible_failed_task.name | default('unnamed') }}" }
                      always:
                        - copy: { dest: "{{ out }}/always", content: y }
                """);
        assertEquals(0, r.rc, r.toString());
        assertEquals("ok=2 changed=2 unreachable=0 failed=0 skipped=0 rescued=1 ignored=0", r.recap().get("localhost"), r.toString());
        assertTrue(Files.exists(dir.resolve("out/rescued")));
        assertTrue(Files.exists(dir.resolve("out/always")));
        assertFalse(Files.exists(dir.resolve("out/not-reached")));
    }

    @Test
    void failureStopsHostWithExitCode2AndIgnoreErrorsCountsIgnored() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - command: /bin/false
                      ignore_errors: true
                    - fail: { msg: boom }
                    - copy: { dest: "{{ out }}/after", content: x }
                """);
        assertEquals(2, r.rc, r.toString());
        assertEquals("ok=1 changed=1 unreachable=0 failed=1 skipped=0 rescued=0 ignored=1", r.recap().get("localhost"), r.toString());
        assertFalse(Files.exists(dir.resolve("out/after")));
        assertTrue(r.out.contains("boom"), r.toString());
    }

    @Test
    void loopsRegisterResultsAndWhenPerItem() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - command: "echo {{ item }}"
                      loop: [a, b, c]
                      when: item != 'b'
                      register: echoes
                    - copy:
                        dest: "{{ out }}/echoes"
                        content: "{{ echoes.results | selectattr('stdout', 'defined') | map(attribute='stdout') | join(',') }}"
                """);
        assertEquals(0, r.rc, r.toString());
        assertEquals("a,c", read("echoes"));
    }

    @Test
    void handlersRunOnceAtTheEndAndOnlyWhenNotified() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - copy: { dest: "{{ out }}/f", content: one }
                      notify: bump
                    - copy: { dest: "{{ out }}/f", content: one }
                      notify: never-notified
                    - command: "true"
                      changed_when: true
                      notify: [bump]
                  handlers:
                    - name: bump
                      shell: "echo x >> {{ out }}/bumps"
                    - name: never-notified
                      shell: "echo x >> {{ out }}/never"
                """);
        assertEquals(0, r.rc, r.toString());
        assertEquals("x\n", read("bumps"));
        assertFalse(Files.exists(dir.resolve("out/never")));
    }

    @Test
    void setFactAndRegisterBeatPlayVarsButNotExtraVars() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  vars: { a: play, b: play, c: play }
                  tasks:
                    - set_fact: { a: fact, b: fact }
                    - copy: { dest: "{{ out }}/vars", content: "{{ a }} {{ b }} {{ c }}" }
                """, "-e", "b=extra");
        assertEquals(0, r.rc, r.toString());
        assertEquals("fact extra play", read("vars"));
    }

    @Test
    void undefinedVariableFailsTheTaskNamingVariableAndLine() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: uses an undefined var
                      copy: { dest: "{{ out }}/x", content: "{{ nope }}" }
                """);
        assertEquals(2, r.rc, r.toString());
        assertTrue(r.out.contains("nope") && r.out.contains("is undefined"), r.toString());
        assertTrue(r.out.contains("site.yml': line 4"), r.toString());
        assertFalse(Files.exists(dir.resolve("out/x")));
    }

    @Test
    void unknownModuleArgumentFailsBeforeAnythingRuns() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - copy: { dest: "{{ out }}/first", content: x }
                    - file: { path: "{{ out }}/d", stat: directory }
                """);
        assertEquals(4, r.rc, r.toString());
        assertTrue(r.err.contains("site.yml:5:") && r.err.contains("stat") && r.err.contains("did you mean 'state'"), r.toString());
        assertFalse(Files.exists(dir.resolve("out/first")), "nothing may run when a later task is invalid");
    }

    @Test
    void checkModeChangesNothingButReportsChange() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - file: { path: "{{ out }}/dir", state: directory }
                """, "--check");
        assertEquals(0, r.rc, r.toString());
        assertEquals("ok=1 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", r.recap().get("localhost"), r.toString());
        assertFalse(Files.exists(dir.resolve("out/dir")));
    }

    @Test
    void includeTasksWithLoopAndVars() throws Exception {
        Files.writeString(dir.resolve("inc.yml"), """
                - copy: { dest: "{{ out }}/{{ name }}-{{ item }}", content: "{{ greeting }}" }
                """);
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - include_tasks: inc.yml
                      loop: [1, 2]
                      vars: { name: f, greeting: hi }
                """);
        assertEquals(0, r.rc, r.toString());
        assertEquals("hi", read("f-1"));
        assertEquals("hi", read("f-2"));
    }

    @Test
    void untilRetriesUntilConditionHolds() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - shell: "echo x >> {{ out }}/tries; wc -l < {{ out }}/tries"
                      register: n
                      until: n.stdout | int >= 3
                      retries: 5
                      delay: 0
                """);
        assertEquals(0, r.rc, r.toString());
        assertEquals(3, read("tries").lines().count());
    }

    @Test
    void tagsSelectTasks() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - copy: { dest: "{{ out }}/a", content: x }
                      tags: [a]
                    - copy: { dest: "{{ out }}/b", content: x }
                      tags: [b]
                    - copy: { dest: "{{ out }}/always", content: x }
                      tags: [always]
                """, "--tags", "b");
        assertEquals(0, r.rc, r.toString());
        assertFalse(Files.exists(dir.resolve("out/a")));
        assertTrue(Files.exists(dir.resolve("out/b")));
        assertTrue(Files.exists(dir.resolve("out/always")));
    }

    @Test
    void noLogAndSecretExtraVarsNeverReachTheConsole() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - command: "echo {{ db_password }}"
                      no_log: true
                    - debug: { msg: "connecting with {{ db_password }}" }
                    - fail: { msg: "sealed-{{ 'hidden' }}" }
                      no_log: true
                """, "-e", "db_password=s3cr3t-value");
        assertEquals(2, r.rc, r.toString());
        assertFalse(r.out.contains("s3cr3t-value") || r.err.contains("s3cr3t-value"), r.toString());
        assertFalse(r.out.contains("sealed-hidden"), r.toString());
        assertTrue(r.out.contains("********"), r.toString());
        assertTrue(r.out.contains("the output has been hidden"), r.toString());
    }

    @Test
    void sshHostsAreUnreachableWithAClearMessageUntilTheTransportLands() throws Exception {
        Files.writeString(dir.resolve("inventory2"), "remote ansible_host=127.0.0.1 ansible_connection=ssh\nlocalhost ansible_connection=local\n");
        Run r = Run.in(dir, Map.of("site.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: "true"
                """), "$DIR/site.yml", "-i", "$DIR/inventory2");
        assertEquals(4, r.rc, r.toString());
        assertTrue(r.out.contains("UNREACHABLE") && r.out.contains("remote"), r.toString());
        assertEquals("ok=1 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", r.recap().get("localhost"), r.toString());
        assertEquals("ok=0 changed=0 unreachable=1 failed=0 skipped=0 rescued=0 ignored=0", r.recap().get("remote"), r.toString());
    }

    @Test
    void registeredOutputIsNeverTemplatedAgain() throws Exception {
        Run r = run("""
                - hosts: localhost
                  gather_facts: false
                  vars: { secret: leaked }
                  tasks:
                    - shell: "printf '%s' '{{ '{{' }} secret }}'"
                      register: res
                    - copy: { dest: "{{ out }}/o", content: "{{ res.stdout }}" }
                """);
        assertEquals(0, r.rc, r.toString());
        assertEquals("{{ secret }}", read("o"));
    }
}
