package playbook.engine.cli;

import playbook.engine.exec.PlaybookRunner;
import playbook.engine.exec.RunOptions;
import playbook.engine.exec.TagFilter;
import playbook.engine.graph.CompiledBlock;
import playbook.engine.graph.CompiledPlay;
import playbook.engine.graph.CompiledTask;
import playbook.engine.graph.Node;
import playbook.engine.inventory.Host;
import playbook.engine.model.Play;
import playbook.engine.model.Playbook;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** --list-hosts, --list-tasks and --list-tags, in ansible-playbook's layout. */
final class Listings {
    private final PrintStream out;
    private final PlaybookRunner runner;
    private final RunOptions options;

    Listings(PrintStream out, PlaybookRunner runner, RunOptions options) {
        this.out = out;
        this.runner = runner;
        this.options = options;
    }

    void print(Playbook pb, boolean hosts, boolean tasks, boolean listTags) {
        List<CompiledPlay> compiled = runner.compileAll(pb);
        TagFilter tags = new TagFilter(options.tags(), options.skipTags());
        int n = 0;
        for (CompiledPlay cp : compiled) {
            n++;
            Play play = cp.play();
            String pattern = pattern(play);
            Set<String> playTags = tagsOf(play.keywords().get("tags"));
            out.println();
            out.println("  play #" + n + " (" + pattern + "): " + (play.name() == null ? pattern : play.name())
                    + "\tTAGS: " + fmt(playTags));
            if (hosts) {
                List<Host> hs = runner.hostsOf(play);
                out.println("    pattern: ['" + pattern + "']");
                out.println("    hosts (" + hs.size() + "):");
                for (Host h : hs) out.println("      " + h.name());
            }
            List<CompiledTask> all = new ArrayList<>();
            for (CompiledBlock b : List.of(cp.preTasks(), cp.tasks(), cp.postTasks())) flatten(b, all);
            if (tasks) {
                out.println("    tasks:");
                for (CompiledTask t : all) {
                    if (!tags.selected(t.tags())) continue;
                    out.println("      " + t.title() + "\tTAGS: " + fmt(new TreeSet<>(t.tags())));
                }
            }
            if (listTags) {
                Set<String> allTags = new TreeSet<>();
                for (CompiledTask t : all) allTags.addAll(t.tags());
                out.println("      TASK TAGS: " + fmt(allTags));
            }
        }
    }

    private static void flatten(Node n, List<CompiledTask> out) {
        if (n instanceof CompiledTask t) out.add(t);
        else if (n instanceof CompiledBlock b) {
            for (Node c : b.block()) flatten(c, out);
            for (Node c : b.rescue()) flatten(c, out);
            for (Node c : b.always()) flatten(c, out);
        }
    }

    private static String pattern(Play play) {
        Object h = play.keywords().get("hosts");
        if (h instanceof List<?> l) return String.join(",", l.stream().map(String::valueOf).toList());
        return String.valueOf(h);
    }

    private static Set<String> tagsOf(Object v) {
        Set<String> out = new TreeSet<>();
        if (v instanceof List<?> l) for (Object o : l) out.add(String.valueOf(o));
        else if (v != null) for (String s : String.valueOf(v).split(",")) out.add(s.trim());
        return out;
    }

    private static String fmt(Set<String> tags) {
        return "[" + String.join(", ", tags) + "]";
    }
}
