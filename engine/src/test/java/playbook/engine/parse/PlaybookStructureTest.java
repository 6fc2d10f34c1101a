package playbook.engine.parse;

import org.junit.jupiter.api.Test;
import playbook.engine.model.Play;
import playbook.engine.model.Playbook;
import playbook.engine.model.RoleRef;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlaybookStructureTest extends ParserFixture {
    @Test void playKeywordsAndSections() {
        Play p = onlyPlay("""
                - name: web
                  hosts: [web, db]
                  gather_facts: no
                  serial: 2
                  become: true
                  vars: {port: 80}
                  vars_files: [vars.yml]
                  collections: [community.general]
                  module_defaults: {}
                  user: admin
                  pre_tasks: [{debug: msg=pre}]
                  roles: [common]
                  tasks: [{debug: msg=main}]
                  post_tasks: [{debug: msg=post}]
                  handlers: [{name: h, debug: msg=h}]
                """);
        assertEquals("web", p.name());
        assertEquals(List.of("web", "db"), p.keywords().get("hosts"));
        assertEquals(false, p.keywords().get("gather_facts"));
        assertEquals(2L, p.keywords().get("serial"));
        assertEquals(Map.of("port", 80L), p.keywords().get("vars"));
        assertEquals("admin", p.keywords().get("remote_user"));
        assertFalse(p.keywords().containsKey("tasks"));
        assertEquals(1, p.preTasks().size());
        assertEquals(1, p.tasks().size());
        assertEquals(1, p.postTasks().size());
        assertEquals(1, p.handlers().size());
        assertEquals("common", p.roles().get(0).name());
        assertEquals(dir, p.baseDir());
        assertEquals(dir.resolve("pb.yml") + ":1:3", p.location().toString());
    }

    @Test void unnamedPlayIsNamedAfterItsHosts() {
        assertEquals("web,db", onlyPlay("- hosts: [web, db]\n").name());
        assertEquals("all", onlyPlay("- hosts: all\n  tasks:\n").name());
    }

    @Test void importPlaybookExpandsInPlaceRelativeToTheImportingFile() {
        write("sub/inner.yml", """
                - hosts: inner
                  vars: {a: 1, b: 1}
                  tags: [inner]
                """);
        write("sub/middle.yml", """
                - import_playbook: inner.yml
                  when: second
                - hosts: middle
                """);
        Path top = write("site.yml", """
                - hosts: first
                - import_playbook: sub/middle.yml
                  vars: {b: 2}
                  tags: outer
                  when: first_cond
                - hosts: last
                """);
        Playbook pb = parser.parse(top);
        List<String> names = pb.plays().stream().map(Play::name).toList();
        assertEquals(List.of("first", "inner", "middle", "last"), names);
        Play inner = pb.plays().get(1);
        assertEquals(dir.resolve("sub"), inner.baseDir());
        assertEquals(dir, pb.plays().get(0).baseDir());
        assertEquals(Map.of("a", 1L, "b", 2L), inner.keywords().get("vars"));
        assertEquals(List.of("inner", "outer"), inner.keywords().get("tags"));
        assertEquals(List.of("first_cond", "second"), inner.keywords().get("when"));
        assertEquals(List.of("first_cond"), pb.plays().get(2).keywords().get("when"));
        assertEquals(dir.resolve("sub/inner.yml") + ":1:3", inner.location().toString());
        assertFalse(pb.plays().get(3).keywords().containsKey("when"));
    }

    @Test void roleReferencesSplitKeywordsFromParams() {
        Play p = onlyPlay("""
                - hosts: all
                  roles:
                    - common
                    - role: web
                      http_port: 8080
                      port: 2222
                      when: web_enabled
                      tags: [web]
                      become: true
                      vars: {x: 1}
                    - name: db
                      engine: pg
                """);
        List<RoleRef> refs = p.roles();
        assertEquals("common", refs.get(0).name());
        assertTrue(refs.get(0).params().isEmpty());
        RoleRef web = refs.get(1);
        assertEquals("web", web.name());
        // 'port' is a connection keyword for roles in Ansible, so it is not a role parameter
        assertEquals(Map.of("http_port", 8080L), web.params());
        assertEquals(Map.of("port", 2222L, "when", "web_enabled", "tags", List.of("web"), "become", true,
                "vars", Map.of("x", 1L)), web.keywords());
        assertEquals(dir.resolve("pb.yml") + ":4:7", web.location().toString());
        assertEquals("db", refs.get(2).name());
        assertEquals(Map.of("engine", "pg"), refs.get(2).params());
    }
}
