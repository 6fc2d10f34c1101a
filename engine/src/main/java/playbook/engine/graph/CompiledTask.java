package playbook.engine.graph;

import playbook.engine.api.Module;
import playbook.engine.model.SourceLocation;
import playbook.engine.model.Task;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A task ready to run: its action resolved, free-form text split into arguments, and the
 * keywords it inherits from its blocks, role and play already folded in.
 *
 * @param keywords      effective scalar keywords, the nearest definition winning (become, no_log, ...)
 * @param when          every condition that guards it, outermost first (all must hold)
 * @param tags          its tags plus every inherited tag
 * @param vars          vars: sections from the outermost block to the task itself
 * @param includeParams vars given to the include/import that brought it in
 * @param baseDir       directory for relative lookups (the file the task was written in)
 */
public record CompiledTask(Task source, String action, Module module, Map<String, Object> args,
                           Map<String, Object> keywords, List<Object> when, Set<String> tags,
                           List<Map<String, Object>> vars, Map<String, Object> includeParams,
                           RoleContext role, boolean handler, Path baseDir) implements Node {

    public String name() { return source.displayName(); }

    public SourceLocation location() { return source.location(); }

    public Object keyword(String k) { return keywords.get(k); }

    public boolean has(String k) { return keywords.get(k) != null; }

    /** "role : name" as shown in banners. */
    public String title() { return role == null ? name() : role.name() + " : " + name(); }
}
