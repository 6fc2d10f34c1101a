package playbook.modules.packaging;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * apt and package for real, over SSH, in the lab's pi (its overlay root keeps installs private
 * to pi). A tiny .deb built here with dpkg-deb is served from a flat repository in pi's
 * /srv/repo; pi's other apt sources are moved aside on pi only, so apt-get update stays offline.
 * Needs root, the lab, dpkg-deb and dpkg-scanpackages (Debian package dpkg-dev). Lab network 12 and
 * /tmp/lab-pkg unless the system properties {@code aptlab.net} and {@code aptlab.state} say otherwise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AptLabIT {
    private static final Path ROOT = PkgLab.ROOT;
    private static final Path STATE = Path.of(System.getProperty("aptlab.state", "/tmp/lab-pkg"));
    private static final String NET = System.getProperty("aptlab.net", "12");
    private static final String FILE = "/usr/share/pb-lab-hello/hello.txt";
    private static Path work;
    private static PkgLab lab;

    @BeforeAll
    static void up() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(ROOT.resolve("lab/up")), "lab/ not found from " + ROOT);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the lab needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "openssh-server is not installed");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-scanpackages")), "dpkg-dev is not installed");
        work = Files.createTempDirectory("pb-apt-it");
        lab = new PkgLab(NET, STATE, work);
        local("mkdir -p repo && " + deb("1.0") + " && mv pb-lab-hello_1.0.deb repo/ && " + deb("1.1") + " && " + index());
        assertEquals(0, lab("up", "--net", NET));
        scp(work.resolve("repo").toString(), "pi:/srv/repo");
        // pi only: its copy of the controller's sources would send apt-get update to the network
        pi("mkdir -p /etc/apt/pb-lab-off && for f in /etc/apt/sources.list /etc/apt/sources.list.d/*; do "
                + "[ -e \"$f\" ] && mv \"$f\" /etc/apt/pb-lab-off/; done; "
                + "echo 'deb [trusted=yes] file:/srv/repo ./' > /etc/apt/sources.list.d/pb-lab.list");
    }

    @AfterAll
    static void down() throws Exception {
        if (Files.exists(STATE)) assertEquals(0, lab("down"), "lab/down must leave nothing behind");
        if (work != null) local("rm -rf " + work);
    }

    private static String deb(String v) { return deb("pb-lab-hello", v, null); }

    /** Builds NAME_V.deb (with a Depends line when {@code depends} is not null) in the work dir. */
    private static String deb(String name, String v, String depends) {
        String d = name + "_" + v;
        return "mkdir -p " + d + "/DEBIAN " + d + "/usr/share/" + name + " && printf '%s\\n' 'Package: " + name + "' "
                + "'Version: " + v + "' 'Architecture: all' 'Maintainer: lab <lab@example.invalid>' "
                + (depends == null ? "" : "'Depends: " + depends + "' ")
                + "'Description: playbook lab test package' > " + d + "/DEBIAN/control && echo 'hello " + v + "' > "
                + d + "/usr/share/" + name + "/hello.txt && dpkg-deb --root-owner-group --build " + d + " >/dev/null";
    }

    private static String index() {
        return "cd repo && dpkg-scanpackages . /dev/null > Packages 2>/dev/null && gzip -kf Packages";
    }

    @Test @Order(1)
    void updateCacheAndInstallThenNothingToChange() throws Exception {
        String[] r = play("apt:\n        name: pb-lab-hello\n        update_cache: true\n      register: r\n"
                + "    - assert:\n        that: [r.cache_updated, r.stdout is search('Setting up pb-lab-hello')]");
        assertRecap(r, "0", 2, 1);
        assertEquals("hello 1.0\n", pi("cat " + FILE));
        String[] again = play("apt:\n        name: [pb-lab-hello, coreutils]\n        cache_valid_time: 3600\n      register: r\n"
                + "    - assert:\n        that: [not r.cache_updated]");
        assertRecap(again, "0", 2, 0);
    }

    @Test @Order(2)
    void checkModeReportsTheRemovalAndRemovesNothingThenAbsentRemoves() throws Exception {
        String task = "apt:\n        name: pb-lab-hello\n        state: absent";
        assertRecap(play(task, "-C"), "0", 1, 1);
        assertEquals("hello 1.0\n", pi("cat " + FILE), "check mode must not remove");
        assertRecap(play(task), "0", 1, 1);
        assertEquals("gone\n", pi("[ -e " + FILE + " ] || echo gone"));
        assertRecap(play(task), "0", 1, 0);
    }

    @Test @Order(3)
    void latestUpgradesWhenTheRepositoryHasANewerVersion() throws Exception {
        assertRecap(play("apt: name=pb-lab-hello state=present"), "0", 1, 1);
        local("mv pb-lab-hello_1.1.deb repo/ && " + index());
        scp(work.resolve("repo/pb-lab-hello_1.1.deb").toString(), "pi:/srv/repo/");
        scp(work.resolve("repo/Packages").toString(), "pi:/srv/repo/");
        scp(work.resolve("repo/Packages.gz").toString(), "pi:/srv/repo/");
        String[] present = play("apt: name=pb-lab-hello state=present update_cache=yes");
        assertRecap(present, "0", 1, 0);
        assertEquals("hello 1.0\n", pi("cat " + FILE), "present does not upgrade");
        String[] ck = play("apt: name=pb-lab-hello state=latest", "-C", "-D");
        assertRecap(ck, "0", 1, 1);
        assertTrue(ck[1].contains("-pb-lab-hello 1.0") && ck[1].contains("+pb-lab-hello 1.1"), ck[1]);
        assertEquals("hello 1.0\n", pi("cat " + FILE));
        assertRecap(play("apt: name=pb-lab-hello state=latest"), "0", 1, 1);
        assertEquals("hello 1.1\n", pi("cat " + FILE));
        assertRecap(play("apt: name=pb-lab-hello state=latest"), "0", 1, 0);
    }

    @Test @Order(4)
    void aMissingPackageFailsNamingPackageAndHost() throws Exception {
        String[] r = play("apt:\n        name: [pb-lab-hello, nosuchpkg]");
        assertEquals("2", r[0], r[1] + r[2]);
        assertTrue(r[1].contains("No package matching 'nosuchpkg' is available (pi)"), r[1]);
        String[] ck = play("package: name=nosuchpkg state=present", "-C");
        assertTrue(ck[1].contains("No package matching 'nosuchpkg' is available (pi)"), "check mode too:\n" + ck[1]);
    }

    @Test @Order(5)
    void packageDetectsAptAndDoesTheSame() throws Exception {
        assertRecap(play("package: name=pb-lab-hello state=absent"), "0", 1, 1);
        assertEquals("gone\n", pi("[ -e " + FILE + " ] || echo gone"));
        String[] r = play("package:\n        name: pb-lab-hello\n        state: present\n      register: r\n"
                + "    - assert:\n        that: [r.use == 'apt']");
        assertRecap(r, "0", 2, 1);
        assertEquals("hello 1.1\n", pi("cat " + FILE));
        assertRecap(play("package: name=pb-lab-hello state=latest"), "0", 1, 0);
    }

    @Test @Order(6)
    void waitsForTheDpkgLockInsteadOfFailing() throws Exception {
        pi("dpkg -r pb-lab-hello >/dev/null");
        // hold dpkg's frontend lock (apt's fcntl lock) on pi; release it only once an apt-get waits
        Process holder = holdLock(FRONTEND, UNTIL_APT_WAITS);
        try {
            assertRecap(play("apt: name=pb-lab-hello"), "0", 1, 1);
        } finally {
            holder.destroy();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals("hello 1.1\n", pi("cat " + FILE));
        pi("dpkg -r pb-lab-hello >/dev/null");
        Process held = holdLock(FRONTEND, "read x");
        try {
            String[] r = play("apt: name=pb-lab-hello lock_timeout=0");
            assertEquals("2", r[0], r[1] + r[2]);
            assertTrue(r[1].contains("Could not get lock /var/lib/dpkg/lock-frontend"), r[1]);
            assertTrue(r[1].contains("failed on pi"), r[1]);
        } finally {
            held.getOutputStream().close();
            held.waitFor(30, TimeUnit.SECONDS);
            held.destroy();
            held.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test @Order(7)
    void updateCacheWaitsForTheListsLock() throws Exception {
        // apt-get update takes only the lists lock, which DPkg::Lock::Timeout does not cover
        Process holder = holdLock("/var/lib/apt/lists/lock", UNTIL_APT_WAITS);
        try {
            String[] r = play("apt: update_cache=yes");
            assertEquals("0", r[0], r[1] + r[2]);
            assertTrue(r[1].matches("(?s).*pi\\s*:\\s*ok=1\\s+changed=[01]\\s+unreachable=0\\s+failed=0.*"), r[1]);
        } finally {
            holder.destroy();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test @Order(8)
    void badInputFailsAtCompileTimeWithFileAndLineOrNamesTheHost() throws Exception {
        String[] typo = play("package: name=pb-lab-hello state=instaled");
        assertEquals("4", typo[0], typo[1] + typo[2]);
        assertTrue(typo[2].contains("play.yaml:4") && typo[2].contains("value of state must be one of")
                && typo[2].contains("installed"), typo[2]);
        String[] empty = play("apt:\n        name: ''\n        state: present");
        assertEquals("2", empty[0], empty[1] + empty[2]);
        assertTrue(empty[1].contains("module apt: name is empty"), empty[1]);
    }

    private static final String DEB_FILE = "/usr/share/pb-lab-deb/hello.txt";

    @Test @Order(9)
    void debInstallsAFileOnTheHostWithItsDependenciesAndOnlyOnce() throws Exception {
        assertEquals("gone\n", pi("[ -e " + FILE + " ] || echo gone"), "the dependency starts absent");
        local(deb("pb-lab-deb", "2.0", "pb-lab-hello (>= 1.0)"));
        pi("mkdir -p /srv/debs");
        scp(work.resolve("pb-lab-deb_2.0.deb").toString(), "pi:/srv/debs/");
        String task = "apt: deb=/srv/debs/pb-lab-deb_2.0.deb";
        String[] ck = play(task, "-C", "-D");
        assertRecap(ck, "0", 1, 1);
        assertTrue(ck[1].contains("+pb-lab-deb 2.0"), ck[1]);
        assertEquals("gone\n", pi("[ -e " + DEB_FILE + " ] || [ -e " + FILE + " ] || echo gone"), "check mode installs nothing");
        assertRecap(play(task), "0", 1, 1);
        assertEquals("hello 2.0\n", pi("cat " + DEB_FILE));
        assertEquals("ii 1.1\n", pi("dpkg-query -W -f '${db:Status-Abbrev}${Version}\\n' pb-lab-hello"),
                "apt resolved the dependency from the repository");
        assertRecap(play(task), "0", 1, 0);
    }

    @Test @Order(10)
    void debFromAUrlIsDownloadedOnTheHostInstalledAndCleanedUp() throws Exception {
        local(deb("pb-lab-deb", "2.1", "pb-lab-hello"));
        scp(work.resolve("pb-lab-deb_2.1.deb").toString(), "pi:/srv/debs/");
        String pid = pi("cd /srv/debs && { nohup python3 -m http.server 8089 --bind 127.0.0.1 >/dev/null 2>&1 & echo $!; }").strip();
        try {
            pi("for i in $(seq 100); do curl -s -o /dev/null http://127.0.0.1:8089/ && exit 0; sleep 0.1; done; exit 1");
            String task = "apt:\n        deb: http://127.0.0.1:8089/pb-lab-deb_2.1.deb";
            assertRecap(play(task, "-C"), "0", 1, 1);
            assertEquals("hello 2.0\n", pi("cat " + DEB_FILE), "check mode upgrades nothing");
            assertRecap(play(task), "0", 1, 1);
            assertEquals("hello 2.1\n", pi("cat " + DEB_FILE));
            assertRecap(play(task), "0", 1, 0);
            assertEquals("", pi("ls -a /tmp | grep playbook-deb || true"), "the download's temp dir is removed");
            String[] missing = play("apt: deb=http://127.0.0.1:8089/nosuch.deb");
            assertEquals("2", missing[0], missing[1] + missing[2]);
            assertTrue(missing[1].contains("can't download http://127.0.0.1:8089/nosuch.deb on pi: HTTP Error 404"), missing[1]);
        } finally {
            pi("kill " + pid);
        }
    }

    @Test @Order(11)
    void upgradeDistInstallsANewVersionFromTheRepositoryAndCheckModeChangesNothing() throws Exception {
        local(deb("1.2") + " && mv pb-lab-hello_1.2.deb repo/ && " + index());
        scp(work.resolve("repo/pb-lab-hello_1.2.deb").toString(), "pi:/srv/repo/");
        scp(work.resolve("repo/Packages").toString(), "pi:/srv/repo/");
        scp(work.resolve("repo/Packages.gz").toString(), "pi:/srv/repo/");
        String[] u = play("apt: update_cache=yes");
        assertEquals("0", u[0], u[1] + u[2]);
        assertEquals("hello 1.1\n", pi("cat " + FILE));
        assertRecap(play("apt: upgrade=dist", "-C"), "0", 1, 1);
        assertEquals("hello 1.1\n", pi("cat " + FILE), "check mode upgrades nothing");
        String[] r = play("apt:\n        upgrade: dist\n      register: r\n    - assert:\n        that: [\"r.stdout is search('1 upgraded')\"]");
        assertRecap(r, "0", 2, 1);
        assertEquals("hello 1.2\n", pi("cat " + FILE));
        assertRecap(play("apt: upgrade=dist"), "0", 1, 0);
        assertRecap(play("apt:\n        upgrade: yes"), "0", 1, 0);
    }

    private static final String FRONTEND = "/var/lib/dpkg/lock-frontend";
    /** Shell for the lock holder: wait until an apt-get runs on pi (at most 60 s), then a second more. */
    private static final String UNTIL_APT_WAITS = "for i in $(seq 600); do pgrep -x apt-get >/dev/null && break; sleep 0.1; done; sleep 1";

    /** Starts a process on pi that takes apt's fcntl lock on {@code file}, prints "locked", then runs {@code then}. */
    private static Process holdLock(String file, String then) throws Exception {
        String py = "import fcntl,subprocess,sys; f=open('" + file + "','w'); fcntl.lockf(f, fcntl.LOCK_EX); "
                + "print('locked', flush=True); subprocess.run(['sh','-c',sys.argv[1]])";
        Process p = new ProcessBuilder("ssh", "-F", STATE.resolve("ssh_config").toString(), "pi",
                "python3 -c \"" + py + "\" '" + then + "'").redirectErrorStream(true).start();
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = in.readLine();
        assertEquals("locked", line, "the lock holder on pi did not start");
        return p;
    }

    private static void assertRecap(String[] r, String rc, int ok, int changed) { PkgLab.assertRecap(r, rc, ok, changed); }

    private static String[] play(String task, String... extra) throws Exception { return lab.play(task, extra); }

    private static String pi(String cmd) throws Exception { return lab.pi(cmd); }

    private static void scp(String from, String to) throws Exception { lab.scp(from, to); }

    private static void local(String cmd) throws Exception { lab.local(cmd); }

    private static int lab(String cmd, String... extra) throws Exception { return lab.lab(cmd, extra); }
}
