package playbook.modules.packaging;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static playbook.modules.packaging.PkgLab.assertRecap;

/**
 * package with {@code use: pacman} for real, in the lab's pi: the controller's Debian package
 * pacman-package-manager (inert here) runs inside pi against pi's private /etc/pacman.conf and
 * /var/lib/pacman, from a local repository in pi's /srv/pacrepo. The packages are tars with a
 * .PKGINFO made here; the sync database is written by this test in repo-add's format, because
 * repo-add needs bsdtar (libarchive-tools), which this machine does not have. Lab network 20 and
 * /tmp/lab-pkgmgr unless the system properties pkgmgrlab.net and pkgmgrlab.state say otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackagePacmanLabIT {
    private static final Path STATE = Path.of(System.getProperty("pkgmgrlab.state", "/tmp/lab-pkgmgr"));
    private static final String NET = System.getProperty("pkgmgrlab.net", "20");
    private static final String FILE = "/usr/share/pb-lab-pac/hello.txt";
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

    private static String installed() throws Exception {
        return lab.pi("pacman -Q pb-lab-pac 2>/dev/null || echo none");
    }

    @Test @Order(1)
    void presentInstallsOnceAndCheckModeInstallsNothing() throws Exception {
        String task = "package: name=pb-lab-pac state=present use=pacman";
        assertRecap(lab.play(task, "-C"), "0", 1, 1);
        assertEquals("none\n", installed(), "check mode installs nothing");
        assertRecap(lab.play(task), "0", 1, 1);
        assertEquals("pb-lab-pac 1.0-1\n", installed());
        assertEquals("hello 1.0\n", lab.pi("cat " + FILE));
        assertRecap(lab.play(task), "0", 1, 0);
    }

    @Test @Order(2)
    void latestUpgradesOnlyWhenTheRepositoryHasANewerVersion() throws Exception {
        assertRecap(lab.play("package: name=pb-lab-pac state=latest use=pacman"), "0", 1, 0);
        lab.local(pkg("1.1") + " && " + db("1.1"));
        lab.scp(work.resolve("repo/pb-lab-pac-1.1-1-any.pkg.tar.gz").toString(), "pi:/srv/pacrepo/");
        lab.scp(work.resolve("repo/pblab.db").toString(), "pi:/srv/pacrepo/");
        lab.pi("pacman -Sy >/dev/null");
        assertRecap(lab.play("package: name=pb-lab-pac state=present use=pacman"), "0", 1, 0);
        assertRecap(lab.play("package: name=pb-lab-pac state=latest use=pacman", "-C"), "0", 1, 1);
        assertEquals("hello 1.0\n", lab.pi("cat " + FILE), "check mode upgrades nothing");
        String[] r = lab.play("package:\n        name: pb-lab-pac\n        state: latest\n        use: pacman\n      register: r\n"
                + "    - assert:\n        that: [r.use == 'pacman']");
        assertRecap(r, "0", 2, 1);
        assertEquals("pb-lab-pac 1.1-1\n", installed());
        assertEquals("hello 1.1\n", lab.pi("cat " + FILE));
        assertRecap(lab.play("package: name=pb-lab-pac state=latest use=pacman"), "0", 1, 0);
    }

    @Test @Order(3)
    void absentRemovesOnceAndCheckModeRemovesNothing() throws Exception {
        String task = "package: name=pb-lab-pac state=absent use=pacman";
        assertRecap(lab.play(task, "-C"), "0", 1, 1);
        assertEquals("pb-lab-pac 1.1-1\n", installed());
        assertRecap(lab.play(task), "0", 1, 1);
        assertEquals("none\n", installed());
        assertEquals("gone\n", lab.pi("[ -e " + FILE + " ] || echo gone"));
        assertRecap(lab.play(task), "0", 1, 0);
    }

    @Test @Order(4)
    void aMissingPackageFailsNamingItAndTheHostInCheckModeToo() throws Exception {
        for (String mode : new String[] {"-v", "-C"}) {
            String[] r = lab.play("package: name=nosuchpac state=present use=pacman", mode);
            assertEquals("2", r[0], r[1] + r[2]);
            assertTrue(r[1].contains("No package matching 'nosuchpac' is available (pi)"), mode + ":\n" + r[1]);
        }
    }
}
