package playbook.engine.api;

import playbook.engine.ModuleException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A module's arguments, declared once: types, defaults, choices, required, aliases, mutually
 * exclusive and required-one-of groups, and free-form text. {@link #validate} turns the raw
 * task arguments into {@link Args} or throws a {@link ModuleException} naming what is wrong.
 */
public final class ArgSpec {
    /** One declared argument; {@code doc} is its one-paragraph description for {@code playbook doc}. */
    public record Arg(String name, ArgType type, boolean required, Object defaultValue,
                      List<String> choices, List<String> aliases, boolean templated, boolean noLog, String doc) {}

    /**
     * The module's documentation, shown by {@code playbook doc}: a one-line summary (for
     * {@code --list}), description paragraphs, notes (userlands, check mode, differences from
     * Ansible), YAML examples (task lists, compiled by a test) and the keys of its result.
     */
    public record Doc(String summary, List<String> description, List<String> notes, List<String> examples,
                      Map<String, String> returns) {}

    private final Map<String, Arg> args;
    private final Map<String, String> aliasToName;
    private final List<List<String>> mutuallyExclusive;
    private final List<List<String>> requiredOneOf;
    private final String freeForm;
    private final boolean anyKeys;
    private final Doc doc;

    private ArgSpec(Builder b) {
        this.args = Collections.unmodifiableMap(new LinkedHashMap<>(b.args));
        Map<String, String> aliases = new LinkedHashMap<>();
        for (Arg a : b.args.values()) {
            aliases.put(a.name(), a.name());
            for (String al : a.aliases()) aliases.put(al, a.name());
        }
        this.aliasToName = Collections.unmodifiableMap(aliases);
        this.mutuallyExclusive = List.copyOf(b.mutuallyExclusive);
        this.requiredOneOf = List.copyOf(b.requiredOneOf);
        this.freeForm = b.freeForm;
        this.anyKeys = b.anyKeys;
        this.doc = new Doc(b.summary, List.copyOf(b.description), List.copyOf(b.notes), List.copyOf(b.examples),
                Collections.unmodifiableMap(new LinkedHashMap<>(b.returns)));
    }

    public static Builder builder() { return new Builder(); }

    /** A spec that accepts no arguments. */
    public static ArgSpec none() { return builder().build(); }

    public Map<String, Arg> args() { return args; }

    /** The argument that receives free-form text ({@code command: ls -l}), or null. */
    public String freeForm() { return freeForm; }

    /** The documentation declared with the spec (empty lists and a null summary when none was). */
    public Doc doc() { return doc; }

    /** True for modules such as set_fact that take arbitrary keys. */
    public boolean anyKeys() { return anyKeys; }

    /** Canonical name for a name or alias, or null when unknown. */
    public String canonical(String nameOrAlias) { return aliasToName.get(nameOrAlias); }

    /** True when this argument must reach the module untemplated (an expression by contract). */
    public boolean isTemplated(String nameOrAlias) {
        String c = canonical(nameOrAlias);
        return c == null || args.get(c).templated();
    }

    /** Names whose values must never be printed (passwords). */
    public Set<String> noLogNames() {
        Set<String> s = new LinkedHashSet<>();
        for (Arg a : args.values()) if (a.noLog()) { s.add(a.name()); s.addAll(a.aliases()); }
        return s;
    }

    /**
     * Checks names only (unknown, missing required, exclusive groups), without converting values.
     * Used when compiling, before templating, so a typo fails before any host is contacted.
     * Values that are still templates are not judged.
     */
    public void checkNames(String module, Map<String, Object> raw) {
        validate(module, raw, true);
    }

    /** Validates and converts; throws ModuleException with a message naming the problem. */
    public Args validate(String module, Map<String, Object> raw) {
        return validate(module, raw, false);
    }

    private Args validate(String module, Map<String, Object> raw, boolean namesOnly) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String key = e.getKey();
            String c = aliasToName.get(key);
            if (c == null) {
                if (anyKeys) { out.put(key, e.getValue()); continue; }
                unknown.add(key);
                continue;
            }
            if (out.containsKey(c) && !key.equals(c)) {
                throw new ModuleException("module " + module + ": '" + key + "' and '" + c
                        + "' are aliases of the same argument; give only one");
            }
            out.put(c, e.getValue());
        }
        if (!unknown.isEmpty()) {
            StringBuilder m = new StringBuilder("Unsupported parameters for (" + module + ") module: "
                    + String.join(", ", unknown));
            String hint = unknown.size() == 1 ? Suggestions.hint(unknown.get(0), aliasToName.keySet()) : "";
            m.append(hint).append(". Supported parameters include: ").append(String.join(", ", args.keySet()));
            throw new ModuleException(m.toString());
        }
        for (List<String> group : mutuallyExclusive) {
            List<String> present = group.stream().filter(n -> out.get(n) != null).toList();
            if (present.size() > 1)
                throw new ModuleException("module " + module + ": parameters are mutually exclusive: "
                        + String.join("|", group));
        }
        for (List<String> group : requiredOneOf) {
            if (group.stream().noneMatch(n -> out.get(n) != null))
                throw new ModuleException("module " + module + ": one of the following is required: "
                        + String.join(", ", group));
        }
        List<String> missing = new ArrayList<>();
        for (Arg a : args.values()) {
            if (a.required() && out.get(a.name()) == null) missing.add(a.name());
        }
        if (!missing.isEmpty())
            throw new ModuleException("module " + module + ": missing required arguments: " + String.join(", ", missing));
        if (namesOnly) {
            // values written literally (no template inside) are checked now too: a typo in a choice
            // or a type fails before any host is contacted
            for (Arg a : args.values()) {
                Object v = out.get(a.name());
                if (v == null || !a.templated() || containsTemplate(v)) continue;
                Object conv = convert(module, a, v);
                if (!a.choices().isEmpty() && !a.choices().contains(String.valueOf(conv))) {
                    throw new ModuleException("module " + module + ": value of " + a.name() + " must be one of: "
                            + String.join(", ", a.choices()) + ", got: " + conv
                            + Suggestions.hint(String.valueOf(conv), a.choices()));
                }
            }
            return new Args(out);
        }
        for (Arg a : args.values()) {
            Object v = out.get(a.name());
            if (v == null) {
                if (a.defaultValue() != null) out.put(a.name(), a.defaultValue());
                continue;
            }
            Object conv = convert(module, a, v);
            if (!a.choices().isEmpty() && !a.choices().contains(String.valueOf(conv))) {
                throw new ModuleException("module " + module + ": value of " + a.name() + " must be one of: "
                        + String.join(", ", a.choices()) + ", got: " + conv
                        + Suggestions.hint(String.valueOf(conv), a.choices()));
            }
            out.put(a.name(), conv);
        }
        return new Args(out);
    }

    private static boolean containsTemplate(Object v) {
        if (v instanceof String s) return s.contains("{{") || s.contains("{%") || s.contains("{#");
        if (v instanceof java.util.Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) if (containsTemplate(e.getKey()) || containsTemplate(e.getValue())) return true;
            return false;
        }
        if (v instanceof java.util.List<?> l) {
            for (Object o : l) if (containsTemplate(o)) return true;
            return false;
        }
        return !(v instanceof Number || v instanceof Boolean);
    }

    private static Object convert(String module, Arg a, Object v) {
        try {
            return Conversions.to(a.type(), v);
        } catch (IllegalArgumentException e) {
            throw new ModuleException("module " + module + ": argument '" + a.name() + "' is of type "
                    + v.getClass().getSimpleName() + " and we were unable to convert to "
                    + a.type().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
        }
    }

    /** Fluent builder; modifiers apply to the argument declared last. */
    public static final class Builder {
        private final Map<String, Arg> args = new LinkedHashMap<>();
        private final List<List<String>> mutuallyExclusive = new ArrayList<>();
        private final List<List<String>> requiredOneOf = new ArrayList<>();
        private String freeForm;
        private boolean anyKeys;
        private String last;
        private String summary;
        private final List<String> description = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final List<String> examples = new ArrayList<>();
        private final Map<String, String> returns = new LinkedHashMap<>();

        public Builder arg(String name, ArgType type) {
            args.put(name, new Arg(name, type, false, null, List.of(), List.of(), true, false, null));
            last = name;
            return this;
        }

        private Builder edit(java.util.function.UnaryOperator<Arg> f) {
            if (last == null) throw new IllegalStateException("declare an arg first");
            args.put(last, f.apply(args.get(last)));
            return this;
        }

        public Builder required() {
            return edit(a -> new Arg(a.name(), a.type(), true, a.defaultValue(), a.choices(), a.aliases(), a.templated(), a.noLog(), a.doc()));
        }

        public Builder defaultValue(Object d) {
            return edit(a -> new Arg(a.name(), a.type(), a.required(), d, a.choices(), a.aliases(), a.templated(), a.noLog(), a.doc()));
        }

        public Builder choices(String... c) {
            return edit(a -> new Arg(a.name(), a.type(), a.required(), a.defaultValue(), List.of(c), a.aliases(), a.templated(), a.noLog(), a.doc()));
        }

        public Builder aliases(String... al) {
            return edit(a -> new Arg(a.name(), a.type(), a.required(), a.defaultValue(), a.choices(), List.of(al), a.templated(), a.noLog(), a.doc()));
        }

        /** The value is an expression by contract and reaches the module untemplated. */
        public Builder untemplated() {
            return edit(a -> new Arg(a.name(), a.type(), a.required(), a.defaultValue(), a.choices(), a.aliases(), false, a.noLog(), a.doc()));
        }

        /** The value is a secret and is never printed. */
        public Builder noLog() {
            return edit(a -> new Arg(a.name(), a.type(), a.required(), a.defaultValue(), a.choices(), a.aliases(), a.templated(), true, a.doc()));
        }

        /** Describes the argument declared last (what it does in this engine, in a sentence or two). */
        public Builder doc(String text) {
            return edit(a -> new Arg(a.name(), a.type(), a.required(), a.defaultValue(), a.choices(), a.aliases(), a.templated(), a.noLog(), text));
        }

        /** The module's one-line summary, shown by {@code playbook doc --list}. */
        public Builder summary(String line) { this.summary = line; return this; }

        /** Paragraphs describing what the module does on the host. */
        public Builder description(String... paragraphs) { description.addAll(List.of(paragraphs)); return this; }

        /** Notes: supported userlands, check mode and diff, differences from Ansible. */
        public Builder notes(String... lines) { notes.addAll(List.of(lines)); return this; }

        /** An example: a YAML list of tasks, as written in a play's {@code tasks:}. Repeatable. */
        public Builder example(String yaml) { examples.add(yaml.stripIndent().strip()); return this; }

        /** A key of the module's result that playbooks register, with what it holds. Repeatable. */
        public Builder returns(String key, String text) { returns.put(key, text); return this; }

        public Builder mutuallyExclusive(String... names) { mutuallyExclusive.add(List.of(names)); return this; }

        public Builder requiredOneOf(String... names) { requiredOneOf.add(List.of(names)); return this; }

        /** Free-form text ({@code shell: echo hi}) is stored in this argument. */
        public Builder freeForm(String argName) { this.freeForm = argName; return this; }

        /** Accept any key (set_fact). */
        public Builder anyKeys() { this.anyKeys = true; return this; }

        public ArgSpec build() { return new ArgSpec(this); }
    }
}
