package playbook.modules.utility;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ansible.builtin.set_fact: every key becomes a host fact. Never changed. As in Ansible (with
 * jinja2_native off), the strings true/false/yes/no become booleans.
 */
public final class SetFactModule implements Module {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final ArgSpec SPEC = ArgSpec.builder()
            .anyKeys()
            .arg("cacheable", ArgType.BOOL).defaultValue(false)
            .doc("Also keep the values as cached facts of the host, so they appear in ansible_facts too. There is no persistent fact cache: they last for this run.")
            .summary("Set variables for the host for the rest of the run")
            .description("Every key (other than cacheable) becomes a variable of the current host, visible to later tasks and plays and to other hosts through hostvars. Values may be any type; as in Ansible without jinja2_native, the strings true/false/yes/no become booleans.")
            .notes("Never changed. Nothing runs on the host. Names must be valid identifiers and not Python keywords.")
            .returns("ansible_facts", "The variables that were set.")
            .example("""
                - name: Remember which archive to restore
                  set_fact:
                    restore_archive: "{{ archives.files | sort(attribute='mtime') | last }}"
                    restore_dir: /srv/.restore/staging
                """)
            .build();

    @Override public String name() { return "set_fact"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : args.asMap().entrySet()) {
            String k = e.getKey();
            if (k.equals("cacheable")) continue;
            if (!IDENTIFIER.matcher(k).matches() || isKeyword(k))
                throw new ModuleException("The variable name '" + k + "' is not valid. Variables must start with a letter or underscore character, "
                        + "and contain only letters, numbers and underscores.");
            Object v = e.getValue();
            if (v instanceof String s) {
                switch (s.toLowerCase(Locale.ROOT)) {
                    case "true", "yes" -> v = Boolean.TRUE;
                    case "false", "no" -> v = Boolean.FALSE;
                    default -> { }
                }
            }
            facts.put(k, v);
        }
        if (facts.isEmpty())
            throw new ModuleException("No key/value pairs provided, at least one is required for this action to succeed");
        Result r = Result.ok();
        facts.forEach(r::fact);
        return r.put("ansible_facts", facts).put("_ansible_facts_cacheable", args.bool("cacheable"));
    }

    private static boolean isKeyword(String k) {
        return switch (k) {
            case "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
                 "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
                 "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
                 "with", "yield" -> true;
            default -> false;
        };
    }
}
