package playbook.engine.connection;

/**
 * Receives the lines a running command prints, as they arrive (for -v live output). Called from
 * the threads that drain the command's streams: one call at a time per stream, stdout and stderr
 * possibly at once. A line is given without its line end; a last line without one comes at EOF.
 */
@FunctionalInterface
public interface LineListener {
    void line(String text, boolean stderr);
}
