package playbook.engine.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import playbook.engine.TemplateException;

/**
 * lookup()/query() and the lookup plugins: env, file, template, pipe, lines, first_found,
 * fileglob, vars, items, list, sequence. File lookups run on the controller.
 */
final class Lookups {
    private static final Logger LOG = LoggerFactory.getLogger(Lookups.class);

    private Lookups() {}

    /** Runs a lookup; lookup() joins string results with "," unless wantlist, query() never does. */
    static Object run(String name, List<Object> terms, Map<String, Object> kwargs, boolean query) {
        Map<String, Object> kw = new LinkedHashMap<>(kwargs);
        String errors = Values.str(kw.getOrDefault("errors", "strict"));
        kw.remove("errors");
        boolean wantList = query || Values.truthy(kw.getOrDefault("wantlist", false));
        kw.remove("wantlist");
        boolean allowUnsafe = Values.truthy(kw.getOrDefault("allow_unsafe", false));
        kw.remove("allow_unsafe");
        Session session = Session.current();
        List<Object> ran;
        try {
            ran = plugin(name, terms, kw, session);
        } catch (UnknownLookup e) {
            throw record(new TemplateException("lookup plugin (" + name + ") not found"));
        } catch (TemplateException e) {
            if (errors.equals("ignore")) {
                return wantList ? new ArrayList<>() : null;
            } else if (errors.equals("warn")) {
                LOG.warn("An unhandled exception occurred while running the lookup plugin '{}'. Error was: {}", name, e.getMessage());
                return wantList ? new ArrayList<>() : null;
            } else if (name.endsWith("first_found")) {
                throw record(e);
            } else {
                throw record(new TemplateException("An unhandled exception occurred while running the lookup plugin '" + name
                        + "'. Error was a <class 'ansible.errors.AnsibleError'>, original message: " + e.getMessage(), e));
            }
        }
        // Ansible wraps a lookup's result as unsafe: text from a file or command is never templated again.
        if (!ran.isEmpty() && !allowUnsafe) session.markUnsafe();
        if (wantList || ran.isEmpty()) return ran;
        if (ran.stream().allMatch(o -> o instanceof String)) {
            List<String> parts = new ArrayList<>();
            for (Object o : ran) parts.add((String) o);
            return String.join(",", parts);
        }
        return ran.size() == 1 ? ran.get(0) : ran;
    }

    private static TemplateException record(TemplateException e) {
        Session.recordFailure(e);
        return e;
    }

    private static final class UnknownLookup extends RuntimeException {
        UnknownLookup() {
            super(null, null, false, false);
        }
    }

    private static List<Object> plugin(String name, List<Object> terms, Map<String, Object> kw, Session s) {
        String plugin = name.startsWith("ansible.builtin.") ? name.substring("ansible.builtin.".length()) : name;
        List<Object> out = new ArrayList<>();
        switch (plugin) {
            case "env" -> {
                for (Object t : terms) {
                    String v = System.getenv(Values.str(t));
                    out.add(v != null ? v : kw.getOrDefault("default", ""));
                }
            }
            case "file" -> {
                for (Object t : terms) {
                    Path p = FileSearch.find(s, "files", Values.str(t));
                    if (p == null || !Files.isRegularFile(p)) throw new TemplateException("could not locate file in lookup: " + t);
                    String text = read(p);
                    if (Values.truthy(kw.getOrDefault("lstrip", false))) text = PyMethods.strip(text, null, true, false);
                    if (Values.truthy(kw.getOrDefault("rstrip", true))) text = PyMethods.strip(text, null, false, true);
                    out.add(text);
                }
            }
            case "template" -> {
                for (Object t : terms) {
                    Path p = FileSearch.find(s, "templates", Values.str(t));
                    if (p == null || !Files.isRegularFile(p)) throw new TemplateException("the template file " + t + " could not be found for the lookup");
                    out.add(s.engine.renderFile(read(p), s));
                }
            }
            case "pipe", "lines" -> {
                for (Object t : terms) {
                    String output = Pipe.run(Values.str(t), s);
                    if (plugin.equals("pipe")) out.add(PyMethods.strip(output, null, false, true));
                    else out.addAll((List<?>) PyMethods.invoke(output, "splitlines", new Object[0]));
                }
            }
            case "first_found" -> out.addAll(FirstFound.run(terms, kw, s));
            case "fileglob" -> {
                for (Object t : terms) out.addAll(fileglob(Values.str(t), s));
            }
            case "vars" -> {
                for (Object t : terms) {
                    Object v = s.lookup(Values.str(t));
                    if (v instanceof Undefined) {
                        if (!kw.containsKey("default")) throw new TemplateException("No variable found with this name: " + t);
                        v = kw.get("default");
                    }
                    out.add(Values.toPlain(v));
                }
            }
            case "items" -> {
                for (Object t : terms) {
                    if (Values.unwrap(t) instanceof List<?> l) out.addAll(Values.toList(l));
                    else out.add(t);
                }
            }
            case "list" -> out.addAll(terms);
            case "sequence" -> {
                if (terms.isEmpty()) out.addAll(SequenceLookup.generate("", kw));
                for (Object t : terms) out.addAll(SequenceLookup.generate(Values.str(t), kw));
            }
            default -> throw new UnknownLookup();
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TemplateException("could not read " + p + ": " + e.getMessage(), e);
        }
    }

    private static List<Object> fileglob(String pattern, Session s) {
        String dir = TextFilters.dirname(pattern);
        String glob = pattern.substring(pattern.lastIndexOf('/') + 1);
        List<Path> dirs = new ArrayList<>();
        if (pattern.startsWith("/")) dirs.add(Path.of(dir));
        else for (Path d : FileSearch.dirs(s, "files")) dirs.add(dir.isEmpty() ? d : d.resolve(dir));
        for (Path d : dirs) {
            TreeSet<String> found = new TreeSet<>();
            if (!Files.isDirectory(d)) continue;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, glob)) {
                for (Path p : ds) if (Files.isRegularFile(p)) found.add(p.toAbsolutePath().normalize().toString());
            } catch (IOException e) {
                continue;
            }
            if (!found.isEmpty()) return new ArrayList<>(found);
        }
        return new ArrayList<>();
    }
}
