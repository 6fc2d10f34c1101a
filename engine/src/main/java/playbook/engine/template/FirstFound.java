package playbook.engine.template;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import playbook.engine.TemplateException;

/** The first_found lookup: terms are file names, lists of them, or {files:, paths:, skip:} dicts. */
final class FirstFound {
    private FirstFound() {}

    static List<Object> run(List<Object> terms, Map<String, Object> kw, Session s) {
        List<String> files = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        boolean skip = Values.truthy(kw.getOrDefault("skip", false));
        addAll(files, kw.get("files"));
        addAll(paths, kw.get("paths"));
        for (Object t : terms) {
            t = Values.unwrap(t);
            if (t instanceof Map<?, ?> m) {
                addAll(files, m.get("files"));
                addAll(paths, m.get("paths"));
                if (m.containsKey("skip")) skip = Values.truthy(m.get("skip"));
            } else if (t instanceof List<?> l) {
                for (Object o : Values.toList(l)) addAll(files, o);
            } else if (t != null) {
                files.add(Values.str(t));
            }
        }
        List<String> candidates = new ArrayList<>();
        if (paths.isEmpty()) {
            candidates.addAll(files);
        } else {
            for (String p : paths) for (String f : files) candidates.add(p.endsWith("/") ? p + f : p + "/" + f);
        }
        for (String c : candidates) {
            Path found = FileSearch.find(s, "files", c);
            if (found != null && Files.exists(found)) return new ArrayList<>(List.of(found.toString()));
        }
        if (skip) return new ArrayList<>();
        throw new TemplateException("No file was found when using first_found.");
    }

    /** Adds a name or list of names; strings given as files=/paths= may be split on , and ;. */
    private static void addAll(List<String> into, Object v) {
        v = Values.unwrap(v);
        if (v == null) return;
        if (v instanceof List<?> l) {
            for (Object o : Values.toList(l)) addAll(into, o);
            return;
        }
        for (String part : Values.str(v).split("[,;]")) if (!part.isBlank()) into.add(part.trim());
    }
}
