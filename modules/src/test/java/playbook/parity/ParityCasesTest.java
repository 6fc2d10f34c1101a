package playbook.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards the parity suite itself (no Ansible needed): every case is well formed, and together the
 * cases still use every keyword, filter, test, lookup and layout the suite promises to cover, so
 * that coverage cannot shrink silently when a case is edited or removed.
 */
class ParityCasesTest {

    /**
     * Each entry is a literal that must appear in at least one case file. Paths are part of the
     * searched text (as "=== relative/path" headers), so layout features are listed by path.
     */
    static final List<String> REQUIRED = List.of(
            // variable sources and precedence
            "/defaults/main.yml", "[app:vars]", "group_vars/all.yml", "group_vars/app.yml", "host_vars/localhost.yml",
            "vars:", "vars_files:", "/vars/main.yml", "include_vars", "set_fact", "n_role_param: role_param",
            "@extra.yml", "{\"p_json\"", "vars_prompt:",
            // magic variables
            "inventory_hostname", "inventory_hostname_short", "groups[", "group_names", "hostvars[", "ansible_play_hosts",
            "ansible_play_batch", "playbook_dir", "role_path", "ansible_check_mode", "omit", "ansible_loop.",
            "extended: true", "ansible_failed_task", "ansible_failed_result",
            // filters
            "| default(", "| bool", "| int", "| join(", "| split", "regex_replace(", "\\2:\\1", "regex_search(",
            "combine(", "recursive=True", "dict2items", "items2dict", "selectattr(", "map(attribute=", "| unique",
            "| union(", "| difference(", "| flatten", "| min", "| max", "| sum", "| length", "| first", "| last",
            "| sort", "| zip(", "| ternary(", "| mandatory", "b64encode", "b64decode", "hash('sha1')", "to_json",
            "from_json", "to_nice_yaml", "| basename", "| dirname", "| quote", "range(",
            // python string methods
            ".upper()", ".startswith(", ".split(", ".format(", "' % (",
            // tests
            "is defined", "is undefined", "is none", "is changed", "is failed", "is succeeded", "is skipped",
            "is match(", "is search(", "is version(", " in big", "is subset(", "is superset(", "is truthy",
            // lookups
            "lookup('env'", "lookup('file'", "lookup('template'", "lookup('pipe'", "lookup('first_found'",
            "query('fileglob'", "query('lines'", "lookup('vars'", "query('items'", "lookup('sequence'", "{% raw %}",
            // conditions and loops
            "when: enabled", "when: false", "when:\n        - ", "loop:", "with_items:", "with_list:", "with_dict:",
            "with_fileglob:", "with_sequence:", "with_together:", "with_nested:", "with_subelements:", "loop_control:",
            "loop_var:", "index_var:", "label:", "pause: 0", "register:", ".results",
            // handlers and result control
            "notify:", "handlers:", "listen:", "meta: flush_handlers", "meta: end_play", "changed_when:",
            "failed_when:", "ignore_errors: true", "ignore_unreachable: true", "until:", "retries:", "delay: 0",
            // tags
            "tags: always", "tags: [never, debug_only]", "tags: never", "--tags", "--skip-tags",
            // task and play keywords
            "environment:", "no_log: true", "check_mode: true", "check_mode: false", "diff: true", "--check",
            "run_once: true", "delegate_to: localhost", "delegate_facts: true", "become: false",
            "any_errors_fatal: true", "max_fail_percentage:", "throttle: 1", "serial: 2", "serial: \"40%\"",
            "serial:\n    - 1", "strategy: free", "order: sorted", "order: reverse_sorted", "gather_facts: true",
            "ansible_facts.system", "pre_tasks:", "post_tasks:", "--limit",
            // roles
            "roles:", "/roles/web/handlers/main.yml", "/roles/web/meta/main.yml", "dependencies:", "/roles/web/files/",
            "/roles/web/templates/", "import_role:", "include_role:", "tasks_from:",
            // blocks and includes
            "block:", "rescue:", "always:", "import_tasks:", "include_tasks:", "import_playbook:",
            // syntax
            "ansible.builtin.", "file: path=", "action: file", "action:\n        module:", "args:", "gather_facts: no",
            "mode: 0755", "octal_mode: 0640", "flag_yes: yes",
            // modules
            "command:", "shell:", "debug:", "assert:", "fail:", "ping:", "stat:", "state: directory", "state: touch",
            "state: absent", "copy:", "content:",
            // a failure on one host only, with exit code 2
            "# rc: 2");

    @Test
    void thereAreEnoughCases() {
        assertTrue(cases().size() >= 18, "expected at least 18 parity cases, found " + cases().size());
    }

    @Test
    void everyCaseHasAPlaybookAndAnInventory() {
        for (ParityCase c : cases()) {
            assertTrue(Files.isRegularFile(c.dir().resolve("site.yml")), c.name() + " has no site.yml");
            assertTrue(Files.isRegularFile(c.dir().resolve("inventory")), c.name() + " has no inventory");
            assertTrue(c.name().matches("[a-z0-9_]+"), c.name() + ": case names are lower_snake_case");
        }
    }

