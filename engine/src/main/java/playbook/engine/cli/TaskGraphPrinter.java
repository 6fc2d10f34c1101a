package playbook.engine.cli;

import playbook.engine.graph.CompiledBlock;
import playbook.engine.graph.CompiledPlay;
import playbook.engine.graph.CompiledTask;
import playbook.engine.graph.Node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Draws compiled plays as Mermaid, Graphviz dot or indented text: tasks in order, blocks with
 * their rescue ("on failure") and always edges, roles as groups, includes as nodes, handlers
 * with an edge from every task that notifies them, and the hosts of each play.
 */
final class TaskGraphPrinter {
    enum Format { MERMAID, DOT, TEXT }

    /** A play with the hosts it targets (empty when no inventory was given). */
    record PlayView(CompiledPlay play, String pattern, List<String> hosts) {}

    private final Format format;
    private final StringBuilder out = new StringBuilder();
    private final List<String> edges = new ArrayList<>();
    /** Open clusters, innermost last, and the first node drawn inside each cluster. */
    private final java.util.Deque<String> open = new java.util.ArrayDeque<>();
    private final Map<String, String> clusterFirst = new java.util.HashMap<>();
    private int ids;

    TaskGraphPrinter(Format format) {
        this.format = format;
    }

    String print(List<PlayView> plays) {
        if (format == Format.TEXT) {
            for (PlayView p : plays) text(p);
            return out.toString();
        }
        out.append(format == Format.MERMAID ? "flowchart TD\n" : "digraph playbook {\n  rankdir=TB;\n  compound=true;\n  node [shape=box, style=rounded];\n");
        List<String> previous = List.of();
        for (PlayView p : plays) {
            String id = id("play");
            String label = "PLAY " + title(p) + (p.hosts().isEmpty() ? "" : "\nhosts: " + String.join(", ", p.hosts()));
            open(id, label, 1);
            List<String> exits = List.of(id + "_start");
            node(id + "_start", "start", 2, true);
            Map<String, String> handlerIds = new LinkedHashMap<>();
            for (CompiledTask h : p.play().handlers()) handlerIds.put(h.name(), id("handler"));
            Map<String, List<String>> notifications = new LinkedHashMap<>();
            for (CompiledBlock section : List.of(p.play().preTasks(), p.play().tasks(), p.play().postTasks()))
                exits = sequence(section.block(), exits, 2, notifications);
            if (!handlerIds.isEmpty()) {
                String hid = id("handlers");
                open(hid, "handlers", 2);
                for (CompiledTask h : p.play().handlers()) node(handlerIds.get(h.name()), "HANDLER " + h.title(), 3, false);
                close(2);
                for (CompiledTask h : p.play().handlers()) {
                    List<String> listen = new ArrayList<>(List.of(h.name()));
                    Object l = h.keyword("listen");
                    if (l instanceof List<?> ls) ls.forEach(x -> listen.add(String.valueOf(x)));
                    else if (l != null) listen.add(String.valueOf(l));
                    for (String topic : listen)
                        for (String from : notifications.getOrDefault(topic, List.of()))
                            edge(from, handlerIds.get(h.name()), "notify", true);
                }
            }
            close(1);
            for (String e : previous) edge(e, id + "_start", null, false);
            previous = exits;
        }
        for (String e : edges) out.append(e).append('\n');
        if (format == Format.DOT) out.append("}\n");
        return out.toString();
    }

    /** Draws nodes one after another; returns the ids control leaves from. */
    private List<String> sequence(List<Node> nodes, List<String> entries, int depth, Map<String, List<String>> notifications) {
        List<String> exits = entries;
        for (Node n : nodes) {
            if (n instanceof CompiledTask t) {
                String id = id("task");
                node(id, label(t), depth, false);
                for (String e : exits) edge(e, id, null, false);
                exits = List.of(id);
                for (String topic : notified(t)) notifications.computeIfAbsent(topic, k -> new ArrayList<>()).add(id);
            } else if (n instanceof CompiledBlock b) {
                exits = block(b, exits, depth, notifications);
            }
        }
        return exits;
    }

    private List<String> block(CompiledBlock b, List<String> entries, int depth, Map<String, List<String>> notifications) {
        if (b.rescue().isEmpty() && b.always().isEmpty() && b.name() == null) return sequence(b.block(), entries, depth, notifications);
        String id = id("block");
        open(id, "block" + (b.name() == null ? "" : ": " + b.name()), depth);
        List<String> exits = sequence(b.block(), entries, depth + 1, notifications);
        close(depth);
        List<String> after = new ArrayList<>(exits);
        String failureFrom = id;
        if (!b.rescue().isEmpty()) {
            String rid = id("rescue");
            open(rid, "rescue", depth);
            String anchor = rid + "_in";
            node(anchor, "on failure", depth + 1, true);
            List<String> rescued = sequence(b.rescue(), List.of(anchor), depth + 1, notifications);
            close(depth);
            edge(failureFrom, anchor, "on failure", true);
            after.addAll(rescued);
            failureFrom = rid;
        }
        if (!b.always().isEmpty()) {
            String aid = id("always");
            open(aid, "always", depth);
            String anchor = aid + "_in";
            node(anchor, "always", depth + 1, true);
            List<String> done = sequence(b.always(), List.of(anchor), depth + 1, notifications);
            close(depth);
            for (String e : after) edge(e, anchor, null, false);
            edge(failureFrom, anchor, "on failure", true);
            return done;
        }
        return after;
    }

