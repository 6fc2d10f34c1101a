package playbook.engine.model;

/** Where something was written: file, 1-based line and column. Printed as {@code file:line:col}. */
public record SourceLocation(String file, int line, int column) {
    public static final SourceLocation UNKNOWN = new SourceLocation("<unknown>", 0, 0);

    @Override public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
