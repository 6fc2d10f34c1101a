package playbook.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.Suggestions;
import playbook.engine.graph.ModuleRegistry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code playbook doc MODULE} and {@code playbook doc --list}: generated from the module specs, like ansible-doc. */
@Command(name = "doc", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Show a module's arguments (from its spec), or list the modules.",
        footer = {"", "Examples:", "  playbook doc --list", "  playbook doc copy", "  playbook doc --json copy", "  playbook doc ansible.posix.synchronize"})
final class DocCommand implements Callable<Integer> {
    @ParentCommand RootCommand parent;

    @Option(names = {"-l", "--list"}, description = "List every module and engine action with its summary.")
    boolean list;

    @Option(names = {"-j", "--json"}, description = "Print the module's documentation as JSON (ansible-doc's layout).")
    boolean json;

    @Parameters(arity = "0..1", paramLabel = "MODULE", description = "Module name, short or ansible.builtin.*.")
    String module;

    @Override
    public Integer call() {
        ModuleRegistry registry = ModuleRegistry.load();
        if (list || module == null) {
            Map<String, ArgSpec> specs = new LinkedHashMap<>();
            for (String n : registry.names()) specs.put(n, registry.spec(n));
            DocRenderer.list(parent.out, specs);
            return 0;
        }
        ArgSpec spec = registry.spec(module);
        if (spec == null) {
            parent.err.println("ERROR! module " + module + " not found" + Suggestions.hint(ModuleRegistry.shortName(module), registry.names()));
            return 1;
        }
        String name = ModuleRegistry.shortName(module);
        if (json) parent.out.println(DocRenderer.json(name, spec));
        else DocRenderer.text(parent.out, name, spec);
        return 0;
    }
}
