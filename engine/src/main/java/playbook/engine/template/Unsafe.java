package playbook.engine.template;

/**
 * A value that must never be templated again, like Ansible's AnsibleUnsafe: registered results
 * and facts whose text may contain "{{". Build it with {@link Templar#unsafe(Object)}.
 */
public record Unsafe(Object value) {}
