package playbook.modules.net;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the read-only probe of a compose project found: the services the compose files declare
 * ({@code config --services}) and the project's containers ({@code ps --all --format json}).
 * Docker Compose before 2.21 prints one JSON array, later versions one object per line; both
 * parse here.
 */
record ComposeStatus(List<String> services, List<Map<String, Object>> containers) {
    /** Separates the two outputs in the probe's stdout. */
    static final String PS_MARK = "__pb_compose_ps__";

    /** Parses the probe's stdout: service names, the mark, then the ps JSON. */
    static ComposeStatus parse(String stdout) {
        String text = stdout == null ? "" : stdout;
        int at = text.indexOf(PS_MARK);
        String names = at < 0 ? "" : text.substring(0, at);
        String ps = at < 0 ? text : text.substring(at + PS_MARK.length());
        List<String> services = new ArrayList<>();
        for (String line : names.split("\n")) if (!line.isBlank()) services.add(line.trim());
        return new ComposeStatus(services, parsePs(ps));
    }

    /** The containers in {@code ps --format json} output, in either format. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parsePs(String json) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object v : JsonReader.readAll(json)) {
            if (v instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
            else if (v instanceof List<?> l)
                for (Object o : l) if (o instanceof Map<?, ?> m) out.add((Map<String, Object>) m);
        }
        return out;
    }

    /** The selected services, or every declared one (and every one with a container) when none is selected. */
    List<String> selected(List<String> wanted) {
        if (!wanted.isEmpty()) return wanted;
        Set<String> all = new LinkedHashSet<>(services);
        for (Map<String, Object> c : containers) all.add(service(c));
        return new ArrayList<>(all);
    }

    /** Containers of the given services (all containers when the list is empty). */
    List<Map<String, Object>> of(List<String> wanted) {
        if (wanted.isEmpty()) return containers;
        return containers.stream().filter(c -> wanted.contains(service(c))).toList();
    }

    /** Selected services that have no running container. */
    List<String> notRunning(List<String> wanted) {
        List<String> out = new ArrayList<>();
        for (String s : selected(wanted)) {
            boolean running = containers.stream().anyMatch(c -> s.equals(service(c)) && isRunning(c));
            if (!running) out.add(s);
        }
        return out;
    }

    /** Containers whose service the compose files no longer declare. */
    List<Map<String, Object>> orphans() {
        if (services.isEmpty()) return List.of();
        return containers.stream().filter(c -> !services.contains(service(c))).toList();
    }

    static String service(Map<String, Object> c) { return String.valueOf(c.getOrDefault("Service", "")); }

    static boolean isRunning(Map<String, Object> c) {
        return "running".equalsIgnoreCase(String.valueOf(c.getOrDefault("State", "")));
    }

    /** A fingerprint of container identity and state, to tell whether an action changed anything. */
    List<String> fingerprint() {
        return containers.stream().map(c -> c.get("ID") + "/" + c.get("Name") + "/" + c.get("State")).sorted().toList();
    }
}
