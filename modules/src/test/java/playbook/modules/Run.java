package playbook.modules;

import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

import java.util.LinkedHashMap;
import java.util.Map;

/** Runs a module the way the engine does: validate raw args against the spec, then run. */
public final class Run {
    private Run() {}

    public static Result run(Module m, Target t, Object... kv) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) raw.put((String) kv[i], kv[i + 1]);
        return m.run(m.spec().validate(m.name(), raw), t);
    }
}
