package playbook.engine.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.Suggestions;
import playbook.engine.graph.ModuleRegistry;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code playbook doc MODULE} and {@code playbook doc --list}: generated from the module specs, like ansible-doc. */
@Command(name = "doc", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Show a module's arguments (from its spec), or list the modules.",
        footer = {"", "Examples:", "  playbook doc --list", "  playbook doc copy", "  playbook doc ansible.posix.synchronize"})
final class DocCommand implements Callable<Integer> {
    @ParentCommand RootCommand parent;

    @Option(names = {"-l", "--list"}, description = "List every module and engine action.")
    boolean list;

    @Parameters(arity = "0..1", paramLabel = "MODULE", description = "Module name, short or ansible.builtin.*.")
    String module;

    @Override
    public Integer call() {
        ModuleRegistry registry = ModuleRegistry.load();
        if (list || module == null) {
            for (String n : registry.names()) parent.out.println("ansible.builtin." + n);
            return 0;
        }
        ArgSpec spec = registry.spec(module);
        if (spec == null) {
            parent.err.println("ERROR! module " + module + " not found" + Suggestions.hint(ModuleRegistry.shortName(module), registry.names()));
            return 1;
        }
        String name = ModuleRegistry.shortName(module);
        parent.out.println("> ANSIBLE.BUILTIN." + name.toUpperCase(Locale.ROOT) + "    (also: " + name + ")");
        parent.out.println();
        if (spec.freeForm() != null) {
            parent.out.println("  Takes free-form text, stored in '" + spec.freeForm() + "': " + name + ": some text k=v");
            parent.out.println();
        }
        if (spec.anyKeys()) parent.out.println("  Accepts any key=value (each becomes a variable).\n");
        parent.out.println("OPTIONS (= is mandatory):");
        for (ArgSpec.Arg a : spec.args().values()) {
            if (a.name().startsWith("_") && !a.name().equals(spec.freeForm())) continue;
            parent.out.println();
            parent.out.println((a.required() ? "= " : "- ") + a.name());
            if (!a.aliases().isEmpty()) parent.out.println("        aliases: [" + String.join(", ", a.aliases()) + "]");
            if (!a.choices().isEmpty()) parent.out.println("        choices: [" + String.join(", ", a.choices()) + "]");
            if (a.defaultValue() != null) parent.out.println("        default: " + a.defaultValue());
            parent.out.println("        type: " + a.type().name().toLowerCase(Locale.ROOT));
            if (a.noLog()) parent.out.println("        no_log: true (never printed)");
            if (!a.templated()) parent.out.println("        an expression, evaluated by the engine (not templated first)");
        }
        return 0;
    }
}