    @Test
    void everyCasePlaybookWritesUnderOut() throws IOException {
        for (ParityCase c : cases()) {
            String all = corpus(c.dir());
            assertTrue(all.contains("{{ out }}"), c.name() + " never writes under {{ out }}, so parity would compare nothing");
            for (String line : all.split("\n")) {
                String t = line.strip();
                if (t.startsWith("dest:") || t.startsWith("dest=")) {
                    assertTrue(t.contains("{{ out }}"), c.name() + ": every dest must be under {{ out }}: " + t);
                }
            }
        }
    }

    @Test
    void everyArgsFileParses() {
        int variants = 0;
        for (ParityCase c : cases()) {
            for (ParityCase.Variant v : c.variants()) {
                variants++;
                assertTrue(v.expectedRc() >= 0 && v.expectedRc() <= 250, c.name() + ": bad rc " + v.expectedRc());
                for (String a : v.args()) {
                    assertEquals(a.strip(), a, c.name() + ": argument with stray whitespace: [" + a + "]");
                    if (a.startsWith("@")) {
                        assertTrue(Files.isRegularFile(c.dir().resolve(a.substring(1))), c.name() + ": missing " + a);
                    }
                }
            }
        }
        assertTrue(variants > cases().size(), "some cases must declare variant runs (args.NAME files)");
    }

    @Test
    void casesCoverEveryRequiredKeyword() throws IOException {
        String all = corpus(ParityCase.root());
        List<String> missing = new ArrayList<>();
        for (String k : REQUIRED) {
            if (!all.contains(k)) {
                missing.add(k);
            }
        }
        assertTrue(missing.isEmpty(), "no parity case uses: " + missing);
    }

    @Test
    void argsFilesDeclareArgumentsAndExitCodes(@TempDir Path tmp) throws IOException {
        Path f = Files.writeString(tmp.resolve("args.check"), "# a comment\n--check\n\n-e\n@extra.yml\n# rc: 2\n");
        ParityCase.Variant v = ParityCase.parseArgs("check", f);
        assertEquals(List.of("--check", "-e", "@extra.yml"), v.args());
        assertEquals(2, v.expectedRc());
        assertEquals(List.of("--check", "-e", "@" + tmp.resolve("extra.yml").toAbsolutePath()),
                ParityCase.resolveArgs(v.args(), tmp));
        Files.createDirectories(tmp.resolve("c1"));
        Files.writeString(tmp.resolve("c1/site.yml"), "- hosts: all\n");
        ParityCase c = ParityCase.load(tmp.resolve("c1"));
        assertEquals(1, c.variants().size());
        assertEquals(0, c.variants().get(0).expectedRc());
        assertEquals("", c.variants().get(0).name());
    }

    @Test
    void recapIsParsedPerHost() {
        String out = "PLAY [x] ****\n\nTASK [a] ***\nok: [web1]\n\n"
                + "PLAY RECAP *********************************************************************\n"
                + "web1                       : ok=3    changed=1    unreachable=0    failed=0    skipped=2    rescued=0    ignored=1   \n"
                + "\u001B[0;31mdb.example.com\u001B[0m             : ok=0    changed=0    unreachable=1    failed=4    skipped=0    rescued=5    ignored=0\n"
                + "\nsomething else: ok=9\n";
        Map<String, Map<String, Integer>> r = Recap.parse(out);
        assertEquals(2, r.size());
        assertEquals(Map.of("ok", 3, "changed", 1, "unreachable", 0, "failed", 0, "skipped", 2, "rescued", 0, "ignored", 1),
                r.get("web1"));
        assertEquals(4, r.get("db.example.com").get("failed"));
        assertEquals(5, r.get("db.example.com").get("rescued"));
        assertTrue(Recap.parse("ERROR! no hosts matched\n").isEmpty());
    }

    @Test
    void fileTreesCompareTypesModesAndNormalisedContent(@TempDir Path tmp) throws IOException {
        Path a = Files.createDirectories(tmp.resolve("a/out"));
        Path b = Files.createDirectories(tmp.resolve("b/out"));
        for (Path o : List.of(a, b)) {
            Files.createDirectories(o.resolve("d"));
            Files.writeString(o.resolve("d/f.txt"), "written to " + o + "/d\n");
        }
        Map<String, FileTree.Entry> ta = FileTree.snapshot(a, Map.of(a.toString(), "<OUT>"));
        Map<String, FileTree.Entry> tb = FileTree.snapshot(b, Map.of(b.toString(), "<OUT>"));
        assertEquals("", FileTree.diff(ta, tb));
        assertEquals("written to <OUT>/d\n", ta.get("d/f.txt").content());

        Files.setPosixFilePermissions(b.resolve("d/f.txt"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.writeString(b.resolve("extra"), "x");
        String diff = FileTree.diff(ta, FileTree.snapshot(b, Map.of(b.toString(), "<OUT>")));
        assertTrue(diff.contains("differs  d/f.txt"), diff);
        assertTrue(diff.contains("rw-------"), diff);
        assertTrue(diff.contains("extra    extra"), diff);
    }

    private static List<ParityCase> cases() {
        return ParityCase.all(ParityCase.root());
    }

    /** All text of the case files under {@code root}, each file headed by "=== /relative/path". */
    private static String corpus(Path root) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                sb.append("=== /").append(root.relativize(p).toString().replace('\\', '/')).append('\n');
                sb.append(new String(Files.readAllBytes(p), StandardCharsets.UTF_8)).append('\n');
            }
        }
        return sb.toString();
    }
}
