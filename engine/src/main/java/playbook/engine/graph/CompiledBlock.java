package playbook.engine.graph;

import playbook.engine.model.SourceLocation;

import java.util.List;

/**
 * A block with its rescue and always sections, already compiled. Plain task lists (a play's
 * tasks, an import) are blocks with empty rescue and always.
 */
public record CompiledBlock(String name, List<Node> block, List<Node> rescue, List<Node> always,
                            SourceLocation location) implements Node {
    public static CompiledBlock of(List<Node> tasks, SourceLocation location) {
        return new CompiledBlock(null, List.copyOf(tasks), List.of(), List.of(), location);
    }
}
