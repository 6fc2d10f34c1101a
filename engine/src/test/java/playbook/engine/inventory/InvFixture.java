package playbook.engine.inventory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes inventory trees into a temp dir and loads them, collecting warnings. */
final class InvFixture {
    final Path dir;
    final List<String> warnings = new ArrayList<>();

    InvFixture(Path dir) {
        this.dir = dir;
    }

    /** Writes a file (parents created) and returns its path. */
    Path write(String relative, String text) {
        Path p = dir.resolve(relative);
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    Inventory load(String... sources) {
        return Inventory.load(List.of(sources), dir, warnings::add);
    }

    /** Loads one inventory file written from text. */
    Inventory inventory(String name, String text) {
        write(name, text);
        return load(name);
    }

    static List<String> names(List<Host> hosts) {
        return hosts.stream().map(Host::name).toList();
    }
}
