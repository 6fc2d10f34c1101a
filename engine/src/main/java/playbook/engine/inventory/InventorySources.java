package playbook.engine.inventory;

import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import playbook.engine.InventoryException;
import playbook.engine.PlaybookException;
import playbook.engine.parse.YamlLoader;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code -i} sources into an {@link InventoryData}: a host list ({@code "a,b,"}), a file
 * (YAML or INI, told apart like Ansible: by extension, then by content) or a directory (every
 * inventory file in it, sorted, skipping group_vars/host_vars, hidden files and ignored extensions).
 */
final class InventorySources {
    private static final Set<String> YAML_EXTS = Set.of(".yml", ".yaml", ".json");
    /** Ansible's INVENTORY_IGNORE_EXTS default (REJECT_EXTS + .orig .ini .cfg .retry). */
    private static final List<String> IGNORED_EXTS = List.of(".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt",
            ".rst", ".orig", ".ini", ".cfg", ".retry");
    private static final Set<String> IGNORED_NAMES = Set.of("host_vars", "group_vars", "vars_plugins");
    private static final Pattern YAML_START = Pattern.compile("^(---|\\{|[^\\[=#;\\s][^=]*:\\s*(#.*)?)$");

    private final InventoryData data;
    private final YamlLoader loader;
    private final Consumer<String> warnings;
    /** Directories whose group_vars/ and host_vars/ belong to the inventory sources. */
    final List<Path> varsDirs = new ArrayList<>();

    InventorySources(InventoryData data, YamlLoader loader, Consumer<String> warnings) {
        this.data = data;
        this.loader = loader;
        this.warnings = warnings;
    }

    /** Reads one -i value; returns whether anything was parsed. */
    boolean load(String source, Path cwd) {
        if (source == null || source.isBlank()) return false;
        Path path = resolve(source, cwd);
        if (source.indexOf(',') >= 0 && !Files.exists(path)) {
            hostList(source);
            return true;
        }
        Path varsDir = Files.isDirectory(path) ? path : path.getParent();
        if (varsDir != null && !varsDirs.contains(varsDir)) varsDirs.add(varsDir);
        if (Files.isDirectory(path)) return directory(path);
        if (Files.isRegularFile(path) && Files.isReadable(path)) {
            file(path);
            return true;
        }
        warnings.accept("Unable to parse " + path + " as an inventory source");
        return false;
    }

    static Path resolve(String source, Path cwd) {
        String s = source;
        if (s.equals("~") || s.startsWith("~/")) s = System.getProperty("user.home") + s.substring(1);
        return cwd.resolve(s).toAbsolutePath().normalize();
    }

    private void hostList(String source) {
        data.setCurrentSource(source, null);
        for (String part : source.split(",")) {
            String h = part.strip();
            if (h.isEmpty()) continue;
            Optional<HostAddress> addr = HostAddress.parse(h).filter(a -> !HostRange.hasRange(a.host()));
            String name = addr.map(HostAddress::host).orElse(h);
            if (data.host(name) == null) data.addHost(name, "ungrouped", addr.map(HostAddress::port).orElse(null), source);
        }
        data.setCurrentSource(null, null);
    }

    private boolean directory(Path dir) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.sorted().toList();
        } catch (IOException e) {
            throw new InventoryException(dir + ": cannot list inventory directory: " + e.getMessage());
        }
        boolean parsed = false;
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (name.startsWith(".") || IGNORED_NAMES.contains(name) || IGNORED_EXTS.stream().anyMatch(name::endsWith)) continue;
            if (Files.isDirectory(p)) {
                parsed |= directory(p);
                continue;
            }
            try {
                file(p);
                parsed = true;
            } catch (PlaybookException e) {
                // as Ansible: a file in an inventory directory that is not an inventory is skipped with a warning
                warnings.accept("Failed to parse " + p + ": " + e.getMessage());
                warnings.accept("Unable to parse " + p + " as an inventory source");
            }
        }
        return parsed;
    }

    /** Parses one inventory file; a malformed file is an InventoryException naming file:line. */
    void file(Path path) {
        String file = path.toString();
        String text = read(path);
        if (text.startsWith("#!") && Files.isExecutable(path)) {
            throw new InventoryException(file + ":1: this is an executable inventory script; dynamic inventory scripts"
                    + " are not supported, write its output to a YAML or INI inventory instead");
        }
        data.setCurrentSource(file, InventoryData.dirOf(path));
        try {
            parseText(file, extension(path.getFileName().toString()), text);
        } finally {
            data.setCurrentSource(null, null);
        }
    }

    private void parseText(String file, String ext, String text) {
        boolean yamlCandidate = ext.isEmpty() || YAML_EXTS.contains(ext);
        PlaybookException yamlError = null;
        if (yamlCandidate) {
            Node doc = null;
            try {
                List<Node> docs = loader.composeAll(text, file);
                doc = docs.isEmpty() ? null : docs.get(0);
            } catch (PlaybookException e) {
                yamlError = e;
            }
            if (doc != null && YamlInventoryParser.isInventory(doc)) {
                YamlInventoryParser.parse(file, doc, data, loader, warnings); // structure errors are final
                return;
            }
            if (doc instanceof SequenceNode) {
                yamlError = new InventoryException(YamlInventoryParser.where(doc, file)
                        + ": YAML inventory has invalid structure, it should be a dictionary of groups, got a list");
            }
        }
        try {
            IniInventoryParser.parse(file, text.lines().toList(), data);
        } catch (InventoryException iniError) {
            if (yamlError != null && (!ext.isEmpty() || looksLikeYaml(text))) {
                throw new InventoryException(yamlError.getMessage(), yamlError);
            }
            throw iniError;
        }
    }

    /** The first meaningful line is '---', '{' or 'name:' — INI never looks like that. */
    static boolean looksLikeYaml(String text) {
        for (String line : (Iterable<String>) text.lines()::iterator) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            return YAML_START.matcher(l).matches();
        }
        return false;
    }

    /** Python's os.path.splitext extension ('' for dot files). */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) return "";
        String lead = name.substring(0, dot);
        return lead.chars().allMatch(c -> c == '.') ? "" : name.substring(dot);
    }

    private static String read(Path path) {
        try {
            byte[] bytes = Files.readAllBytes(path);
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text; // byte order mark
        } catch (CharacterCodingException e) {
            throw new InventoryException(path + ": inventory file is not valid UTF-8; convert it to UTF-8");
        } catch (IOException e) {
            throw new InventoryException(path + ": cannot read inventory file: " + e.getMessage());
        }
    }
}
