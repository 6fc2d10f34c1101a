package playbook.engine.inventory;

import playbook.engine.InventoryException;
import playbook.engine.parse.YamlLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Loads {@code group_vars/<name>} and {@code host_vars/<name>} the way Ansible's host_group_vars
 * plugin does: the first of {@code name}, {@code name.yml}, {@code name.yaml}, {@code name.json};
 * a directory {@code name/} means every file in it (sorted, recursively, no hidden or backup
 * files, no other extensions), merged shallowly in that order. Files are read once and cached.
 */
final class VarsDirLoader {
    private static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

    private final YamlLoader loader;
    private final Consumer<String> warnings;
    private final Map<Path, Map<String, Object>> files = new ConcurrentHashMap<>();
    private final Map<String, List<Path>> found = new ConcurrentHashMap<>();
    private final Set<Path> warnedNotDir = ConcurrentHashMap.newKeySet();

    VarsDirLoader(YamlLoader loader, Consumer<String> warnings) {
        this.loader = loader;
        this.warnings = warnings;
    }

    /** Merges the vars for {@code name} found under {@code baseDir/subdir} into {@code into}. */
    void mergeInto(Map<String, Object> into, Path baseDir, String subdir, String name) {
        if (name.startsWith("/")) return; // as Ansible: avoid chroot-like names
        for (Path file : find(baseDir.resolve(subdir), name)) into.putAll(load(file));
    }

    /** The files that hold vars for {@code name} in {@code dir} (group_vars or host_vars), in merge order. */
    List<Path> find(Path dir, String name) {
        return found.computeIfAbsent(dir + "\0" + name, k -> search(dir, name));
    }

    private List<Path> search(Path dir, String name) {
        if (!Files.exists(dir)) return List.of();
        if (!Files.isDirectory(dir)) {
            if (warnedNotDir.add(dir)) warnings.accept("Found " + dir.getFileName() + " that is not a directory, skipping: " + dir);
            return List.of();
        }
        for (String ext : EXTENSIONS) {
            Path p = dir.resolve(name + ext);
            if (Files.isDirectory(p)) return dirFiles(p);
            if (Files.exists(p)) return List.of(p);
        }
        return List.of();
    }

    private static List<Path> dirFiles(Path dir) {
        List<Path> out = new ArrayList<>();
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            throw new InventoryException(dir + ": cannot list vars directory: " + e.getMessage());
        }
        for (Path p : entries) {
            String fn = p.getFileName().toString();
            if (fn.startsWith(".") || fn.endsWith("~")) continue;
            int dot = fn.lastIndexOf('.');
            String ext = dot > 0 ? fn.substring(dot) : "";
            if (Files.isDirectory(p) && ext.isEmpty()) out.addAll(dirFiles(p));
            else if (Files.isRegularFile(p) && (ext.isEmpty() || EXTENSIONS.contains(ext))) out.add(p);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> load(Path file) {
        return files.computeIfAbsent(file, f -> {
            Object v = loader.load(f);  // decrypts a vault-encrypted file with the run's vault secrets
            if (v == null) return Map.of();
            if (!(v instanceof Map)) {
                throw new InventoryException(f + ":1: a vars file must be a mapping of variable names to values, got a "
                        + (v instanceof List ? "list" : v.getClass().getSimpleName()) + "; write 'name: value' lines");
            }
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>((Map<String, Object>) v));
        });
    }
}
