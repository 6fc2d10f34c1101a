package playbook.engine.graph;

import playbook.engine.ParseException;
import playbook.engine.api.ArgSpec;
import playbook.engine.model.Task;
import playbook.engine.parse.FreeFormArgs;

import java.util.LinkedHashMap;
import java.util.Map;

/** Folds a task's free-form text into its arguments, using the module's ArgSpec to tell options from text. */
final class FreeForm {
    private FreeForm() {}

    static Map<String, Object> merge(Task t, ArgSpec spec) {
        // k=v pairs written on the module line win over args: (as in Ansible)
        Map<String, Object> args = new LinkedHashMap<>();
        if (t.args() != null) args.putAll(t.args());
        String text = t.freeForm();
        if (text != null && !text.isBlank()) {
            String target = spec.freeForm();
            FreeFormArgs.Split split;
            try {
                split = target == null
                        ? FreeFormArgs.split(text)
                        : FreeFormArgs.split(text, k -> spec.canonical(k) != null && !k.equals(target) && !k.startsWith("_"));
            } catch (ParseException e) {
                throw new ParseException(t.location() + ": " + e.getMessage(), e);  // unbalanced quotes or {{: say where
            }
            args.putAll(split.options());
            if (split.freeText() != null) {
                if (target == null) {
                    throw new ParseException(t.location() + ": module '" + t.module()
                            + "' takes k=v arguments, not free text: '" + split.freeText() + "'");
                }
                args.put(target, split.freeText());
            }
        }
        return args;
    }
}
