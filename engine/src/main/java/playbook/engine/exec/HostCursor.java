package playbook.engine.exec;

import playbook.engine.graph.CompiledBlock;
import playbook.engine.graph.CompiledTask;
import playbook.engine.graph.Node;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * One host's position in a play: an explicit state machine over nested blocks with their
 * block, rescue and always sections (Ansible's PlayIterator, per host). A failure moves the
 * innermost block to its rescue (or always) section; a failure that leaves the outermost
 * block fails the host.
 */
final class HostCursor {
    private enum Section { BLOCK, RESCUE, ALWAYS }

    private static final class Frame {
        final CompiledBlock block;
        Section section = Section.BLOCK;
        int index;
        boolean failed;

        Frame(CompiledBlock block) { this.block = block; }

        List<Node> list() {
            return switch (section) {
                case BLOCK -> block.block();
                case RESCUE -> block.rescue();
                case ALWAYS -> block.always();
            };
        }
    }

    private final Deque<Frame> stack = new ArrayDeque<>();
    private boolean hostFailed;

    HostCursor(CompiledBlock root) {
        stack.push(new Frame(root));
    }

    /** The next task to run, or null when the host is done with the play. */
    CompiledTask next() {
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            List<Node> list = f.list();
            if (f.index < list.size()) {
                Node n = list.get(f.index++);
                if (n instanceof CompiledBlock b) {
                    stack.push(new Frame(b));
                    continue;
                }
                return (CompiledTask) n;
            }
            switch (f.section) {
                case BLOCK -> enter(f, Section.ALWAYS);
                case RESCUE -> { f.failed = false; enter(f, Section.ALWAYS); }
                case ALWAYS -> {
                    stack.pop();
                    if (f.failed) propagate();
                }
            }
        }
        return null;
    }

    /** Runs these tasks next (an include_tasks / include_role expansion). */
    void insert(CompiledBlock included) {
        stack.push(new Frame(included));
    }

    /** True when a failure now would be rescued by an enclosing block (Ansible counts it as rescued). */
    boolean wouldRescue() {
        for (Frame f : stack) {
            if (f.section == Section.BLOCK && !f.block.rescue().isEmpty()) return true;
        }
        return false;
    }

    /** The task just returned by {@link #next()} failed (and errors were not ignored). */
    void fail() {
        Frame f = stack.peek();
        if (f == null) { hostFailed = true; return; }
        switch (f.section) {
            case BLOCK -> {
                f.failed = true;
                enter(f, f.block.rescue().isEmpty() ? Section.ALWAYS : Section.RESCUE);
            }
            case RESCUE -> { f.failed = true; enter(f, Section.ALWAYS); }
            case ALWAYS -> {
                f.failed = true;
                f.index = f.list().size();
            }
        }
    }

    /** Clears an unrescued failure (meta: clear_host_errors). */
    void clearFailure() { hostFailed = false; }

    /** Ends the host's play now (meta: end_host, end_play, unreachable). */
    void end() { stack.clear(); }

    /** True when a failure escaped the outermost block. */
    boolean failed() { return hostFailed; }

    private void propagate() {
        if (stack.isEmpty()) { hostFailed = true; return; }
        fail();
    }

    private static void enter(Frame f, Section s) {
        f.section = s;
        f.index = 0;
    }
}
