package playbook.modules;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Fact;
import playbook.engine.api.Target;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A scripted Target: serves recorded outputs for commands (first by regex, then in order) and
 * records every command with its stdin. Unmatched commands fail the test loudly.
 */
public final class FakeTarget extends TestTargetBase {
    /** One command the module sent. */
    public record Sent(String kind, String command, byte[] stdin) {}

    public final List<Sent> sent = new ArrayList<>();
    private final Map<Pattern, ExecResult> byRegex = new LinkedHashMap<>();
    private final Deque<ExecResult> inOrder = new ArrayDeque<>();

    /** Commands matching {@code regex} (find) get this result. */
    public FakeTarget on(String regex, ExecResult r) { byRegex.put(Pattern.compile(regex, Pattern.DOTALL), r); return this; }

    public FakeTarget on(String regex, int rc, String stdout) { return on(regex, new ExecResult(rc, stdout, "")); }

    /** The next unmatched command gets this result. */
    public FakeTarget next(ExecResult r) { inOrder.add(r); return this; }

    public FakeTarget check(boolean c) { check = c; return this; }

    public FakeTarget diff(boolean d) { diff = d; return this; }

    public List<String> commands(String kind) {
        return sent.stream().filter(s -> s.kind().equals(kind)).map(Sent::command).toList();
    }

    private ExecResult answer(String command) {
        for (Map.Entry<Pattern, ExecResult> e : byRegex.entrySet()) if (e.getKey().matcher(command).find()) return e.getValue();
        if (!inOrder.isEmpty()) return inOrder.poll();
        throw new AssertionError("FakeTarget: no recorded output for command:\n" + command);
    }

    @Override public String host() { return "fake"; }

    @Override public ExecResult probe(String command, byte[] stdin) {
        sent.add(new Sent("probe", command, stdin));
        return answer(command);
    }

    @Override public ExecResult apply(String command, byte[] stdin) {
        sent.add(new Sent("apply", command, stdin));
        if (check) return ExecResult.notRun();
        return answer(command);
    }

    @Override public void put(Path local, String remotePath) { sent.add(new Sent("put", local + " -> " + remotePath, null)); }

    @Override public void get(String remotePath, Path local) { sent.add(new Sent("get", remotePath + " -> " + local, null)); }

    @Override public <T> T fact(Fact<T> fact) { return fact.parser().apply(probe(fact.command())); }

    @Override public void invalidate(Fact<?> fact) { }
}
