package playbook.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The valid inputs the fuzzer starts from, all taken from the repository: the shipped
 * playbooks and inventories, and the parity cases. Each list is sorted, so the same seed picks
 * the same input on every machine.
 */
final class Corpus {
    /** A playbook with its inventory, copied into the work dir, and the YAML files of it that a case may damage. */
    record Project(Path playbook, Path inventory, List<Path> files) {}

    final List<Project> projects = new ArrayList<>();
    final List<byte[]> iniInventories = new ArrayList<>();
    final List<byte[]> yamlInventories = new ArrayList<>();
    final List<byte[]> varsFiles = new ArrayList<>();
    /** Jinja expressions (the text between {@code {{ }}}) and whole templates found in the repository. */
    final List<String> expressions = new ArrayList<>();
    final List<String> templates = new ArrayList<>();

    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{(.*?)}}");

    /** Reads the repository at {@code repo} and copies the projects under {@code work}. */
    static Corpus load(Path repo, Path work) throws IOException {
        Corpus c = new Corpus();
        Path shipped = work.resolve("shipped");
        copyTree(repo.resolve("playbooks"), shipped.resolve("playbooks"));
        copyTree(repo.resolve("inventory"), shipped.resolve("inventory"));
        List<Path> roleFiles = sortedFiles(shipped.resolve("playbooks/roles"), ".yaml");
        for (Path pb : sortedFiles(shipped.resolve("playbooks"), ".yaml")) {
            if (!pb.getParent().equals(shipped.resolve("playbooks"))) continue;
            List<Path> files = new ArrayList<>(List.of(pb));
            files.addAll(roleFiles);
            c.projects.add(new Project(pb, shipped.resolve("inventory/homelab.yaml"), files));
        }
        Path parity = repo.resolve("modules/src/test/resources/parity");
        for (Path dir : sortedDirs(parity)) {
            Path copy = work.resolve("parity").resolve(dir.getFileName().toString());
            copyTree(dir, copy);
            List<Path> yml = sortedFiles(copy, ".yml");
            c.projects.add(new Project(copy.resolve("site.yml"), copy.resolve("inventory"), yml));
            c.iniInventories.add(Files.readAllBytes(dir.resolve("inventory")));
            for (Path f : yml) {
                String rel = copy.relativize(f).toString();
                if (rel.startsWith("vars/") || rel.contains("_vars/") || rel.contains("/defaults/") || rel.contains("/vars/")
                        || rel.equals("extra.yml")) {
                    c.varsFiles.add(Files.readAllBytes(f));
                }
            }
        }
        c.iniInventories.add(Files.readAllBytes(repo.resolve("inventory/local.ini")));
        c.yamlInventories.add(Files.readAllBytes(repo.resolve("inventory/homelab.yaml")));
        c.varsFiles.add(Files.readAllBytes(repo.resolve("playbooks/group_vars/all.yaml")));
        c.yamlInventories.add(String.join("\n",
                "all:",
                "  hosts:",
                "    localhost: { ansible_connection: local, port_base: 8000 }",
                "  children:",
                "    web:",
                "      hosts:",
                "        www[01:03].example.com: { http_port: 80 }",
                "      vars: { tier: front }",
                "    db:",
                "      hosts: { db1: { ansible_host: 10.0.0.5, ansible_port: 2222 } }",
                "      children: { replicas: { hosts: { db2: null } } }",
                "  vars: { ntp: [a.pool, b.pool], retries: 3, nested: { a: { b: [1, 2, { c: d }] } } }",
                "").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        TreeSet<String> exprs = new TreeSet<>();
        try (Stream<Path> s = Stream.concat(Files.walk(repo.resolve("playbooks")), Files.walk(parity))) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (!(name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".j2"))) continue;
                String text = Files.readString(f);
                if (name.endsWith(".j2")) c.templates.add(text);
                Matcher m = EXPRESSION.matcher(text);
                while (m.find()) exprs.add(m.group(1).strip());
            }
        }
        c.expressions.addAll(exprs);
        return c;
    }

    private static List<Path> sortedFiles(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static List<Path> sortedDirs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted().toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
