package playbook.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import playbook.engine.api.ArgSpec;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a module's {@link ArgSpec} and its {@link ArgSpec.Doc} the way ansible-doc does: the
 * name, the description, OPTIONS ({@code =} mandatory, {@code -} optional), NOTES, EXAMPLES and
 * RETURN VALUES; or as JSON in ansible-doc's {@code --json} layout.
 */
final class DocRenderer {
    private static final int WIDTH = 100;
    private static final String OPT_INDENT = "        ";

    private DocRenderer() {}

    /** The module's page, as text. */
    static void text(PrintStream out, String name, ArgSpec spec) {
        ArgSpec.Doc doc = spec.doc();
        out.println("> ANSIBLE.BUILTIN." + name.toUpperCase(Locale.ROOT) + "    (also: " + name + ")");
        out.println();
        if (doc.summary() != null) paragraph(out, "  ", doc.summary());
        for (String p : doc.description()) paragraph(out, "  ", p);
        if (spec.freeForm() != null) {
            paragraph(out, "  ", "Takes free-form text, stored in '" + spec.freeForm() + "': " + name + ": some text k=v");
        }
        if (spec.anyKeys()) paragraph(out, "  ", "Accepts any key=value (each becomes a variable).");
        out.println("OPTIONS (= is mandatory):");
        for (ArgSpec.Arg a : visible(spec)) {
            out.println();
            out.println((a.required() ? "= " : "- ") + a.name());
            if (a.doc() != null) for (String line : wrap(a.doc(), WIDTH - OPT_INDENT.length())) out.println(OPT_INDENT + line);
            if (!a.aliases().isEmpty()) out.println(OPT_INDENT + "aliases: [" + String.join(", ", a.aliases()) + "]");
            if (!a.choices().isEmpty()) out.println(OPT_INDENT + "choices: [" + String.join(", ", a.choices()) + "]");
            if (a.defaultValue() != null) out.println(OPT_INDENT + "default: " + a.defaultValue());
            out.println(OPT_INDENT + "type: " + a.type().name().toLowerCase(Locale.ROOT));
            if (a.noLog()) out.println(OPT_INDENT + "no_log: true (never printed)");
            if (!a.templated()) out.println(OPT_INDENT + "an expression, evaluated by the engine (not templated first)");
        }
        if (!doc.notes().isEmpty()) {
            out.println();
            out.println("NOTES:");
            for (String n : doc.notes()) {
                List<String> lines = wrap(n, WIDTH - 8);
                for (int i = 0; i < lines.size(); i++) out.println((i == 0 ? "      * " : OPT_INDENT) + lines.get(i));
            }
        }
        if (!doc.examples().isEmpty()) {
            out.println();
            out.println("EXAMPLES:");
            for (String e : doc.examples()) {
                out.println();
                out.println(e);
            }
        }
        if (!doc.returns().isEmpty()) {
            out.println();
            out.println("RETURN VALUES:");
            doc.returns().forEach((k, v) -> {
                out.println();
                out.println("- " + k);
                for (String line : wrap(v, WIDTH - OPT_INDENT.length())) out.println(OPT_INDENT + line);
            });
        }
    }

    /** {@code name  summary} lines for {@code doc --list}, the summaries aligned. */
    static void list(PrintStream out, Map<String, ArgSpec> specs) {
        int w = 0;
        for (String n : specs.keySet()) w = Math.max(w, ("ansible.builtin." + n).length());
        for (Map.Entry<String, ArgSpec> e : specs.entrySet()) {
            String fq = "ansible.builtin." + e.getKey();
            String summary = e.getValue() == null ? null : e.getValue().doc().summary();
            out.println(summary == null ? fq : fq + " ".repeat(w - fq.length() + 2) + summary);
        }
    }

    /** ansible-doc's {@code --json} layout: {name: {doc: {...}, examples, return}}. */
    static String json(String name, ArgSpec spec) {
        ArgSpec.Doc d = spec.doc();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("module", name);
        doc.put("short_description", d.summary());
        doc.put("description", d.description());
        Map<String, Object> options = new LinkedHashMap<>();
        for (ArgSpec.Arg a : visible(spec)) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("description", a.doc());
            o.put("type", a.type().name().toLowerCase(Locale.ROOT));
            o.put("required", a.required());
            if (a.defaultValue() != null) o.put("default", a.defaultValue());
            if (!a.choices().isEmpty()) o.put("choices", a.choices());
            if (!a.aliases().isEmpty()) o.put("aliases", a.aliases());
            if (a.noLog()) o.put("no_log", true);
            options.put(a.name(), o);
        }
        doc.put("options", options);
        if (spec.freeForm() != null) doc.put("free_form", spec.freeForm());
        if (spec.anyKeys()) doc.put("any_keys", true);
        doc.put("notes", d.notes());
        Map<String, Object> returns = new LinkedHashMap<>();
        d.returns().forEach((k, v) -> returns.put(k, Map.of("description", v)));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("doc", doc);
        entry.put("examples", String.join("\n\n", d.examples()));
        entry.put("return", returns);
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("ansible.builtin." + name, entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("can't render the doc of " + name + " as JSON", e);
        }
    }

    /** The arguments a user writes: internal ones (leading underscore) only when they take free-form text. */
    static List<ArgSpec.Arg> visible(ArgSpec spec) {
        List<ArgSpec.Arg> out = new ArrayList<>();
        for (ArgSpec.Arg a : spec.args().values()) {
            if (a.name().startsWith("_") && !a.name().equals(spec.freeForm())) continue;
            out.add(a);
        }
        return out;
    }

    private static void paragraph(PrintStream out, String indent, String text) {
        for (String line : wrap(text, WIDTH - indent.length())) out.println(indent + line);
        out.println();
    }

    /** Greedy word wrap; explicit newlines in the text are kept. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        for (String para : text.split("\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : para.trim().split("\\s+")) {
                if (word.isEmpty()) continue;
                if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                if (line.length() > 0) line.append(' ');
                line.append(word);
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
