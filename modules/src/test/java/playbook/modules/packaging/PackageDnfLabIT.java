package playbook.modules.packaging;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * package with {@code use: dnf} for real, in the lab's pi: the controller's Debian packages dnf and rpm
 * (inert here) run inside pi against pi's private rpm database, from a repository in pi's /srv/dnfrepo
 * made here with rpmbuild and createrepo_c (Debian packages rpm and createrepo-c). Lab network 20 and
 * /tmp/lab-pkgmgr unless the system properties pkgmgrlab.net and pkgmgrlab.state say otherwise (the
 * pacman test uses the same lab: run them one after the other, as JUnit does by default).
 */
class PackageDnfLabIT extends PackageManagerLabContract {
    private static final Path STATE = Path.of(System.getProperty("pkgmgrlab.state", "/tmp/lab-pkgmgr"));
    private static final String NET = System.getProperty("pkgmgrlab.net", "20");
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

    @Override PkgLab lab() { return lab; }

    @Override String use() { return "dnf"; }

    @Override String pkg() { return "pb-lab-dnf"; }

    @Override String installedAs(String v) { return "pb-lab-dnf-" + v + "-1.noarch\n"; }

    @Override String installed() throws Exception {
        return lab.pi("rpm -q pb-lab-dnf >/dev/null 2>&1 && rpm -q pb-lab-dnf || echo none");
    }

    @Override void publish(String v) throws Exception {
        lab.local(rpm(v));
        lab.pi("rm -rf /srv/dnfrepo");
        lab.scp(work.resolve("repo").toString(), "pi:/srv/dnfrepo");
        // dnf (like Ansible's dnf module without update_cache) answers from its metadata cache until it expires
        lab.pi("dnf -q makecache --refresh >/dev/null 2>&1");
    }
}
