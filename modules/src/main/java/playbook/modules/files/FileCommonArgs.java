package playbook.modules.files;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;

/**
 * The file attribute arguments Ansible adds to every file-writing module
 * ({@code add_file_common_args}): mode, owner, group, unsafe_writes, attributes and the SELinux
 * context (accepted; warned about where unsupported). Declared once here.
 */
public final class FileCommonArgs {
    private FileCommonArgs() {}

    public static ArgSpec.Builder add(ArgSpec.Builder b) {
        b.arg("mode", ArgType.RAW)
                .doc("Permissions: octal (0644, quoted or with the leading 0) or symbolic (u=rw,g=r,o=r; u+x). Unchanged when omitted, or default umask for a new file.")
                .arg("owner", ArgType.STR)
                .doc("User that should own it (name or uid); changing it needs become.")
                .arg("group", ArgType.STR)
                .doc("Group that should own it (name or gid).");
        return attributes(b, false);
    }

    /**
     * unsafe_writes, attributes and the SELinux context: accepted for compatibility and not
     * applied; {@code warns}: the module warns when one is given (file, template).
     */
    public static ArgSpec.Builder attributes(ArgSpec.Builder b, boolean warns) {
        String notApplied = warns ? "not supported, ignored with a warning." : "accepted for compatibility, not applied.";
        return b.arg("unsafe_writes", ArgType.BOOL).defaultValue(false)
                .doc("Accepted for Ansible compatibility; writes are always atomic (temp file + rename) here.")
                .arg("attributes", ArgType.STR).aliases("attr")
                .doc("chattr attributes: " + notApplied)
                .arg("seuser", ArgType.STR)
                .doc("SELinux user: " + notApplied)
                .arg("serole", ArgType.STR)
                .doc("SELinux role: " + notApplied)
                .arg("setype", ArgType.STR)
                .doc("SELinux type: " + notApplied)
                .arg("selevel", ArgType.STR)
                .doc("SELinux level: " + notApplied);
    }
}
