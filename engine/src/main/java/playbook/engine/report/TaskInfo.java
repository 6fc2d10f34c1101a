package playbook.engine.report;

import playbook.engine.model.SourceLocation;

/** A task as reporters see it: its display name (role-prefixed as Ansible does), where it is, and whether it is a handler. */
public record TaskInfo(String name, String role, SourceLocation location, boolean handler) {
    /** "role : name" or "name", as in Ansible's TASK banner. */
    public String title() { return role == null ? name : role + " : " + name; }
}
