package playbook.engine.parse;

import org.junit.jupiter.api.io.TempDir;
import playbook.engine.ParseException;
import playbook.engine.model.Block;
import playbook.engine.model.Play;
import playbook.engine.model.Task;
import playbook.engine.model.TaskItem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Shared set-up: a temp dir of YAML files, a parser that knows a handful of modules, collected warnings. */
abstract class ParserFixture {
    static final Set<String> MODULES = Set.of("debug", "copy", "file", "command", "shell", "apt", "service",
            "template", "ping", "set_fact", "include_vars", "import_tasks", "include_tasks", "import_role",
            "include_role", "meta", "setup", "lineinfile", "user");

    /** Like the registry: short names and their ansible.builtin / ansible.legacy FQCNs. */
    static final Predicate<String> IS_ACTION = name -> MODULES.contains(Keywords.shortName(name));

    @TempDir Path dir;
    final List<String> warnings = new ArrayList<>();
    final PlaybookParser parser = new PlaybookParser(IS_ACTION, MODULES, warnings::add);

    Path write(String name, String yaml) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, yaml);
            return p;
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** The tasks of a playbook with a single play whose tasks section is {@code tasksYaml} (indented 4). */
    List<TaskItem> tasksOf(String tasksYaml) {
        Path p = write("pb.yml", "- hosts: all\n  tasks:\n" + tasksYaml);
        return parser.parse(p).plays().get(0).tasks();
    }

    Task onlyTask(String tasksYaml) {
        List<TaskItem> items = tasksOf(tasksYaml);
        return assertInstanceOf(Task.class, items.get(0));
    }

    Play onlyPlay(String playbookYaml) {
        return parser.parse(write("pb.yml", playbookYaml)).plays().get(0);
    }

    static Block block(TaskItem item) {
        return assertInstanceOf(Block.class, item);
    }

    static Task task(TaskItem item) {
        return assertInstanceOf(Task.class, item);
    }

    /** Parses the playbook and returns the error message it must produce. */
    String errorOf(String playbookYaml) {
        Path p = write("pb.yml", playbookYaml);
        return assertThrows(ParseException.class, () -> parser.parse(p)).getMessage();
    }

    String at(String file, int line, int col) {
        return dir.resolve(file) + ":" + line + ":" + col + ": ";
    }
}
