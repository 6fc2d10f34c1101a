package playbook.modules.packaging;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Shell;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The package managers {@code package} drives other than apt (which has its own module): for
 * each, the read-only checks (which names are installed, which are outdated), the parsers of
 * their output, the commands that change state, and the pattern its error names a missing
 * package with. Every command line and parser here is covered by a FakeTarget test.
 */
enum PackageManager {
    // the order is the detection order of the setup module's pkg_mgr fact (FactsScript);
    // columns: tool, install (present), upgrade (latest), remove (absent), how an error names a missing package
    DNF("dnf", "dnf -y install", "dnf -y upgrade", "dnf -y remove", "No match for argument: (\\S+)"),
    YUM("yum", "yum -y install", "yum -y upgrade", "yum -y remove", "No package (\\S+) available"),
    APK("apk", "apk add", "apk add -u", "apk del", "(?m)^\\s*(\\S+) \\(no such package\\)"),
    PACMAN("pacman", "pacman -S --noconfirm --needed", "pacman -S --noconfirm --needed", "pacman -R --noconfirm",
            "target not found: (\\S+)"),
    ZYPPER("zypper", "zypper -n in", "zypper -n up", "zypper -n rm", "No provider of '([^']+)' found"),
    BREW("brew", "brew install", "brew upgrade", "brew uninstall", "No available formula with the name \"([^\"]+)\"");

    final String tool;
    private final String install;
    private final String upgrade;
    private final String remove;
    private final Pattern missing;

    PackageManager(String tool, String install, String upgrade, String remove, String missing) {
        this.tool = tool;
        this.install = install;
        this.upgrade = upgrade;
        this.remove = remove;
        this.missing = Pattern.compile(missing);
    }

    static PackageManager of(String tool) {
        for (PackageManager m : values()) if (m.tool.equals(tool)) return m;
        return null;
    }

    /** Lists the installed ones among {@code names}. */
    String installedProbe(List<String> names) {
        String w = Shell.join(names);
        return "export LC_ALL=C; " + switch (this) {
            case DNF, YUM, ZYPPER -> "rpm -q --qf '%{NAME}\\n' " + w + " 2>/dev/null";
            case APK -> "apk info -e " + w + " 2>/dev/null";
            case PACMAN -> "pacman -Q " + w + " 2>/dev/null";
            case BREW -> "brew list --versions " + w + " 2>/dev/null";
        } + "; true";
    }

    /** Installed names: the first word of each line that names a requested package. */
    Set<String> parseInstalled(String stdout, List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : stdout.split("\n")) {
            String first = line.strip().split("\\s+")[0];
            for (String n : names) if (first.equals(n) || first.equals(shortName(n))) out.add(n);
        }
        return out;
    }

    /** Lists which of the (installed) {@code names} have a newer version available. */
    String outdatedProbe(List<String> names) {
        String w = Shell.join(names);
        return "export LC_ALL=C; " + switch (this) {
            // check-update exits 100 when updates exist, 1 on error
            case DNF, YUM -> tool + " -q check-update " + w + "; rc=$?; [ $rc -eq 100 ] && exit 0; exit $rc";
            case ZYPPER -> "zypper -n -q list-updates";
            case APK -> "apk add -s -u " + w;
            case PACMAN -> "pacman -Qu " + w + "; [ $? -le 1 ]";
            case BREW -> "brew outdated --quiet " + w + "; true";
        };
    }

    /** Names with an update, from {@link #outdatedProbe}'s stdout. */
    Set<String> parseOutdated(String stdout, List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : stdout.split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) continue;
            String candidate = switch (this) {
                case DNF, YUM -> {
                    String[] f = l.split("\\s+");
                    if (f.length < 3 || f[0].lastIndexOf('.') <= 0) yield null;
                    yield f[0].substring(0, f[0].lastIndexOf('.'));
                }
                case ZYPPER -> {
                    String[] f = l.split("\\s*\\|\\s*");
                    yield f.length >= 5 && f[0].equals("v") ? f[2] : null;
                }
                case APK -> {
                    Matcher m = APK_UPGRADE.matcher(l);
                    yield m.find() ? m.group(1) : null;
                }
                case PACMAN, BREW -> l.split("\\s+")[0];
            };
            if (candidate == null) continue;
            for (String n : names) if (candidate.equals(n) || candidate.equals(shortName(n))) out.add(n);
        }
        return out;
    }

    private static final Pattern APK_UPGRADE = Pattern.compile("^\\(\\d+/\\d+\\) Upgrading (\\S+) ");

    /** Installs the names (present). */
    String install(List<String> names) { return run(install, names); }

    /** Upgrades installed names to the newest version (latest). */
    String upgrade(List<String> names) { return run(upgrade, names); }

    /**
     * A run of the install for check mode that changes no package, so that a missing package fails there
     * too: pacman's {@code --print}; dnf's {@code --assumeno}, which always exits 1 ("Operation aborted"),
     * so only its missing-package line counts as a failure. Null for the tools without one here.
     */
    String simulateInstall(List<String> names) {
        return switch (this) {
            case PACMAN -> run("pacman -S --print --noconfirm --needed", names);
            case DNF -> "export LC_ALL=C; __o=$(dnf --assumeno install " + Shell.join(names) + " 2>&1); printf '%s\\n' \"$__o\"; "
                    + "case \"$__o\" in *'No match for argument'*) exit 1 ;; esac; exit 0";
            default -> null;
        };
    }

    /** Removes the names (absent). */
    String remove(List<String> names) { return run(remove, names); }

    private static String run(String cmd, List<String> names) {
        return "export LC_ALL=C; " + cmd + " " + Shell.join(names);
    }

    /** The package a failed install names as missing, or null. */
    String missing(ExecResult e) {
        Matcher m = missing.matcher(e.stderr() + "\n" + e.stdout());
        return m.find() ? m.group(1) : null;
    }

    /** A tap-qualified brew name (user/tap/formula) is listed by its last part. */
    private static String shortName(String n) {
        int slash = n.lastIndexOf('/');
        return slash < 0 ? n : n.substring(slash + 1);
    }

    /** The tools {@code package} looks for, in order; the first found is the host's manager. */
    static List<String> detectionOrder() {
        List<String> l = new ArrayList<>(List.of("apt-get"));
        for (PackageManager m : values()) l.add(m.tool);
        return l;
    }
}
