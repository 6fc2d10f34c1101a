package playbook.fuzz;

import playbook.engine.exec.PlaybookRunner;
import playbook.engine.exec.RunOptions;
import playbook.engine.graph.ModuleRegistry;
import playbook.engine.inventory.Inventory;
import playbook.engine.model.Play;
import playbook.engine.model.Playbook;
import playbook.engine.parse.PlaybookParser;
import playbook.engine.parse.YamlLoader;
import playbook.engine.report.RunListener;
import playbook.engine.template.Templar;
import playbook.engine.vault.Vault;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The CLI's parse and compile path without the CLI: what {@code run --syntax-check} and
 * {@code --list-hosts} do, with the registry, templar and vault built once instead of per call
 * (a CLI call costs ~70 ms, mostly picocli and Jinjava setup; these calls cost a few). Whatever
 * these throw that is not a {@code PlaybookException} would be exit 250 in the CLI.
 */
final class InProcess {
    private final ModuleRegistry registry = ModuleRegistry.load();
    private final Templar templar = new Templar();
    private final YamlLoader yaml = new YamlLoader(w -> { });
    private final Vault vault;

    InProcess(Vault vault) {
        this.vault = vault;
    }

    /** {@code run --syntax-check PLAYBOOK -i INVENTORY} (or {@code --list-hosts} when {@code listHosts}). */
    void compile(Path playbook, Path inventory, boolean listHosts) {
        YamlLoader.useVault(vault);
        try {
            Inventory inv = Inventory.load(List.of(inventory.toString()), playbook.getParent(), w -> { });
            PlaybookParser parser = new PlaybookParser(registry::isAction, w -> { });
            Playbook pb = parser.parse(playbook);
            PlaybookRunner runner = new PlaybookRunner(inv, registry, parser, templar, RunOptions.defaults(), new RunListener() { },
                    Map.of(), List.of(), yaml, playbook.getParent());
            runner.compileAll(pb);
            if (listHosts) for (Play p : pb.plays()) runner.hostsOf(p);
        } finally {
            YamlLoader.useVault(null);
        }
    }

    /** Reads a vars file as {@code -e @file} and {@code vars_files} do, decrypting it if it is a vault. */
    Object loadVars(Path file) {
        YamlLoader.useVault(vault);
        try {
            return vault.reveal(yaml.load(file));
        } finally {
            YamlLoader.useVault(null);
        }
    }

    /** The expression as a task argument ({@code "{{ expr }}"}) or, with {@code condition}, as a {@code when}. */
    Object template(String text, boolean condition, Map<String, Object> vars) {
        return condition ? templar.conditional(text, vars) : templar.template(text, vars);
    }
}
