package playbook.engine.model;

import java.util.Map;

/** A role as referenced from a play's {@code roles:} or a meta dependency: name, params, keywords (when, tags, become, vars). */
public record RoleRef(String name, Map<String, Object> params, Map<String, Object> keywords, SourceLocation location) {
}
