package playbook.engine.graph;

/** A node of the compiled task graph: a task or a block. Immutable once compiled. */
public sealed interface Node permits CompiledTask, CompiledBlock {
}
