package playbook.engine.inventory;

import playbook.engine.InventoryException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Ansible host patterns: {@code all}, {@code *}, group and host names, {@code a:b} and
 * {@code a,b} (union), {@code a:&b} (intersection), {@code a:!b} (exclusion), globs
 * ({@code web*}), regexes ({@code ~web\d+}) and subscripts ({@code g[0]}, {@code g[1:]},
 * {@code g[-1]}). Results keep inventory order and have no duplicates.
 */
final class HostPattern {
    private static final Pattern WITH_SUBSCRIPT = Pattern.compile("^(.+)\\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\\]$");
    private static final Pattern COLON_LIST = Pattern.compile("(?:[^\\s:\\[\\]]++|\\[[^\\]]*+\\])+");

    private final InventoryData data;
    private final Function<String, HostEntry> localhost;
    private final Consumer<String> warnings;
    private final Map<String, List<HostEntry>> cache = new ConcurrentHashMap<>();

    /** @param localhost gives the implicit localhost for a name in {@link InventoryData#LOCALHOST_NAMES} */
    HostPattern(InventoryData data, Function<String, HostEntry> localhost, Consumer<String> warnings) {
        this.data = data;
        this.localhost = localhost;
        this.warnings = warnings;
    }

    /** Forgets resolved patterns after hosts or groups were added at run time. */
    void clearCache() { cache.clear(); }

    /** Ansible's split_host_pattern: commas, else colons unless the whole text is one host address. */
    static List<String> split(String pattern) {
        List<String> parts = new ArrayList<>();
        if (pattern.indexOf(',') >= 0) {
            Collections.addAll(parts, pattern.split(",", -1));
        } else if (HostAddress.parse(pattern).isPresent()) {
            parts.add(pattern);
        } else {
            Matcher m = COLON_LIST.matcher(pattern);
            while (m.find()) parts.add(m.group());
        }
        List<String> out = new ArrayList<>();
        for (String p : parts) if (!p.strip().isEmpty()) out.add(p.strip());
        return out;
    }

    /** The hosts a full pattern selects: unions first, then intersections, then exclusions. */
    List<HostEntry> evaluate(List<String> patterns) {
        List<String> regular = new ArrayList<>();
        List<String> intersect = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        for (String p : patterns) {
            if (p.isEmpty()) continue;
            if (p.charAt(0) == '!') exclude.add(p);
            else if (p.charAt(0) == '&') intersect.add(p);
            else regular.add(p);
        }
        if (regular.isEmpty()) regular.add("all");
        LinkedHashSet<HostEntry> hosts = new LinkedHashSet<>();
        for (String p : regular) {
            HostEntry direct = data.host(p);
            if (direct != null) hosts.add(direct);
            else hosts.addAll(matchOne(p));
        }
        for (String p : intersect) hosts.retainAll(new HashSet<>(matchOne(p)));
        for (String p : exclude) matchOne(p).forEach(hosts::remove);
        return new ArrayList<>(hosts);
    }

    /** One pattern without its & or ! prefix, subscript applied; may hold duplicates. */
    private List<HostEntry> matchOne(String pattern) {
        String p = pattern.charAt(0) == '&' || pattern.charAt(0) == '!' ? pattern.substring(1) : pattern;
        if (p.isEmpty()) return List.of();
        return cache.computeIfAbsent(p, this::resolve);
    }

    private List<HostEntry> resolve(String pattern) {
        String expr = pattern;
        int[] subscript = null;
        if (pattern.charAt(0) != '~') {
            Matcher m = WITH_SUBSCRIPT.matcher(pattern);
            if (m.matches()) {
                expr = m.group(1);
                if (m.group(2) != null) {
                    subscript = new int[] {Integer.parseInt(m.group(2)), Integer.MIN_VALUE};
                } else {
                    int end = m.group(5).isEmpty() ? -1 : Integer.parseInt(m.group(5));
                    subscript = new int[] {Integer.parseInt(m.group(3)), end};
                    if (m.group(4).equals("-")) {
                        warnings.accept("Use [x:y] inclusive subscripts instead of [x-y] which has been removed");
                    }
                }
            }
        }
        List<HostEntry> hosts = enumerate(expr);
        if (subscript == null || hosts.isEmpty()) return hosts;
        return applySubscript(hosts, subscript[0], subscript[1]);
    }

    private static List<HostEntry> applySubscript(List<HostEntry> hosts, int start, int end) {
        int n = hosts.size();
        if (end != Integer.MIN_VALUE && end != 0) {
            int last = end == -1 ? n - 1 : end;
            int from = Math.min(start, n);
            int to = Math.min(last + 1, n);
            return from >= to ? List.of() : List.copyOf(hosts.subList(from, to));
        }
        int i = start < 0 ? n + start : start;
        if (i < 0 || i >= n) return List.of();
        return List.of(hosts.get(i));
    }

    private List<HostEntry> enumerate(String pattern) {
        Pattern re = compile(pattern);
        List<HostEntry> results = new ArrayList<>();
        boolean matchedGroup = false;
        for (Group g : data.groups().values()) {
            if (re.matcher(g.name()).lookingAt()) {
                matchedGroup = true;
                for (String h : g.hosts()) results.add(data.host(h));
            }
        }
        boolean special = pattern.charAt(0) == '~' || pattern.indexOf('.') >= 0 || pattern.indexOf('?') >= 0
                || pattern.indexOf('*') >= 0 || pattern.indexOf('[') >= 0;
        if (!matchedGroup || special) {
            for (HostEntry h : data.hostEntries()) {
                if (re.matcher(h.name).lookingAt()) results.add(h);
            }
        }
        if (results.isEmpty() && InventoryData.LOCALHOST_NAMES.contains(pattern)) {
            HostEntry implicit = localhost.apply(pattern);
            if (implicit != null) results.add(implicit);
        }
        if (results.isEmpty() && !matchedGroup && !pattern.equals("all")) {
            warnings.accept("Could not match supplied host pattern, ignoring: " + pattern);
        }
        return results;
    }

    /** A glob ({@code fnmatch.translate}, anchored at both ends) or, after {@code ~}, a regex anchored at the start. */
    static Pattern compile(String pattern) {
        try {
            if (pattern.charAt(0) == '~') return Pattern.compile(pattern.substring(1), Pattern.DOTALL);
            return Pattern.compile(globToRegex(pattern) + "\\z", Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new InventoryException("Invalid host list pattern: " + pattern + " (" + e.getDescription()
                    + "); fix the regular expression after '~'");
        }
    }

    /** Python's fnmatch.translate: * ? [seq] [!seq]; everything else literal. */
    static String globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = glob.length();
        while (i < n) {
            char c = glob.charAt(i++);
            if (c == '*') {
                re.append(".*");
                while (i < n && glob.charAt(i) == '*') i++;
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && glob.charAt(j) == '!') j++;
                if (j < n && glob.charAt(j) == ']') j++;
                while (j < n && glob.charAt(j) != ']') j++;
                if (j >= n) {
                    re.append("\\[");
                } else {
                    String stuff = glob.substring(i, j);
                    i = j + 1;
                    if (stuff.isEmpty()) {
                        re.append("(?!)");
                    } else {
                        boolean negate = stuff.charAt(0) == '!';
                        if (negate) stuff = stuff.substring(1);
                        StringBuilder cls = new StringBuilder("[");
                        if (negate) cls.append('^');
                        for (char ch : stuff.toCharArray()) {
                            if (ch == '\\' || ch == '[' || ch == ']' || ch == '&' || ch == '^') cls.append('\\');
                            cls.append(ch);
                        }
                        re.append(cls).append(']');
                    }
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
