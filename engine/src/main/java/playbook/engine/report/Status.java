package playbook.engine.report;

/** Outcome of one task on one host (or one loop item). */
public enum Status { OK, CHANGED, FAILED, SKIPPED, UNREACHABLE }
