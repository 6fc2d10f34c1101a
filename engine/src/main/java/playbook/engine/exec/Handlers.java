package playbook.engine.exec;

import playbook.engine.TemplateException;
import playbook.engine.graph.CompiledTask;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs notified handlers at a flush point: in definition order, each once for the hosts that
 * notified it by name, by "role : name", or through a {@code listen} topic.
 */
final class Handlers {
    private final PlayRun run;
    private final Strategy strategy;

    Handlers(PlayRun run, Strategy strategy) {
        this.run = run;
        this.strategy = strategy;
    }

    void flush(List<HostState> hosts) {
        for (int i = 0; i < run.handlers.size(); i++) {
            resolve(hosts);
            CompiledTask handler = run.handlers.get(i);
            Set<String> pending = run.notifiedHandlers.get(handler);
            if (pending == null || pending.isEmpty()) continue;
            List<HostState> notified = new ArrayList<>();
            for (HostState h : hosts) {
                if (!pending.contains(h.name())) continue;
                if (h.unreachable() || (h.failed() && !forceHandlers())) continue;
                notified.add(h);
            }
            if (notified.isEmpty()) continue;
            for (HostState h : notified) pending.remove(h.name());
            List<HostState> failed = strategy.runTask(handler, notified, true);
            for (HostState h : failed) h.failed(true);
        }
    }

    /**
     * Turns each host's pending notifications into per-handler host sets: a name notifies the
     * handler of that name (or "role : name") and every handler that listens to it.
     */
    private void resolve(List<HostState> hosts) {
        for (HostState h : hosts) {
            if (h.notified().isEmpty()) continue;
            List<String> names;
            synchronized (h.notified()) {
                names = new ArrayList<>(h.notified());
                h.notified().clear();
            }
            for (String n : names) {
                // by name: only the first handler of that name (Ansible's search order); by listen: every listener
                boolean found = false;
                for (CompiledTask handler : run.handlers) {
                    boolean byName = !found && names(handler, h).contains(n);
                    if (byName || listens(handler, n)) {
                        run.notifiedHandlers.computeIfAbsent(handler, k -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(h.name());
                        found = true;
                    }
                }
                if (!found) {
                    run.ctx.listener.warning("The requested handler '" + n + "' was not found in either the main handlers"
                            + " list nor in the listening handlers list");
                }
            }
        }
    }

    boolean forceHandlers() {
        Object f = run.play.play().keywords().get("force_handlers");
        return run.ctx.options.forceHandlers() || (f != null && playbook.engine.api.Conversions.toBool(f));
    }

    private Set<String> names(CompiledTask handler, HostState h) {
        Set<String> names = new HashSet<>();
        String name = handler.source().name();
        if (name != null) {
            String rendered = name;
            try {
                rendered = String.valueOf(run.ctx.templar.template(name, run.vars(h, handler)));
            } catch (TemplateException ignored) {
                // an unrenderable name still matches as written
            }
            names.add(rendered);
            if (handler.role() != null) names.add(handler.role().name() + " : " + rendered);
        }
        return names;
    }

    private static boolean listens(CompiledTask handler, String topic) {
        Object listen = handler.source().keywords().get("listen");
        if (listen instanceof List<?> l) return l.stream().anyMatch(o -> String.valueOf(o).equals(topic));
        return listen != null && String.valueOf(listen).equals(topic);
    }

}
