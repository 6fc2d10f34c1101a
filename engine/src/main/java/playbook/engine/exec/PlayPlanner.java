package playbook.engine.exec;

import playbook.engine.ParseException;
import playbook.engine.TemplateException;
import playbook.engine.api.Conversions;
import playbook.engine.graph.RoleContext;
import playbook.engine.inventory.Host;
import playbook.engine.model.Play;
import playbook.engine.vars.VarLayers;

import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Play-level decisions made before any task runs: which hosts and in what order, the serial
 * batches, whether to gather facts, and the play's variable layers (vars, vars_files,
 * vars_prompt, role defaults and vars).
 */
final class PlayPlanner {
    private final RunContext ctx;

    PlayPlanner(RunContext ctx) {
        this.ctx = ctx;
    }

    /** Variables usable before any host is known: play vars and extra vars. */
    @SuppressWarnings("unchecked")
    Map<String, Object> staticVars(Play play) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("playbook_dir", ctx.playbookDir.toString());
        v.put("omit", playbook.engine.template.Templar.OMIT);
        v.put("groups", ctx.inventory.groupsMap());
        if (play.keywords().get("vars") instanceof Map<?, ?> m) v.putAll((Map<String, Object>) m);
        v.putAll(ctx.vars.extraVars());
        return v;
    }

    String title(Play play) {
        if (play.name() != null) {
            try {
                return String.valueOf(ctx.templar.template(play.name(), staticVars(play)));
            } catch (TemplateException e) {
                return play.name();
            }
        }
        Object h = play.keywords().get("hosts");
        if (h instanceof List<?> l) return String.join(",", l.stream().map(String::valueOf).toList());
        return String.valueOf(h);
    }

    List<Host> hosts(Play play, Set<String> gone) {
        Object h = ctx.templar.template(play.keywords().get("hosts"), staticVars(play));
        String pattern = h instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(h);
        List<Host> hosts = new ArrayList<>(ctx.inventory.select(pattern));
        if (ctx.options.limit() != null) hosts = new ArrayList<>(ctx.inventory.limit(hosts, ctx.options.limit()));
        hosts.removeIf(x -> gone.contains(x.name()));
        Object order = play.keywords().get("order");
        if (order != null) {
            switch (String.valueOf(order)) {
                case "sorted" -> hosts.sort(Comparator.comparing(Host::name));
                case "reverse_sorted" -> hosts.sort(Comparator.comparing(Host::name).reversed());
                case "reverse_inventory" -> Collections.reverse(hosts);
                case "shuffle" -> Collections.shuffle(hosts);
                case "inventory" -> { }
                default -> throw new ParseException(play.location() + ": order must be one of inventory, reverse_inventory,"
                        + " sorted, reverse_sorted, shuffle; got '" + order + "'");
            }
        }
        return hosts;
    }

    boolean gatherFacts(Play play) {
        Object g = play.keywords().get("gather_facts");
        if (g == null) return !"explicit".equals(System.getenv("ANSIBLE_GATHERING"));
        return Conversions.toBool(ctx.templar.template(g, staticVars(play)));
    }

    /** Serial batches: an int, a percentage, or a list of those (the last one repeats). */
    List<List<HostState>> batches(Play play, List<HostState> hosts) {
        Object serial = play.keywords().get("serial");
        List<List<HostState>> out = new ArrayList<>();
        if (serial == null) { out.add(hosts); return out; }
        List<Object> sizes = serial instanceof List<?> l ? new ArrayList<>(l) : List.of(serial);
        if (sizes.isEmpty()) { out.add(hosts); return out; }
        int i = 0, k = 0;
        while (i < hosts.size()) {
            Object s = ctx.templar.template(sizes.get(Math.min(k, sizes.size() - 1)), staticVars(play));
            int n = batchSize(s, hosts.size());
            out.add(new ArrayList<>(hosts.subList(i, Math.min(hosts.size(), i + n))));
            i += n;
            k++;
        }
        return out;
    }

    private static int batchSize(Object s, int total) {
        String str = String.valueOf(s).trim();
        int n;
        if (str.endsWith("%")) {
            n = (int) Math.floor(total * Double.parseDouble(str.substring(0, str.length() - 1)) / 100.0);
        } else {
            n = (int) Conversions.toLong(str);
        }
        if (n <= 0) n = total;
        return Math.max(1, n);
    }

    @SuppressWarnings("unchecked")
    VarLayers layers(Play play, List<RoleContext> roles, HostState someHost) {
        Map<String, Object> playVars = play.keywords().get("vars") instanceof Map<?, ?> m
                ? new LinkedHashMap<>((Map<String, Object>) m) : Map.of();
        Map<String, Object> sv = staticVars(play);
        Map<String, Object> prompts = prompts(play);
        sv.putAll(prompts);
        Map<String, Object> files = varsFiles(play, sv);
        List<Map<String, Object>> defaults = new ArrayList<>();
        List<Map<String, Object>> vars = new ArrayList<>();
        for (RoleContext r : roles) { defaults.add(r.defaults()); vars.add(r.vars()); }
        return new VarLayers(playVars, prompts, files, defaults, vars);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> varsFiles(Play play, Map<String, Object> sv) {
        Object vf = play.keywords().get("vars_files");
        Map<String, Object> out = new LinkedHashMap<>();
        if (vf == null) return out;
        List<Object> entries = vf instanceof List<?> l ? new ArrayList<>(l) : List.of(vf);
        for (Object e : entries) {
            List<Object> candidates = e instanceof List<?> l ? new ArrayList<>(l) : List.of(e);
            Path found = null;
            List<Path> tried = new ArrayList<>();
            for (Object c : candidates) {
                String name = String.valueOf(ctx.templar.template(c, sv));
                Path p = play.baseDir().resolve(name);
                tried.add(p);
                if (Files.isRegularFile(p)) { found = p; break; }
            }
            if (found == null) {
                throw new ParseException(play.location() + ": vars_files: could not find " + (tried.size() == 1 ? tried.get(0) : "any of " + tried));
            }
            Object v = ctx.yaml.load(found);
            if (v instanceof Map<?, ?> m) out.putAll((Map<String, Object>) m);
            else if (v != null) throw new ParseException(found + ": a vars file must be a dictionary of variables");
        }
        return out;
    }

    private Map<String, Object> prompts(Play play) {
        Object vp = play.keywords().get("vars_prompt");
        Map<String, Object> out = new LinkedHashMap<>();
        if (!(vp instanceof List<?> list)) return out;
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> p)) continue;
            String name = String.valueOf(p.get("name"));
            if (ctx.vars.extraVars().containsKey(name)) { out.put(name, ctx.vars.extraVars().get(name)); continue; }
            Console console = System.console();
            Object dflt = p.get("default");
            if (console == null) {
                if (dflt != null) { out.put(name, dflt); continue; }
                throw new ParseException(play.location() + ": vars_prompt '" + name + "' needs an answer, but there is no"
                        + " terminal to ask on. Give it with -e " + name + "=VALUE");
            }
            String prompt = String.valueOf(p.get("prompt") == null ? name : p.get("prompt"));
            boolean priv = p.get("private") == null || Conversions.toBool(p.get("private"));
            String suffix = dflt != null ? " [" + dflt + "]: " : ": ";
            String answer = priv ? new String(console.readPassword("%s", prompt + suffix)) : console.readLine("%s", prompt + suffix);
            out.put(name, (answer == null || answer.isEmpty()) && dflt != null ? dflt : answer);
        }
        return out;
    }
}
