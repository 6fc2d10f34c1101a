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
 * package with {@code use: dnf} for real, in the lab's pi: the controller's Debian packages dnf and rpm
 * (inert here) run inside pi against pi's private rpm database, from a repository in pi's /srv/dnfrepo
 * made here with rpmbuild and createrepo_c (Debian packages rpm and createrepo-c). Lab network 20 and
 * /tmp/lab-pkgmgr unless the system properties pkgmgrlab.net and pkgmgrlab.state say otherwise (the
 * pacman test uses the same lab: run them one after the other, as JUnit does by default).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageDnfLabIT {
    private static final Path STATE = Path.of(System.getProperty("pkgmgrlab.state", "/tmp/lab-pkgmgr"));
    private static final String NET = System.getProperty("pkgmgrlab.net", "20");
    private static final String FILE = "/usr/share/pb-lab-dnf/hello.txt";
    private static Path work;
    private static PkgLab lab;

    private static final String SPEC = String.join("\n", "Name: pb-lab-dnf", "Version: %{pbver}", "Release: 1",
            "Summary: playbook lab test package", "License: MIT", "BuildArch: noarch", "%description", "playbook lab test package",
            "%install", "mkdir -p %{buildroot}/usr/share/pb-lab-dnf",
            "echo 'hello %{pbver}' > %{buildroot}/usr/share/pb-lab-dnf/hello.txt", "%files", "/usr/share/pb-lab-dnf/hello.txt", "");

    /** Builds pb-lab-dnf-VERSION-1.noarch.rpm into repo/ and indexes repo/ again. */
    private static String rpm(String v) {
        return "mkdir -p repo && rpmbuild -bb --quiet --define \"_topdir $PWD/top\" --define 'pbver " + v + "' pb.spec >/dev/null"
                + " && cp top/RPMS/noarch/pb-lab-dnf-" + v + "-1.noarch.rpm repo/ && createrepo_c -q --update repo";
    }

    @BeforeAll
    static void up() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PkgLab.ROOT.resolve("lab/up")), "lab/ not found from " + PkgLab.ROOT);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the lab needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "openssh-server is not installed");
        for (String tool : new String[] {"dnf", "rpmbuild", "createrepo_c"})
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/" + tool)), tool + " is not installed");
        work = Files.createTempDirectory("pb-dnf-it");
        lab = new PkgLab(NET, STATE, work);
        Files.writeString(work.resolve("pb.spec"), SPEC);
        lab.local(rpm("1.0"));
        assertEquals(0, lab.up());
        lab.scp(work.resolve("repo").toString(), "pi:/srv/dnfrepo");
        // pi only (its overlay): the local repository, no signature check (the test package is unsigned)
        lab.pi("mkdir -p /etc/yum.repos.d && printf '%s\\n' '[pblab]' 'name=pblab' 'baseurl=file:///srv/dnfrepo' "
                + "'gpgcheck=0' 'enabled=1' > /etc/yum.repos.d/pblab.repo");
    }

    @AfterAll
    static void down() throws Exception {
        if (Files.exists(STATE)) assertEquals(0, lab.lab("down"), "lab/down must leave nothing behind");
        if (work != null) PkgLab.exec(java.util.List.of("rm", "-rf", work.toString()), null);
    }

    private static String installed() throws Exception {
        return lab.pi("rpm -q pb-lab-dnf >/dev/null 2>&1 && rpm -q pb-lab-dnf || echo none");
    }

    @Test @Order(1)
    void presentInstallsOnceAndCheckModeInstallsNothing() throws Exception {
        String task = "package: name=pb-lab-dnf state=present use=dnf";
        assertRecap(lab.play(task, "-C"), "0", 1, 1);
        assertEquals("none\n", installed(), "check mode installs nothing");
        assertRecap(lab.play(task), "0", 1, 1);
        assertEquals("pb-lab-dnf-1.0-1.noarch\n", installed());
        assertEquals("hello 1.0\n", lab.pi("cat " + FILE));
        assertRecap(lab.play(task), "0", 1, 0);
    }

    @Test @Order(2)
    void latestUpgradesOnlyWhenTheRepositoryHasANewerVersion() throws Exception {
        assertRecap(lab.play("package: name=pb-lab-dnf state=latest use=dnf"), "0", 1, 0);
        lab.local(rpm("1.1"));
        lab.pi("rm -rf /srv/dnfrepo");
        lab.scp(work.resolve("repo").toString(), "pi:/srv/dnfrepo");
        // dnf (like Ansible's dnf module without update_cache) answers from its metadata cache until it expires
        lab.pi("dnf -q makecache --refresh >/dev/null 2>&1");
        assertRecap(lab.play("package: name=pb-lab-dnf state=present use=dnf"), "0", 1, 0);
        assertRecap(lab.play("package: name=pb-lab-dnf state=latest use=dnf", "-C"), "0", 1, 1);
        assertEquals("hello 1.0\n", lab.pi("cat " + FILE), "check mode upgrades nothing");
        String[] r = lab.play("package:\n        name: pb-lab-dnf\n        state: latest\n        use: dnf\n      register: r\n"
                + "    - assert:\n        that: [r.use == 'dnf']");
        assertRecap(r, "0", 2, 1);
        assertEquals("pb-lab-dnf-1.1-1.noarch\n", installed());
        assertEquals("hello 1.1\n", lab.pi("cat " + FILE));
        assertRecap(lab.play("package: name=pb-lab-dnf state=latest use=dnf"), "0", 1, 0);
    }

    @Test @Order(3)
    void absentRemovesOnceAndCheckModeRemovesNothing() throws Exception {
        String task = "package: name=pb-lab-dnf state=absent use=dnf";
        assertRecap(lab.play(task, "-C"), "0", 1, 1);
        assertEquals("pb-lab-dnf-1.1-1.noarch\n", installed());
        assertRecap(lab.play(task), "0", 1, 1);
        assertEquals("none\n", installed());
        assertEquals("gone\n", lab.pi("[ -e " + FILE + " ] || echo gone"));
        assertRecap(lab.play(task), "0", 1, 0);
    }

    @Test @Order(4)
    void aMissingPackageFailsNamingItAndTheHostInCheckModeToo() throws Exception {
        for (String mode : new String[] {"-v", "-C"}) {
            String[] r = lab.play("package: name=nosuchdnf state=present use=dnf", mode);
            assertEquals("2", r[0], r[1] + r[2]);
            assertTrue(r[1].contains("No package matching 'nosuchdnf' is available (pi)"), mode + ":\n" + r[1]);
        }
    }
}
