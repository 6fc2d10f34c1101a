package playbook.engine.graph;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.ParseException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.engine.model.Playbook;
import playbook.engine.parse.PlaybookParser;
import playbook.engine.template.Templar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphCompilerTest {
    @TempDir Path dir;

    private static Module module(String name, ArgSpec spec) {
        return new Module() {
            @Override public String name() { return name; }
            @Override public ArgSpec spec() { return spec; }
            @Override public Result run(Args args, Target target) { return Result.ok(); }
        };
    }

    private final ModuleRegistry registry = new ModuleRegistry(List.of(
            module("command", ArgSpec.builder().arg("_raw_params", ArgType.STR).arg("chdir", ArgType.PATH)
                    .arg("creates", ArgType.PATH).freeForm("_raw_params").build()),
            module("file", ArgSpec.builder().arg("path", ArgType.PATH).required().aliases("dest", "name")
                    .arg("state", ArgType.STR).choices("file", "directory", "absent", "touch").build()),
            module("debug", ArgSpec.builder().arg("msg", ArgType.RAW).build())));

    private CompiledPlay compile(String yaml) throws Exception {
        Path pb = dir.resolve("site.yml");
        Files.writeString(pb, yaml);
        PlaybookParser parser = new PlaybookParser(registry::isAction, registry.names(), w -> {});
        Playbook p = parser.parse(pb);
        return new GraphCompiler(registry, parser, List.of(), new Templar()).compile(p.plays().get(0), Map.of());
    }

    private static List<CompiledTask> tasks(CompiledBlock b) {
        List<CompiledTask> out = new ArrayList<>();
        collect(b, out);
        return out;
    }

    private static void collect(Node n, List<CompiledTask> out) {
        if (n instanceof CompiledTask t) out.add(t);
        else if (n instanceof CompiledBlock b) {
            b.block().forEach(c -> collect(c, out));
            b.rescue().forEach(c -> collect(c, out));
            b.always().forEach(c -> collect(c, out));
        }
    }

    @Test
    void blockKeywordsAreInheritedWhenAccumulatesTagsUnion() throws Exception {
        CompiledPlay p = compile("""
                - hosts: all
                  become: true
                  tags: [play]
                  tasks:
                    - block:
                        - debug: { msg: hi }
                          when: inner
                          tags: [t]
                          become: false
                      when: outer
                      tags: [b]
                      no_log: true
                """);
        CompiledTask t = tasks(p.tasks()).get(0);
        assertEquals(List.of("outer", "inner"), t.when());
        assertEquals(Set.of("play", "b", "t"), t.tags());
        assertEquals(false, t.keyword("become"), "the nearest become wins");
        assertEquals(true, t.keyword("no_log"));
    }

    @Test
    void freeFormIsSplitUsingTheSpec() throws Exception {
        CompiledPlay p = compile("""
                - hosts: all
                  tasks:
                    - command: echo a=b chdir=/tmp
                    - file: path=/x state=directory
                """);
        List<CompiledTask> t = tasks(p.tasks());
        assertEquals("echo a=b", t.get(0).args().get("_raw_params"));
        assertEquals("/tmp", t.get(0).args().get("chdir"));
        assertEquals(Map.of("path", "/x", "state", "directory"), t.get(1).args());
    }

    @Test
    void importTasksIsExpandedAndInheritsTheImportsKeywords() throws Exception {
        Files.writeString(dir.resolve("inc.yml"), "- debug: { msg: one }\n- debug: { msg: two }\n");
        CompiledPlay p = compile("""
                - hosts: all
                  tasks:
                    - import_tasks: inc.yml
                      when: flag
                      tags: [imp]
                """);
        List<CompiledTask> t = tasks(p.tasks());
        assertEquals(2, t.size());
        for (CompiledTask x : t) {
            assertEquals(List.of("flag"), x.when());
            assertTrue(x.tags().contains("imp"));
        }
    }

    @Test
    void unknownArgumentFailsWithLocationAndSuggestion() {
        ParseException e = assertThrows(ParseException.class, () -> compile("""
                - hosts: all
                  tasks:
                    - file: { path: /x, stat: touch }
                """));
        assertTrue(e.getMessage().contains("site.yml:3:") && e.getMessage().contains("did you mean 'state'"), e.getMessage());
    }

    @Test
    void literalBadChoiceFailsButATemplatedOneWaitsForRuntime() throws Exception {
        ParseException e = assertThrows(ParseException.class, () -> compile("""
                - hosts: all
                  tasks:
                    - file: { path: /x, state: folder }
                """));
        assertTrue(e.getMessage().contains("must be one of"), e.getMessage());
        compile("""
                - hosts: all
                  tasks:
                    - file: { path: /x, state: "{{ wanted }}" }
                """);
    }

    @Test
    void handlersComeFromPlayAndAreMarked() throws Exception {
        CompiledPlay p = compile("""
                - hosts: all
                  tasks: []
                  handlers:
                    - name: restart
                      debug: { msg: r }
                      listen: topic
                """);
        assertEquals(1, p.handlers().size());
        assertTrue(p.handlers().get(0).handler());
        assertEquals("restart", p.handlers().get(0).name());
    }
}
