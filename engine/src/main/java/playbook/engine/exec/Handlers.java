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
        Set<HostState> touched = new HashSet<>();
        for (int i = 0; i < run.handlers.size(); i++) {
            CompiledTask handler = run.handlers.get(i);
            List<HostState> notified = new ArrayList<>();
            for (HostState h : hosts) {
                if (h.unreachable() || (h.failed() && !forceHandlers())) continue;
                if (matches(handler, h)) notified.add(h);
            }
            if (notified.isEmpty()) continue;
            touched.addAll(notified);
            for (HostState h : notified) h.notified().removeAll(names(handler, h));
            List<HostState> failed = strategy.runTask(handler, notified, true);
            for (HostState h : failed) h.failed(true);
        }
        for (HostState h : touched) h.notified().removeIf(n -> isListenTopic(n));
    }

    boolean forceHandlers() {
        Object f = run.play.play().keywords().get("force_handlers");
        return run.ctx.options.forceHandlers() || (f != null && playbook.engine.api.Conversions.toBool(f));
    }

    private boolean matches(CompiledTask handler, HostState h) {
        Set<String> n = h.notified();
        if (n.isEmpty()) return false;
        for (String name : names(handler, h)) if (n.contains(name)) return true;
        return false;
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
        Object listen = handler.source().keywords().get("listen");
        if (listen instanceof List<?> l) for (Object o : l) names.add(String.valueOf(o));
        else if (listen != null) names.add(String.valueOf(listen));
        return names;
    }

    private boolean isListenTopic(String n) {
        for (CompiledTask handler : run.handlers) {
            Object listen = handler.source().keywords().get("listen");
            if (listen instanceof List<?> l && l.contains(n)) return true;
            if (listen != null && String.valueOf(listen).equals(n)) return true;
        }
        return false;
    }
}
