package playbook.modules.packaging;

import playbook.engine.ModuleException;

import java.util.ArrayList;
import java.util.List;

/**
 * One requested package: a name and, for apt, an optional {@code =version} (a glob, as Ansible's
 * apt module matches it). Names are checked before any command is built: a name starting with
 * {@code -} would be read as an option by every package tool, so it is refused.
 */
public record PackageSpec(String name, String version) {

    /** The word handed to the package tool: {@code name} or {@code name=version}. */
    public String word() { return version == null ? name : name + "=" + version; }

    /**
     * Parses the {@code name} argument (already a list; a comma string was split by ArgSpec).
     * {@code allowVersion} is true for apt, whose tool understands {@code name=version}.
     */
    public static List<PackageSpec> parse(String module, List<String> raw, boolean allowVersion) {
        List<PackageSpec> out = new ArrayList<>();
        for (String r : raw) {
            String s = r == null ? "" : r.strip();
            if (s.isEmpty()) throw new ModuleException("module " + module + ": name contains an empty package name");
            if (s.startsWith("-")) {
                throw new ModuleException("module " + module + ": invalid package name '" + s
                        + "': a name starting with '-' would be read as an option");
            }
            String namePart = s.indexOf('=') < 0 ? s : s.substring(0, s.indexOf('='));
            if (s.chars().anyMatch(Character::isWhitespace)
                    || namePart.chars().anyMatch(c -> c == '*' || c == '?' || c == '[')) {
                throw new ModuleException("module " + module + ": invalid package name '" + s
                        + "': whitespace and wildcards (*, ?, [) are not supported; list each package by name");
            }
            if (s.contains(">=") || s.contains("<=") || s.contains("<") || s.contains(">")) {
                throw new ModuleException("module " + module + ": version comparisons are not supported in '" + s
                        + "'; use name=version");
            }
            int eq = s.indexOf('=');
            if (eq < 0) { out.add(new PackageSpec(s, null)); continue; }
            if (!allowVersion) {
                throw new ModuleException("module " + module + ": '" + s + "': name=version is only supported with apt");
            }
            if (s.indexOf('=', eq + 1) >= 0 || eq == 0 || eq == s.length() - 1) {
                throw new ModuleException("invalid package spec: " + s);
            }
            out.add(new PackageSpec(s.substring(0, eq), s.substring(eq + 1)));
        }
        return out;
    }

    /** True when the installed version matches the requested one ({@code *} and {@code ?} as in fnmatch). */
    public boolean versionMatches(String installed) {
        if (version == null) return true;
        if (installed == null) return false;
        StringBuilder re = new StringBuilder();
        for (char c : version.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return installed.matches(re.toString());
    }
}
