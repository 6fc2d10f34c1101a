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
        return b.arg("mode", ArgType.RAW)
                .doc("Permissions: octal (0644, quoted or with the leading 0) or symbolic (u=rw,g=r,o=r; u+x). Unchanged when omitted, or default umask for a new file.")
                .arg("owner", ArgType.STR)
                .doc("User that should own it (name or uid); changing it needs become.")
                .arg("group", ArgType.STR)
                .doc("Group that should own it (name or gid).")
                .arg("unsafe_writes", ArgType.BOOL).defaultValue(false)
                .doc("Accepted for Ansible compatibility; writes are always atomic (temp file + rename) here.")
                .arg("attributes", ArgType.STR).aliases("attr")
                .doc("chattr attributes: accepted for compatibility, not applied.")
                .arg("seuser", ArgType.STR)
                .doc("SELinux user: accepted for compatibility, not applied.")
                .arg("serole", ArgType.STR)
                .doc("SELinux role: accepted for compatibility, not applied.")
                .arg("setype", ArgType.STR)
                .doc("SELinux type: accepted for compatibility, not applied.")
                .arg("selevel", ArgType.STR)
                .doc("SELinux level: accepted for compatibility, not applied.");
    }
}
