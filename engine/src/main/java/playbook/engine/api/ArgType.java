package playbook.engine.api;

/** Argument types, converted the way Ansible's argument_spec converts them. */
public enum ArgType {
    /** A string; numbers and booleans are turned into their text. */
    STR,
    /** A string path; a leading {@code ~} is left for the remote shell to expand. */
    PATH,
    /** An integer; numeric strings are parsed. */
    INT,
    /** A number; numeric strings are parsed. */
    FLOAT,
    /** yes/no/true/false/on/off/1/0 in any case. */
    BOOL,
    /** A list; a comma-separated string is split. */
    LIST,
    /** A mapping; a {@code k=v k2=v2} string is parsed. */
    DICT,
    /** Anything, passed through unchanged (e.g. {@code mode}, which may be int or string). */
    RAW
}
