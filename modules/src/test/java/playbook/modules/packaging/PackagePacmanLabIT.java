package playbook.modules.packaging;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * package with {@code use: pacman} for real, in the lab's pi: the controller's Debian package
 * pacman-package-manager (inert here) runs inside pi against pi's private /etc/pacman.conf and
 * /var/lib/pacman, from a local repository in pi's /srv/pacrepo. The packages are tars with a
 * .PKGINFO made here; the sync database is written by this test in repo-add's format, because
 * repo-add needs bsdtar (libarchive-tools), which this machine does not have. Lab network 20 and
 * /tmp/lab-pkgmgr unless the system properties pkgmgrlab.net and pkgmgrlab.state say otherwise.
 */
class PackagePacmanLabIT extends PackageManagerLabContract {
    private static final Path STATE = Path.of(System.getProperty("pkgmgrlab.state", "/tmp/lab-pkgmgr"));
    private static final String NET = System.getProperty("pkgmgrlab.net", "20");
    private static Path work;
    private static PkgLab lab;

    /** Builds NAME-VERSION-1-any.pkg.tar.gz in repo/. */
    private static String pkg(String v) {
        String d = "pkg-" + v;
        return "mkdir -p repo " + d + "/usr/share/pb-lab-pac && echo 'hello " + v + "' > " + d + "/usr/share/pb-lab-pac/hello.txt"
                + " && printf '%s\\n' 'pkgname = pb-lab-pac' 'pkgbase = pb-lab-pac' 'pkgver = " + v + "-1'"
                + " 'pkgdesc = playbook lab test package' 'builddate = 1700000000' 'packager = lab' 'size = 10' 'arch = any'"
                + " > " + d + "/.PKGINFO && tar -C " + d + " -czf repo/pb-lab-pac-" + v + "-1-any.pkg.tar.gz .PKGINFO usr";
    }

    /** The sync database pblab.db listing only pb-lab-pac VERSION, as repo-add would write it. */
    private static String db(String v) {
        String f = "pb-lab-pac-" + v + "-1-any.pkg.tar.gz";
        String entry = "db/pb-lab-pac-" + v + "-1";
        return "cd repo && rm -rf db && mkdir -p " + entry + " && printf '%%FILENAME%%\\n%s\\n\\n%%NAME%%\\npb-lab-pac\\n\\n"
                + "%%VERSION%%\\n%s\\n\\n%%CSIZE%%\\n%s\\n\\n%%SHA256SUM%%\\n%s\\n\\n%%ARCH%%\\nany\\n\\n' " + f + " " + v + "-1"
                + " \"$(stat -c %s " + f + ")\" \"$(sha256sum " + f + " | cut -d' ' -f1)\" > " + entry + "/desc"
                + " && (cd db && tar -czf ../pblab.db pb-lab-pac-" + v + "-1)";
    }

    @BeforeAll
    static void up() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PkgLab.ROOT.resolve("lab/up")), "lab/ not found from " + PkgLab.ROOT);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the lab needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "openssh-server is not installed");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/pacman")), "pacman-package-manager is not installed");
        work = Files.createTempDirectory("pb-pacman-it");
        lab = new PkgLab(NET, STATE, work);
        lab.local(pkg("1.0") + " && " + db("1.0"));
        assertEquals(0, lab.up());
        lab.pi("mkdir -p /srv/pacrepo /var/lib/pacman");
        lab.scp(work.resolve("repo/pblab.db").toString(), "pi:/srv/pacrepo/");
        lab.scp(work.resolve("repo/pb-lab-pac-1.0-1-any.pkg.tar.gz").toString(), "pi:/srv/pacrepo/");
        // pi only (its overlay): a pacman.conf with the local repository and nothing else
        lab.pi("printf '%s\\n' '[options]' 'Architecture = auto' 'SigLevel = Never' 'LocalFileSigLevel = Never' "
                + "'[pblab]' 'Server = file:///srv/pacrepo' > /etc/pacman.conf && pacman -Sy >/dev/null");
    }

    @AfterAll
    static void down() throws Exception {
        if (Files.exists(STATE)) assertEquals(0, lab.lab("down"), "lab/down must leave nothing behind");
        if (work != null) PkgLab.exec(java.util.List.of("rm", "-rf", work.toString()), null);
    }

    @Override PkgLab lab() { return lab; }

    @Override String use() { return "pacman"; }

    @Override String pkg() { return "pb-lab-pac"; }

    @Override String installedAs(String v) { return "pb-lab-pac " + v + "-1\n"; }

    @Override String installed() throws Exception {
        return lab.pi("pacman -Q pb-lab-pac 2>/dev/null || echo none");
    }

    @Override void publish(String v) throws Exception {
        lab.local(pkg(v) + " && " + db(v));
        lab.scp(work.resolve("repo/pb-lab-pac-" + v + "-1-any.pkg.tar.gz").toString(), "pi:/srv/pacrepo/");
        lab.scp(work.resolve("repo/pblab.db").toString(), "pi:/srv/pacrepo/");
        lab.pi("pacman -Sy >/dev/null");
    }
}
