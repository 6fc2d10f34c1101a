package playbook.modules.system;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ansible.builtin.setup: one {@link FactsScript} probe, no Python on the host. Each fact is set
 * as {@code ansible_<name>} and the whole map (names without the prefix) is returned under
 * {@code ansible_facts}, for the engine to expose as {@code ansible_facts.<name>}.
 * {@code gather_subset} keeps the facts of the selected collectors ({@link GatherSubset}); the one
 * probe still gathers everything, which costs one round trip either way. {@code filter} (a glob
 * or a list of them) keeps facts whose name, with or without the ansible_ prefix, matches.
 */
public final class SetupModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("gather_subset", ArgType.LIST).defaultValue(List.of("all"))
            .doc("Which collectors' facts to keep: all, min, hardware, network, virtual, ...; !name leaves one out.")
            .arg("gather_timeout", ArgType.INT).defaultValue(10L)
            .doc("Accepted for compatibility; facts come from one probe under the task's own time limit.")
            .arg("filter", ArgType.LIST).defaultValue(List.of())
            .doc("Globs (e.g. ansible_mem*); only facts whose name matches, with or without the ansible_ prefix, are kept.")
            .arg("fact_path", ArgType.PATH)
            .doc("Accepted for compatibility; local facts (facts.d) are not read.")
            .summary("Gather facts about the host (OS, hardware, network)")
            .description("One read-only shell probe collects the facts; no Python is needed on the host. Each fact becomes ansible_<name> and the map is returned under ansible_facts. Plays run it implicitly unless gather_facts is false.")
            .notes("Never changed; runs in check mode too.",
                    "Linux (GNU and BusyBox) and macOS hosts are supported.")
            .returns("ansible_facts", "The facts: distribution, architecture, memtotal_mb, default_ipv4, mounts, service_mgr, pkg_mgr, ...")
            .example("""
                - name: Only what the restore needs (memory and mounts)
                  setup:
                    gather_subset: [min, hardware]
                    filter:
                      - ansible_memtotal_mb
                      - ansible_mounts
                """)
            .build();

    @Override public String name() { return "setup"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        java.util.Set<String> collectors = GatherSubset.collectors(args.strList("gather_subset"));
        ExecResult er = target.probe(FactsScript.SCRIPT);
        Map<String, Object> facts = new LinkedHashMap<>();
        FactsParser.parse(er.stdout()).forEach((k, v) -> { if (collectors.contains(GatherSubset.collectorOf(k))) facts.put(k, v); });
        facts.put("gather_subset", args.strList("gather_subset"));
        List<PathMatcher> filters = new ArrayList<>();
        for (String g : args.strList("filter")) {
            if (!g.isBlank() && !g.equals("*")) filters.add(FileSystems.getDefault().getPathMatcher("glob:" + g.trim()));
        }
        // as in Ansible, the filter applies to every key, gather_subset and module_setup included
        Map<String, Object> kept = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : facts.entrySet()) {
            if (filters.isEmpty() || filters.stream().anyMatch(m -> matches(m, e.getKey()))) kept.put(e.getKey(), e.getValue());
        }
        if (filters.isEmpty() || filters.stream().anyMatch(m -> m.matches(Path.of("module_setup")))) kept.put("module_setup", true);
        Result r = Result.ok();
        kept.forEach((k, v) -> r.fact(k.equals("module_setup") ? k : "ansible_" + k, v));
        return r.put("ansible_facts", kept);
    }

    private static boolean matches(PathMatcher m, String name) {
        return m.matches(Path.of("ansible_" + name)) || m.matches(Path.of(name));
    }
}
