package playbook.engine.cli;

import playbook.engine.ParseException;
import playbook.engine.parse.FreeFormArgs;
import playbook.engine.parse.YamlLoader;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code -e} values as ansible-playbook reads them: {@code k=v k2="a b"}, {@code @file.yml}, or inline JSON/YAML. */
final class ExtraVars {
    private ExtraVars() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(List<String> values, Path cwd, YamlLoader yaml) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String v : values) {
            String s = v.trim();
            if (s.startsWith("@")) {
                Path p = cwd.resolve(s.substring(1));
                Object o = yaml.load(p);
                if (o == null) continue;
                if (!(o instanceof Map<?, ?> m)) throw new ParseException(p + ": extra vars file must be a dictionary");
                out.putAll((Map<String, Object>) m);
            } else if (s.startsWith("{") || s.startsWith("[")) {
                Object o = yaml.loadString(s, "<extra vars>");
                if (!(o instanceof Map<?, ?> m)) throw new ParseException("-e '" + s + "': extra vars must be a dictionary");
                out.putAll((Map<String, Object>) m);
            } else if (!s.isEmpty()) {
                FreeFormArgs.Split split = FreeFormArgs.split(s);
                if (split.freeText() != null) {
                    throw new ParseException("-e '" + s + "': expected key=value pairs, @file or a JSON/YAML dictionary");
                }
                out.putAll(split.options());
            }
        }
        return out;
    }
}
