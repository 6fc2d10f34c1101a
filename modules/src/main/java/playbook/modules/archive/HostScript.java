package playbook.modules.archive;

/**
 * Small POSIX sh helpers shared by the archive family's probes and applies: the kind of a
 * path, a sha256 of stdin (GNU/BusyBox {@code sha256sum}, macOS {@code shasum}, or openssl), and
 * the portable stat line that {@link playbook.modules.files.FileInfo#parse} reads.
 */
final class HostScript {
    private HostScript() {}

    /** {@code __k PATH} prints d (directory, links followed), f (anything else that exists, or a dangling link) or -. */
    static final String KIND =
            "__k() { if [ -d \"$1\" ]; then echo d; elif [ -e \"$1\" ] || [ -L \"$1\" ]; then echo f; else echo -; fi; }\n";

    /** {@code __h} prints the sha256 of its stdin in hex. */
    static final String HASH = String.join("\n",
            "__h() {",
            "  if command -v sha256sum >/dev/null 2>&1; then sha256sum | cut -d' ' -f1",
            "  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 | cut -d' ' -f1",
            "  else openssl dgst -sha256 | sed 's/^.*= *//'; fi",
            "}", "");

    /** {@code __st PATH} prints FileInfo's stat line for the path itself (no link following). */
    static final String STAT = String.join("\n",
            "if stat -c %f / >/dev/null 2>&1; then",
            "  __st() { stat -c '%f %u %g %s %Y %X %Z %h %i %d %U %G' \"$1\" 2>/dev/null; }",
            "else",
            "  __st() { stat -f '%Xp %u %g %z %m %a %c %l %i %d %Su %Sg' \"$1\" 2>/dev/null; }",
            "fi", "");

    /** The value after {@code key=} on a line of {@code out}, or null. */
    static String value(String out, String key) {
        for (String line : out.split("\n")) if (line.startsWith(key + "=")) return line.substring(key.length() + 1).trim();
        return null;
    }
}
