package playbook.engine.parse;

import org.junit.jupiter.api.Test;
import playbook.engine.ParseException;
import playbook.engine.model.Role;
import playbook.engine.model.RoleRef;
import playbook.engine.model.SourceLocation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoleLoaderTest extends ParserFixture {
    @Test void loadsAllPartsOfARole() {
        write("roles/web/tasks/main.yml", "- name: install\n  apt: name=nginx\n");
        write("roles/web/handlers/main.yaml", "- name: restart\n  service: name=nginx state=restarted\n  listen: web\n");
        write("roles/web/defaults/main.yml", "port: 80\nmode: 0644\n");
        write("roles/web/vars/main.yml", "user: www\n");
        write("roles/web/meta/main.yml", """
                galaxy_info: {author: me}
                allow_duplicates: false
                dependencies:
                  - common
                  - role: tls
                    cert: x
                    when: https
                """);
        write("roles/common/tasks/main.yml", "");
        write("roles/tls/tasks/main.yml", "- debug: msg=tls\n");
        Role r = parser.loadRole("web", dir, List.of());
        assertEquals("web", r.name());
        assertEquals(dir.resolve("roles/web"), r.path());
        assertEquals("apt", ((playbook.engine.model.Task) r.tasks().get(0)).module());
        assertEquals("web", r.handlers().get(0).keywords().get("listen"));
        assertEquals(Map.of("port", 80L, "mode", 420L), r.defaults());
        assertEquals(Map.of("user", "www"), r.vars());
        List<RoleRef> deps = r.dependencies();
        assertEquals(List.of("common", "tls"), deps.stream().map(RoleRef::name).toList());
        assertEquals(Map.of("cert", "x"), deps.get(1).params());
        assertEquals(Map.of("when", "https"), deps.get(1).keywords());
        assertEquals(dir.resolve("roles/web/meta/main.yml") + ":5:5", deps.get(1).location().toString());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test void searchOrderRolesDirThenRolesPathThenPlaybookDirThenPath() {
        Path elsewhere = dir.resolve("shared");
        write("shared/a/tasks/main.yml", "- debug: msg=shared\n");
        write("a/tasks/main.yml", "- debug: msg=beside\n");
        write("roles/b/tasks/main.yml", "- debug: msg=roles\n");
        write("shared/b/tasks/main.yml", "- debug: msg=shared\n");
        assertEquals(elsewhere.resolve("a"), parser.loadRole("a", dir, List.of(elsewhere)).path());
        assertEquals(dir.resolve("a"), parser.loadRole("a", dir, List.of()).path());
        assertEquals(dir.resolve("roles/b"), parser.loadRole("b", dir, List.of(elsewhere)).path());
        Role byPath = parser.loadRole(elsewhere.resolve("b").toString(), dir.resolve("nowhere"), List.of());
        assertEquals("b", byPath.name());
    }

    @Test void roleWithoutTaskFilesIsEmpty() {
        write("roles/bare/README", "nothing");
        Role r = parser.loadRole("bare", dir, List.of());
        assertTrue(r.tasks().isEmpty());
        assertTrue(r.handlers().isEmpty());
        assertTrue(r.defaults().isEmpty());
        assertTrue(r.dependencies().isEmpty());
    }

    @Test void dependencyBesideTheDependingRoleIsPassedAsAPath() {
        write("lib/app/meta/main.yml", "dependencies: [base]\n");
        write("lib/base/tasks/main.yml", "- debug: msg=base\n");
        Role app = parser.loadRole(dir.resolve("lib/app").toString(), dir.resolve("pbdir"), List.of());
        assertEquals(dir.resolve("lib/base").toString(), app.dependencies().get(0).name());
        assertEquals("base", parser.loadRole(app.dependencies().get(0), dir.resolve("pbdir"), List.of()).name());
    }

    @Test void missingRoleNamesWhereItWasReferencedAndWhatWasSearched() {
        SourceLocation from = new SourceLocation("site.yml", 7, 9);
        ParseException e = assertThrows(ParseException.class,
                () -> parser.loadRole("nope", dir, List.of(Path.of("/etc/ansible/roles")), from));
        assertEquals("site.yml:7:9: the role 'nope' was not found in: " + dir.resolve("roles") + ":/etc/ansible/roles:"
                + dir + ". Check the name, or set roles_path (ANSIBLE_ROLES_PATH) to the directory that holds it.",
                e.getMessage());
    }

    @Test void missingDependencyIsReportedAtTheMetaLine() {
        write("roles/app/meta/main.yml", "dependencies:\n  - role: ghost\n");
        ParseException e = assertThrows(ParseException.class, () -> parser.loadRole("app", dir, List.of()));
        assertTrue(e.getMessage().startsWith(at("roles/app/meta/main.yml", 2, 5) + "the role 'ghost' was not found in: "),
                e.getMessage());
    }
}
