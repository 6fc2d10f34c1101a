package playbook.engine.template;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where controller-side lookups look for a relative path, in Ansible's order:
 * {@code role_path/<subdir>}, {@code role_path}, {@code playbook_dir/<subdir>}, {@code playbook_dir},
 * then the path as given.
 */
final class FileSearch {
    private FileSearch() {}

    static List<Path> candidates(Session session, String subdir, String name) {
        List<Path> out = new ArrayList<>();
        Path given = Path.of(TextFilters.expandUser(name));
        if (given.isAbsolute()) {
            out.add(given);
            return out;
        }
        for (String base : List.of("role_path", "playbook_dir")) {
            Object dir = session.lookup(base);
            if (dir instanceof String d && !d.isEmpty()) {
                out.add(Path.of(d, subdir).resolve(given));
                out.add(Path.of(d).resolve(given));
            }
        }
        out.add(given.toAbsolutePath());
        return out;
    }

    /** The first existing candidate, or null. */
    static Path find(Session session, String subdir, String name) {
        for (Path p : candidates(session, subdir, name)) if (Files.exists(p)) return p.normalize();
        return null;
    }

    /** The directories searched for a relative glob, in order. */
    static List<Path> dirs(Session session, String subdir) {
        List<Path> out = new ArrayList<>();
        for (String base : List.of("role_path", "playbook_dir")) {
            Object dir = session.lookup(base);
            if (dir instanceof String d && !d.isEmpty()) {
                out.add(Path.of(d, subdir));
                out.add(Path.of(d));
            }
        }
        out.add(Path.of("").toAbsolutePath());
        return out;
    }
}
