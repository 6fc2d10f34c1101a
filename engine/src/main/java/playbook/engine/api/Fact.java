package playbook.engine.api;

import java.util.function.Function;

/**
 * A fact: a read-only command plus a pure parser of its output. The target runs the command
 * at most once per host per run (until invalidated) and caches the parsed value. Parsers are
 * unit-tested on recorded output.
 */
public record Fact<T>(String name, String command, Function<ExecResult, T> parser) {
}
