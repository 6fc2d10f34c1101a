package playbook.engine.parse;

import org.junit.jupiter.api.Test;
import playbook.engine.model.Block;
import playbook.engine.model.Task;
import playbook.engine.model.TaskItem;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskFormsTest extends ParserFixture {
    @Test void moduleWithMapping() {
        Task t = onlyTask("""
                    - name: copy it
                      copy:
                        src: a
                        dest: /b
                      when: x
                      register: r
                      notify: restart
                """);
        assertEquals("copy it", t.name());
        assertEquals("copy", t.module());
        assertEquals(Map.of("src", "a", "dest", "/b"), t.args());
        assertNull(t.freeForm());
        assertEquals(Map.of("when", "x", "register", "r", "notify", "restart"), t.keywords());
        assertEquals(dir.resolve("pb.yml") + ":3:7", t.location().toString());
        assertEquals(dir.resolve("pb.yml") + ":5:9", t.locationOf("src").toString());
        assertEquals(dir.resolve("pb.yml") + ":7:7", t.locationOf("when").toString());
    }

    @Test void freeFormIsKeptAsWritten() {
        List<TaskItem> items = tasksOf("""
                    - copy: src=a dest="b c"
                    - command: ls -l chdir=/tmp
                """);
        Task copy = task(items.get(0));
        assertEquals("src=a dest=\"b c\"", copy.freeForm());
        assertTrue(copy.args().isEmpty());
        assertEquals(dir.resolve("pb.yml") + ":3:13", copy.locationOf("dest").toString());
        assertEquals("ls -l chdir=/tmp", task(items.get(1)).freeForm());
        assertEquals("command", task(items.get(1)).module());
    }

    @Test void argsKeywordGivesStructuredArgsAndInlineMappingWins() {
        Task t = onlyTask("""
                    - shell: echo hi
                      args:
                        chdir: /tmp
                        creates: /x
                    - copy: {src: inline}
                      args: {src: fromargs, dest: /d}
                """);
        assertEquals("echo hi", t.freeForm());
        assertEquals(Map.of("chdir", "/tmp", "creates", "/x"), t.args());
        Task copy = task(tasksOf("""
                    - copy: {src: inline}
                      args: {src: fromargs, dest: /d}
                """).get(0));
        assertEquals(Map.of("src", "inline", "dest", "/d"), copy.args());
    }

    @Test void legacyActionAndLocalAction() {
        List<TaskItem> items = tasksOf("""
                    - action: command echo "a b" creates=/x
                    - local_action: ansible.builtin.shell echo hi
                      delegate_to: elsewhere
                    - action:
                        module: copy
                        src: a
                        dest: b
                """);
        Task action = task(items.get(0));
        assertEquals("command", action.module());
        assertEquals("echo \"a b\" creates=/x", action.freeForm());
        assertNull(action.keywords().get("delegate_to"));
        Task local = task(items.get(1));
        assertEquals("shell", local.module());
        assertEquals("echo hi", local.freeForm());
        assertEquals("localhost", local.keywords().get("delegate_to"));
        Task dict = task(items.get(2));
        assertEquals("copy", dict.module());
        assertEquals(Map.of("src", "a", "dest", "b"), dict.args());
    }

    @Test void moduleWithNothingAndFqcnNames() {
        List<TaskItem> items = tasksOf("""
                    - ping:
                    - ansible.builtin.file: {path: /x, state: absent}
                    - ansible.legacy.debug: msg=hi
                """);
        assertEquals("ping", task(items.get(0)).module());
        assertTrue(task(items.get(0)).args().isEmpty());
        assertNull(task(items.get(0)).freeForm());
        assertEquals("file", task(items.get(1)).module());
        assertEquals("/x", task(items.get(1)).args().get("path"));
        assertEquals("debug", task(items.get(2)).module());
        assertEquals("ping", task(items.get(0)).displayName());
    }

    @Test void loopsAndOtherKeywords() {
        Task t = onlyTask("""
                    - debug: var=item
                      with_items: [1, 2]
                      loop_control: {label: "{{ item }}"}
                      until: r is success
                      retries: 2
                      delay: 1
                      vars: [{a: 1}, {b: 2}]
                      tags: [t]
                      no_log: true
                      changed_when: false
                      debugger: never
                """);
        assertEquals(List.of(1L, 2L), t.keywords().get("with_items"));
        assertEquals(Map.of("label", "{{ item }}"), t.keywords().get("loop_control"));
        assertEquals(Map.of("a", 1L, "b", 2L), t.keywords().get("vars"));
        assertEquals(false, t.keywords().get("changed_when"));
        assertEquals("never", t.keywords().get("debugger"));
        assertEquals(10, t.keywords().size());
    }

    @Test void engineActionsAreTasksAndIncludeBecomesIncludeTasks() {
        List<TaskItem> items = tasksOf("""
                    - import_tasks: other.yml
                    - include_role: {name: web}
                    - include: legacy.yml
                    - meta: flush_handlers
                    - set_fact: {a: 1}
                """);
        assertEquals("import_tasks", task(items.get(0)).module());
        assertEquals("other.yml", task(items.get(0)).freeForm());
        assertEquals(Map.of("name", "web"), task(items.get(1)).args());
        assertEquals("include_tasks", task(items.get(2)).module());
        assertEquals("legacy.yml", task(items.get(2)).freeForm());
        assertEquals("flush_handlers", task(items.get(3)).freeForm());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith(at("pb.yml", 5, 7) + "'include' is deprecated"), warnings.get(0));
    }

    @Test void blocksNestAndKeepTheirKeywords() {
        List<TaskItem> items = tasksOf("""
                    - name: outer
                      become: true
                      when: x
                      block:
                        - debug: msg=one
                        - block:
                            - debug: msg=inner
                          rescue:
                            - debug: msg=rescued
                      always:
                        - debug: msg=always
                """);
        Block outer = block(items.get(0));
        assertEquals("outer", outer.name());
        assertEquals(Map.of("become", true, "when", "x"), outer.keywords());
        assertEquals(2, outer.block().size());
        Block inner = block(outer.block().get(1));
        assertEquals("msg=inner", task(inner.block().get(0)).freeForm());
        assertEquals("msg=rescued", task(inner.rescue().get(0)).freeForm());
        assertEquals("msg=always", task(outer.always().get(0)).freeForm());
        assertTrue(outer.rescue().isEmpty());
        assertEquals(dir.resolve("pb.yml") + ":8:11", inner.location().toString());
    }

    @Test void handlersMayListen() {
        var play = onlyPlay("""
                - hosts: all
                  handlers:
                    - name: restart web
                      service: name=nginx state=restarted
                      listen: web changed
                """);
        Task h = task(play.handlers().get(0));
        assertEquals("web changed", h.keywords().get("listen"));
        assertEquals("service", h.module());
    }

    @Test void taskFilesAndHandlerFiles() {
        Path empty = write("empty.yml", "");
        assertTrue(parser.parseTasks(empty).isEmpty());
        Path tasks = write("t.yml", "- debug: msg=a\n- name: b\n  file: {path: /b}\n");
        assertEquals(2, parser.parseTasks(tasks).size());
        Path handlers = write("h.yml", "- name: h\n  debug: msg=h\n  listen: topic\n");
        assertEquals("topic", parser.parseTasks(handlers, true).get(0).keywords().get("listen"));
    }

    @Test void decimalModeWarns() {
        Task t = onlyTask("""
                    - file: {path: /srv, mode: 2750}
                    - file: {path: /srv, mode: 0750}
                    - file: {path: /srv, mode: '2750'}
                    - file: {path: /srv, mode: 1999}
                """);
        assertEquals(2750L, t.args().get("mode"));
        assertEquals(1, warnings.size(), warnings.toString());
        assertEquals(at("pb.yml", 3, 32) + "mode 2750 is a decimal integer (= 0o5276 as permissions), not octal 2750."
                + " Write mode: '2750' (quoted) or mode: 02750 (leading zero) to mean the octal permissions 2750.",
                warnings.get(0));
    }
}
