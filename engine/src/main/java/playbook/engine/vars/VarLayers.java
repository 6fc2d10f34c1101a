package playbook.engine.vars;

import java.util.List;
import java.util.Map;

/**
 * The play-level inputs of variable precedence, fixed for one play: play vars, vars_prompt
 * answers, vars_files, and the defaults and vars of every role in the play (role vars are
 * public, as in Ansible's default).
 */
public record VarLayers(Map<String, Object> playVars, Map<String, Object> promptVars, Map<String, Object> varsFiles,
                        List<Map<String, Object>> roleDefaults, List<Map<String, Object>> roleVars) {
    public static final VarLayers EMPTY = new VarLayers(Map.of(), Map.of(), Map.of(), List.of(), List.of());
}
