package playbook.modules.files;

import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;
import playbook.modules.common.RemotePath;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One portable read-only command that stats several paths: GNU coreutils and BusyBox
 * ({@code stat -c}) or BSD/macOS ({@code stat -f}), detected on the host inside the same
 * command; link targets via readlink; checksums via {@code sha1sum}-style tools, {@code shasum},
 * {@code md5 -q} or {@code openssl dgst}. The output is {@code label.key=value} lines, parsed by
 * {@link #parse}.
 */
public final class StatProbe {
    /** Algorithms the checksum helper knows. */
    public static final Set<String> ALGORITHMS = Set.of("md5", "sha1", "sha224", "sha256", "sha384", "sha512");

    static final String PRELUDE = String.join("\n",
            // bash and zsh name the system in OSTYPE: no trial stat process on Linux or macOS/BSD
            "case \"${OSTYPE:-}\" in linux*) __gnu=y;; darwin*|*bsd*) __gnu=;;"
                    + " *) if stat -c %f / >/dev/null 2>&1; then __gnu=y; else __gnu=; fi;; esac",
            "if [ -n \"$__gnu\" ]; then",
            "  __st() { stat $1 -c '%f %u %g %s %Y %X %Z %h %i %d %U %G' \"$2\" 2>/dev/null; }",
            "else",
            "  __st() { stat $1 -f '%Xp %u %g %z %m %a %c %l %i %d %Su %Sg' \"$2\" 2>/dev/null; }",
            "fi",
            "__sum() {",
            "  if command -v \"$1sum\" >/dev/null 2>&1; then \"$1sum\" < \"$2\" | { read -r __s __rest; echo \"$__s\"; }",
            "  elif [ \"$1\" = md5 ] && command -v md5 >/dev/null 2>&1; then md5 -q < \"$2\"",
            "  elif [ \"$1\" != md5 ] && command -v shasum >/dev/null 2>&1; then shasum -a \"${1#sha}\" < \"$2\" | cut -d' ' -f1",
            "  else openssl dgst -\"$1\" < \"$2\" | sed 's/^.*= *//'; fi",
            "}",
            "__real() { readlink -f \"$1\" 2>/dev/null || realpath \"$1\" 2>/dev/null; }",
            "__q() {",
            // stat's own line, or an empty one: no subshell around it
            "  printf '%s.l=' \"$1\"; __st '' \"$2\" || echo",
            "  if [ -L \"$2\" ]; then echo \"$1.target=$(readlink \"$2\")\"; echo \"$1.f=$(__st -L \"$2\")\"; echo \"$1.real=$(__real \"$2\")\"; fi",
            "  if [ -n \"$3\" ] && [ -f \"$2\" ] && [ -r \"$2\" ]; then echo \"$1.sum=$(__sum \"$3\" \"$2\")\"; fi",
            "  a=; [ -r \"$2\" ] && a=r; [ -w \"$2\" ] && a=${a}w; [ -x \"$2\" ] && a=${a}x; echo \"$1.access=$a\"",
            "}",
            "");

    /** What the probe found for one label. {@code followed} is the link's target (null unless a link). */
    public record Entry(FileInfo info, FileInfo followed, String linkTarget, String realPath, String checksum,
                        String access) {
        /** The info of what the path resolves to: the link target when it is a link, else the path itself. */
        public FileInfo resolved() { return followed != null ? followed : info; }
    }

    private final List<String> lines = new ArrayList<>();

    /** Stats {@code path} under {@code label}; {@code checksumAlgorithm} may be null. */
    public StatProbe add(String label, String path, String checksumAlgorithm) {
        if (!label.matches("[a-z0-9_]+")) throw new IllegalArgumentException(label);
        if (checksumAlgorithm != null && !ALGORITHMS.contains(checksumAlgorithm))
            throw new ModuleException("unsupported checksum algorithm '" + checksumAlgorithm + "'; use one of "
                    + String.join(", ", new java.util.TreeSet<>(ALGORITHMS)));
        lines.add("__q " + label + " " + RemotePath.word(path) + " " + (checksumAlgorithm == null ? "''" : checksumAlgorithm));
        return this;
    }

    /** The whole command. */
    public String command() {
        return PRELUDE + String.join("\n", lines) + "\n";
    }

    /** Parses the probe's stdout into one entry per label. */
    public static Map<String, Entry> parse(ExecResult er) {
        Map<String, Map<String, String>> raw = new LinkedHashMap<>();
        for (String line : er.stdout().split("\n")) {
            int dot = line.indexOf('.');
            int eq = line.indexOf('=');
            if (dot <= 0 || eq < dot) continue;
            raw.computeIfAbsent(line.substring(0, dot), k -> new LinkedHashMap<>())
                    .put(line.substring(dot + 1, eq), line.substring(eq + 1));
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        raw.forEach((label, kv) -> {
            FileInfo info = FileInfo.parse(kv.get("l"));
            FileInfo followed = kv.containsKey("f") ? FileInfo.parse(kv.get("f")) : null;
            String sum = kv.get("sum");
            out.put(label, new Entry(info, followed, kv.get("target"), kv.get("real"),
                    sum == null || sum.isBlank() ? null : sum.trim(), kv.getOrDefault("access", "")));
        });
        return out;
    }
}