    private static List<String> notified(CompiledTask t) {
        Object n = t.keyword("notify");
        List<String> out = new ArrayList<>();
        if (n instanceof List<?> l) l.forEach(x -> out.add(String.valueOf(x)));
        else if (n != null) out.add(String.valueOf(n));
        return out;
    }

    private static String label(CompiledTask t) {
        String action = t.action();
        if (action.startsWith("include_") || action.startsWith("import_")) {
            Object what = t.args().getOrDefault("file", t.args().getOrDefault("name", t.args().get("_raw_params")));
            return action + ": " + what;
        }
        Object when = t.keyword("when");
        return t.title() + (t.name().equals(action) ? "" : "\n(" + action + ")") + (when == null ? "" : "\nwhen: " + when);
    }

    private static String title(PlayView p) {
        String name = p.play().play().name();
        return (name == null ? p.pattern() : name) + " [" + p.pattern() + "]";
    }

    private String id(String kind) {
        return kind + (++ids);
    }

    private void open(String id, String label, int depth) {
        open.addLast(id);
        String pad = "  ".repeat(depth);
        if (format == Format.MERMAID) out.append(pad).append("subgraph ").append(id).append("[\"").append(mermaid(label)).append("\"]\n");
        else out.append(pad).append("subgraph cluster_").append(id).append(" {\n").append(pad).append("  label=\"")
                .append(dot(label)).append("\";\n");
    }

    private void close(int depth) {
        open.pollLast();
        out.append("  ".repeat(depth)).append(format == Format.MERMAID ? "end\n" : "}\n");
    }

    private void node(String id, String label, int depth, boolean small) {
        for (String c : open) clusterFirst.putIfAbsent(c, id);
        String pad = "  ".repeat(depth);
        if (format == Format.MERMAID)
            out.append(pad).append(id).append(small ? "((\"" : "[\"").append(mermaid(label)).append(small ? "\"))\n" : "\"]\n");
        else out.append(pad).append(id).append(" [label=\"").append(dot(label)).append('"')
                .append(small ? ", shape=circle, fontsize=9" : "").append("];\n");
    }

    private void edge(String from, String to, String label, boolean dashed) {
        if (format == Format.MERMAID) {
            String arrow = dashed ? "-.->" : "-->";
            edges.add("  " + from + " " + (label == null ? arrow : (dashed ? "-. " + mermaid(label) + " .->" : "-- " + mermaid(label) + " -->")) + " " + to);
        } else {
            List<String> attrs = new ArrayList<>();
            if (label != null) attrs.add("label=\"" + dot(label) + "\"");
            if (dashed) attrs.add("style=dashed");
            if (clusterFirst.containsKey(from)) attrs.add("ltail=cluster_" + from);
            edges.add("  " + from(from) + " -> " + to + (attrs.isEmpty() ? "" : " [" + String.join(", ", attrs) + "]") + ";");
        }
    }

    /** dot edges can't start at a cluster: start at its first node, clipped to the cluster (compound=true). */
    private String from(String id) {
        String first = clusterFirst.get(id);
        return first == null ? id : first;
    }

    private void text(PlayView p) {
        out.append("PLAY ").append(title(p)).append('\n');
        if (!p.hosts().isEmpty()) out.append("  hosts: ").append(String.join(", ", p.hosts())).append('\n');
        for (CompiledBlock section : List.of(p.play().preTasks(), p.play().tasks(), p.play().postTasks()))
            textNodes(section.block(), 1);
        if (!p.play().handlers().isEmpty()) {
            out.append("  HANDLERS\n");
            for (CompiledTask h : p.play().handlers()) out.append("    ").append(h.title()).append('\n');
        }
    }

    private void textNodes(List<Node> nodes, int depth) {
        String pad = "  ".repeat(depth);
        for (Node n : nodes) {
            if (n instanceof CompiledTask t) {
                out.append(pad).append(label(t).replace("\n", " ")).append('\n');
                List<String> notify = notified(t);
                if (!notify.isEmpty()) out.append(pad).append("  notify: ").append(String.join(", ", notify)).append('\n');
            } else if (n instanceof CompiledBlock b) {
                boolean plain = b.rescue().isEmpty() && b.always().isEmpty() && b.name() == null;
                if (plain) {
                    textNodes(b.block(), depth);
                    continue;
                }
                out.append(pad).append("BLOCK").append(b.name() == null ? "" : " " + b.name()).append('\n');
                textNodes(b.block(), depth + 1);
                section(pad, "RESCUE (on failure)", b.rescue(), depth);
                section(pad, "ALWAYS", b.always(), depth);
            }
        }
    }

    private void section(String pad, String title, List<Node> nodes, int depth) {
        if (nodes.isEmpty()) return;
        out.append(pad).append(title).append('\n');
        textNodes(nodes, depth + 1);
    }

    private static String mermaid(String s) {
        return escape(s, c -> switch (c) {
            case '"' -> "#quot;";
            case '\n' -> "<br/>";
            case '<' -> "#lt;";
            case '>' -> "#gt;";
            default -> null;
        });
    }

    private static String dot(String s) {
        return escape(s, c -> switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            default -> null;
        });
    }

    private static String escape(String s, Function<Character, String> f) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            String r = f.apply(c);
            b.append(r == null ? String.valueOf(c) : r);
        }
        return b.toString();
    }
}
