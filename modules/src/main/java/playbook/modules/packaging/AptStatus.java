package playbook.modules.packaging;

import playbook.engine.api.Shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What dpkg and apt know about the requested packages, from ONE probe: {@code dpkg-query -W}
 * for the installed state of every name, then (for present and latest) {@code apt-cache policy}
 * for the candidate each name would install. A name with no policy block is unknown to apt.
 */
final class AptStatus {
    /** dpkg's view of one package: its two-letter status (desired, current) and version. */
    record Dpkg(String abbrev, String version) {
        /** Installed, or installed with triggers pending (dpkg's i, W, t). */
        boolean installed() { return abbrev.length() > 1 && "iWt".indexOf(abbrev.charAt(1)) >= 0; }

        /** Something is left on disk (config files after a remove); a purge would change it. */
        boolean hasFiles() { return abbrev.length() > 1 && abbrev.charAt(1) != 'n'; }
    }

    /** apt's view: the installed and candidate versions, null for {@code (none)}. */
    record Policy(String installed, String candidate) {}

    static final String MARK = "__pb_policy";
    private static final String FORMAT = "${Package}\\t${db:Status-Abbrev}\\t${Version}\\n";

    final Map<String, Dpkg> dpkg;
    final Map<String, Policy> policy;

    private AptStatus(Map<String, Dpkg> dpkg, Map<String, Policy> policy) {
        this.dpkg = dpkg;
        this.policy = policy;
    }

    /** The probe: installed state of all names, plus the policy when {@code withPolicy}. */
    static String probe(List<String> names, boolean withPolicy) { return probe(names, withPolicy, null); }

    /** The probe, with the candidates apt would pick for {@code defaultRelease} (apt's -t) when not null. */
    static String probe(List<String> names, boolean withPolicy, String defaultRelease) {
        String words = Shell.join(names);
        String s = "export LC_ALL=C; " + query(words) + "; ";
        if (withPolicy) {
            s += "echo " + MARK + "; apt-cache " + (defaultRelease == null ? "" : "-t " + Shell.quote(defaultRelease) + " ")
                    + "policy " + words + " 2>/dev/null; ";
        }
        return s + "true";
    }

    /** dpkg-query's status lines for the (already quoted) words, errors silenced. */
    static String query(String words) {
        return "dpkg-query -W -f " + Shell.quote(FORMAT) + " " + words + " 2>/dev/null";
    }

    /** Parses the probe's stdout. */
    static AptStatus parse(String stdout) {
        Map<String, Dpkg> dpkg = new LinkedHashMap<>();
        Map<String, Policy> policy = new LinkedHashMap<>();
        boolean inPolicy = false;
        String current = null;
        String installed = null;
        for (String line : stdout.split("\n")) {
            if (line.equals(MARK)) { inPolicy = true; continue; }
            if (!inPolicy) {
                String[] f = line.split("\t", -1);
                if (f.length < 3 || f[0].isEmpty()) continue;
                Dpkg d = new Dpkg(f[1].strip(), f[2].strip());
                Dpkg prev = dpkg.get(f[0]);
                // multi-arch: one line per architecture; an installed one wins
                if (prev == null || (!prev.installed() && d.installed())) dpkg.put(f[0], d);
                continue;
            }
            if (!line.startsWith(" ") && line.endsWith(":")) {
                current = line.substring(0, line.length() - 1);
                installed = null;
            } else if (current != null && line.strip().startsWith("Installed:")) {
                installed = none(line.strip().substring("Installed:".length()).strip());
            } else if (current != null && line.strip().startsWith("Candidate:")) {
                policy.put(current, new Policy(installed, none(line.strip().substring("Candidate:".length()).strip())));
                current = null;
            }
        }
        return new AptStatus(dpkg, policy);
    }

    private static String none(String v) { return v.equals("(none)") || v.isEmpty() ? null : v; }

    Dpkg dpkg(String name) {
        Dpkg d = dpkg.get(name);
        if (d == null && name.indexOf(':') > 0) d = dpkg.get(name.substring(0, name.indexOf(':')));
        return d == null ? new Dpkg("un", null) : d;
    }

    /** apt's policy for a name, or null when apt has never heard of it. */
    Policy policy(String name) { return policy.get(name); }
}
