package playbook.modules.files;

import playbook.engine.api.Args;

/**
 * The arguments that copy and template share, read once from {@link Args}: dest, mode, owner,
 * group, directory_mode, backup, force, validate and follow. {@code mode: preserve} is resolved
 * per file by {@link #fileAttrs(Integer)}.
 */
record CopyOptions(String dest, Object mode, String owner, String group, Object directoryMode,
                   boolean backup, boolean force, String validate, boolean follow) {

    static CopyOptions of(Args args) {
        return new CopyOptions(args.str("dest"), args.get("mode"), args.str("owner"), args.str("group"),
                args.get("directory_mode"), args.bool("backup"), args.bool("force"), args.str("validate"),
                args.bool("follow"));
    }

    boolean preserve() { return "preserve".equals(String.valueOf(mode)); }

    /** Attributes for a file; {@code localMode} is the source's mode, used for {@code mode: preserve}. */
    FileAttributes fileAttrs(Integer localMode) {
        Object m = preserve() ? (localMode == null ? null : Integer.valueOf(localMode & 07777)) : mode;
        return new FileAttributes(m, owner, group);
    }

    /** Attributes for directories a recursive copy creates or visits: directory_mode, owner, group. */
    FileAttributes dirAttrs() { return new FileAttributes(directoryMode, owner, group); }

    boolean validateOk() { return validate == null || validate.contains("%s"); }
}
