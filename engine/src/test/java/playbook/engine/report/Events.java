package playbook.engine.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import playbook.engine.api.Result;
import playbook.engine.model.SourceLocation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helpers: results written as JSON (as copied from ansible-playbook -v), golden files. */
final class Events {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {}

    static Map<String, Object> json(String s) {
        try {
            return JSON.readValue(s, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TaskInfo task(String name) { return new TaskInfo(name, null, null, false); }

    static TaskInfo task(String name, String file, int line) {
        return new TaskInfo(name, null, new SourceLocation(file, line, 3), false);
    }

    static HostResult res(String host, TaskInfo t, Status s, String json) {
        return new HostResult(host, null, t, s, json(json), null, false, List.of(), false, false);
    }

    static HostResult ignored(String host, TaskInfo t, Status s, String json) {
        return new HostResult(host, null, t, s, json(json), null, false, List.of(), false, true);
    }

    static HostResult item(String host, TaskInfo t, Status s, Object item, String json) {
        return new HostResult(host, null, t, s, json(json), item, false, List.of(), false, false);
    }

    static HostResult summary(String host, TaskInfo t, Status s, String json, boolean ignored) {
        return new HostResult(host, null, t, s, json(json), null, true, List.of(), false, ignored);
    }

    static HostResult secret(String host, TaskInfo t, Status s, Object item, boolean summary, boolean ignored, String json) {
        return new HostResult(host, null, t, s, json(json), item, summary, List.of(), true, ignored);
    }

    static HostResult diff(String host, TaskInfo t, Result.Diff... diffs) {
        return new HostResult(host, null, t, Status.CHANGED, json("{\"changed\": true}"), null, false,
                List.of(diffs), false, false);
    }

    static String golden(String name) {
        try (InputStream in = Events.class.getResourceAsStream("golden/" + name)) {
            if (in == null) throw new IllegalStateException("missing golden file " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
