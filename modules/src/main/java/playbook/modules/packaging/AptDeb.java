package playbook.modules.packaging;

import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;
import playbook.modules.net.Download;

import java.util.Locale;

/**
 * apt's {@code deb}: a .deb file on the host, or a URL the host downloads first (with get_url's HTTP
 * code) into a private temp dir. One probe reads the file's Package and Version ({@code dpkg-deb -f})
 * and what dpkg has installed of that package; the same version installed means nothing to do (Ansible
 * compares versions the same way). Otherwise {@code apt-get install /path/to/file.deb}: dpkg installs
 * the file and apt resolves its dependencies, in check mode as {@code apt-get -s}.
 */
final class AptDeb {
    private AptDeb() {}

    static final String FIELDS = "__pb_deb";

    /** What the .deb says about itself. */
    record Control(String pkg, String version, String arch) {}

    static Result install(Target target, AptModule.Request rq) {
        String deb = rq.deb();
        String lower = deb.toLowerCase(Locale.ROOT);
        String tmpDir = null;
        String path = deb;
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            ExecResult mk = target.probe("mktemp -d \"${TMPDIR:-/tmp}/.playbook-deb-XXXXXXXX\"");
            if (!mk.ok() || mk.stdout().isBlank()) {
                return Result.failed("apt: can't make a temp dir for the download on " + target.host() + ": "
                        + mk.stderr().strip());
            }
            tmpDir = mk.stdout().strip();
            path = tmpDir + "/" + fileName(deb);
        } else if (!deb.contains("/")) {
            path = "./" + deb; // apt-get takes a word as a file only when it has a slash
        }
        try {
            if (tmpDir != null) Download.toFile(target, "apt", deb, Shell.quote(path), 30);
            return installFile(target, rq, path, deb);
        } finally {
            if (tmpDir != null) target.probe("rm -rf " + Shell.quote(tmpDir));
        }
    }

    private static Result installFile(Target target, AptModule.Request rq, String path, String shown) {
        ExecResult p = target.probe(probe(path));
        Control c = parseControl(p.stdout());
        if (c == null) {
            String why = p.stderr().strip().isEmpty() ? "not a Debian package (dpkg-deb -f found no Package/Version)"
                    : p.stderr().strip().replace('\n', ' ');
            return Result.failed("apt: can't read the .deb " + shown + " on " + target.host() + ": " + why);
        }
        int at = p.stdout().indexOf(AptStatus.MARK + "\n");
        AptStatus st = AptStatus.parse(at < 0 ? "" : p.stdout().substring(at + AptStatus.MARK.length() + 1));
        AptStatus.Dpkg d = st.dpkg(c.pkg());
        if (d.installed() && c.version().equals(d.version())) {
            return Result.ok().put("stdout", "").put("stderr", "");
        }
        Result r = AptModule.aptGet(target, rq, "install " + Shell.quote(path));
        if (!r.isFailed() && target.diffMode()) {
            r.diff("installed packages (before)", c.pkg() + " " + (d.installed() ? d.version() : "(not installed)") + "\n",
                    "installed packages (after)", c.pkg() + " " + c.version() + "\n");
        }
        return r;
    }

    /** The .deb's fields, then (after a marker) dpkg's status of that package. */
    static String probe(String path) {
        String f = Shell.quote(path);
        return "export LC_ALL=C; [ -f " + f + " ] || { echo 'no such file: '" + f + " >&2; exit 0; }; "
                + "__p=$(dpkg-deb -f " + f + " Package) && [ -n \"$__p\" ] || exit 0; echo " + FIELDS + "; "
                + "dpkg-deb -f " + f + " Package Version Architecture; echo " + AptStatus.MARK + "; "
                + AptStatus.query("\"$__p\"") + "; true";
    }

    /** The fields printed by {@link #probe}, or null when the file gave none. */
    static Control parseControl(String stdout) {
        int s = stdout.indexOf(FIELDS + "\n");
        if (s < 0) return null;
        String pkg = null, version = null, arch = null;
        for (String line : stdout.substring(s + FIELDS.length() + 1).split("\n")) {
            if (line.equals(AptStatus.MARK)) break;
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String v = line.substring(colon + 1).strip();
            switch (line.substring(0, colon)) {
                case "Package" -> pkg = v;
                case "Version" -> version = v;
                case "Architecture" -> arch = v;
                default -> { }
            }
        }
        if (pkg == null || pkg.isEmpty() || version == null || version.isEmpty()) return null;
        return new Control(pkg, version, arch);
    }

    /** The URL's last path segment when it ends in .deb (apt-get wants that), else package.deb. */
    static String fileName(String url) {
        String p;
        try {
            p = new java.net.URI(url).getPath();
        } catch (java.net.URISyntaxException e) {
            throw new ModuleException("apt: deb is not a valid URL: " + url);
        }
        String name = p == null ? "" : p.substring(p.lastIndexOf('/') + 1);
        return name.endsWith(".deb") && name.matches("[A-Za-z0-9._+~%-]+") ? name : "package.deb";
    }
}
