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
                .arg("owner", ArgType.STR)
                .arg("group", ArgType.STR)
                .arg("unsafe_writes", ArgType.BOOL).defaultValue(false)
                .arg("attributes", ArgType.STR).aliases("attr")
                .arg("seuser", ArgType.STR).arg("serole", ArgType.STR).arg("setype", ArgType.STR).arg("selevel", ArgType.STR);
    }
}
