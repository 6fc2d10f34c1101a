package playbook.modules.packaging;

import org.junit.jupiter.api.Test;
import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.Run;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** apt on recorded dpkg-query / apt-cache / apt-get output (Debian 12, apt 2.6.1). */
class AptFakeTest {
    /** dpkg-query for pb-lab-hello, nosuchpkg, coreutils, then apt-cache policy; hello not installed. */
    static final String NOT_INSTALLED = "coreutils\tii \t9.1-1\n" + AptStatus.MARK + "\n"
            + "pb-lab-hello:\n  Installed: (none)\n  Candidate: 1.0\n  Version table:\n     1.0 500\n"
            + "        500 file:/srv/repo ./ Packages\n"
            + "coreutils:\n  Installed: 9.1-1\n  Candidate: 9.1-1\n  Version table:\n *** 9.1-1 100\n"
            + "        100 /var/lib/dpkg/status\n";
    static final String INSTALLED_OLD = "pb-lab-hello\tii \t1.0\n" + AptStatus.MARK + "\n"
            + "pb-lab-hello:\n  Installed: 1.0\n  Candidate: 1.1\n  Version table:\n     1.1 500\n"
            + "        500 file:/srv/repo ./ Packages\n *** 1.0 100\n        100 /var/lib/dpkg/status\n";
    static final String SIM_INSTALL = "Reading package lists...\nBuilding dependency tree...\nReading state information...\n"
            + "The following NEW packages will be installed:\n  pb-lab-hello\n"
            + "0 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.\n"
            + "Inst pb-lab-hello (1.0 localhost [all])\nConf pb-lab-hello (1.0 localhost [all])\n";

    @Test void parsesDpkgAndPolicyInOneProbe() {
        AptStatus st = AptStatus.parse("libc6\tii \t2.36-9\nlibc6\tun \t\nold\trc \t0.9\n" + INSTALLED_OLD.substring(INSTALLED_OLD.indexOf(AptStatus.MARK)));
        assertTrue(st.dpkg("libc6").installed(), "an installed architecture wins over an uninstalled one");
        assertTrue(st.dpkg("libc6:amd64").installed());
        assertFalse(st.dpkg("old").installed());
        assertTrue(st.dpkg("old").hasFiles(), "rc: config files remain");
        assertFalse(st.dpkg("never").hasFiles());
        assertEquals(new AptStatus.Policy("1.0", "1.1"), st.policy("pb-lab-hello"));
        assertNull(st.policy("nosuchpkg"));
        AptStatus none = AptStatus.parse(AptStatus.MARK + "\nvirt:\n  Installed: (none)\n  Candidate: (none)\n  Version table:\n");
        assertEquals(new AptStatus.Policy(null, null), none.policy("virt"));
    }

    @Test void probeIsOneCommandForAllNamesAndQuotesThem() {
        assertEquals("export LC_ALL=C; dpkg-query -W -f '${Package}\\t${db:Status-Abbrev}\\t${Version}\\n' a 'b;c' 2>/dev/null; "
                + "echo __pb_policy; apt-cache policy a 'b;c' 2>/dev/null; true", AptStatus.probe(List.of("a", "b;c"), true));
    }

    @Test void installsOnlyWhatIsMissingInOneAptGetCall() {
        FakeTarget t = new FakeTarget().on("dpkg-query", 0, NOT_INSTALLED).on("apt-get -y", 0, "Setting up pb-lab-hello (1.0) ...\n");
        Result r = Run.run(new AptModule(), t, "name", "pb-lab-hello,coreutils", "install_recommends", false);
        assertTrue(r.isChanged());
        assertEquals(List.of("export DEBIAN_FRONTEND=noninteractive LC_ALL=C; apt-get -y -q -o DPkg::Lock::Timeout=60 "
                + "-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install -o APT::Install-Recommends=no "
                + "pb-lab-hello"), t.commands("apply"));
        assertEquals(1, t.commands("probe").size(), "one probe for all names");
        assertEquals("Setting up pb-lab-hello (1.0) ...\n", r.values().get("stdout"));
    }

    @Test void nothingToDoWhenInstalledAndLatestUpgradesOnlyWhenTheCandidateIsNewer() {
        FakeTarget ok = new FakeTarget().on("dpkg-query", 0, NOT_INSTALLED);
        Result r = Run.run(new AptModule(), ok, "name", List.of("coreutils"), "state", "latest");
        assertFalse(r.isChanged());
        assertTrue(ok.commands("apply").isEmpty());

        FakeTarget old = new FakeTarget().on("dpkg-query", 0, INSTALLED_OLD).on("apt-get -y", 0, "");
        assertFalse(Run.run(new AptModule(), old, "name", "pb-lab-hello", "state", "present").isChanged());
        assertTrue(Run.run(new AptModule(), old, "pkg", "pb-lab-hello", "state", "latest", "lock_timeout", 5).isChanged());
        Result diff = Run.run(new AptModule(), old.diff(true), "name", "pb-lab-hello", "state", "latest");
        assertEquals("pb-lab-hello 1.0\n", diff.diffs().get(0).before());
        assertEquals("pb-lab-hello 1.1\n", diff.diffs().get(0).after());
        assertTrue(old.commands("apply").get(0).endsWith("apt-get -y -q -o DPkg::Lock::Timeout=5 "
                + "-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install pb-lab-hello"));
    }

    @Test void versionPinsAreMatchedAgainstTheInstalledVersion() {
        FakeTarget t = new FakeTarget().on("dpkg-query", 0, INSTALLED_OLD).on("apt-get -y", 0, "");
        assertFalse(Run.run(new AptModule(), t, "name", "pb-lab-hello=1.*").isChanged());
        assertTrue(Run.run(new AptModule(), t, "name", "pb-lab-hello=1.1").isChanged());
        assertTrue(t.commands("apply").get(0).endsWith(" install pb-lab-hello=1.1"));
    }

    @Test void missingPackageNamesPackageAndHostBeforeAnythingRuns() {
        FakeTarget t = new FakeTarget().on("dpkg-query", 0, NOT_INSTALLED);
        Result r = Run.run(new AptModule(), t, "name", List.of("pb-lab-hello", "nosuchpkg"));
        assertTrue(r.isFailed());
        assertEquals("No package matching 'nosuchpkg' is available (fake)", r.msg());
        assertTrue(t.commands("apply").isEmpty());
    }

    @Test void aptGetErrorsAreReportedWithHostAndCause() {
        FakeTarget t = new FakeTarget().on("dpkg-query", 0, NOT_INSTALLED).on("apt-get -y", new ExecResult(100, "",
                "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)\n"
                        + "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?\n"));
        Result r = Run.run(new AptModule(), t, "name", "pb-lab-hello");
        assertTrue(r.isFailed());
        assertEquals("'apt-get install pb-lab-hello' failed on fake: Could not get lock /var/lib/dpkg/lock-frontend. "
                + "It is held by process 4242 (apt-get); Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), "
                + "is another process using it?", r.msg());
        assertEquals(100, r.values().get("rc"));
    }

    @Test void checkModeSimulatesAndChangesNothing() {
        FakeTarget t = new FakeTarget().check(true).diff(true).on("dpkg-query", 0, NOT_INSTALLED)
                .on("apt-get -s -q install", 0, SIM_INSTALL);
        Result r = Run.run(new AptModule(), t, "name", "pb-lab-hello,coreutils");
        assertTrue(r.isChanged());
        assertEquals(new Result.Diff("installed packages (before)", "pb-lab-hello (not installed)\n",
                "installed packages (after)", "pb-lab-hello 1.0\n"), r.diffs().get(0));
        assertEquals(SIM_INSTALL, r.values().get("stdout"));
        assertTrue(t.commands("apply").isEmpty(), "check mode applies nothing");

        FakeTarget conflict = new FakeTarget().check(true).on("dpkg-query", 0, NOT_INSTALLED).on("apt-get -s", new ExecResult(100,
                "", "E: Unable to correct problems, you have held broken packages.\n"));
        Result c = Run.run(new AptModule(), conflict, "name", "pb-lab-hello");
        assertEquals("'apt-get install pb-lab-hello' failed on fake: Unable to correct problems, you have held broken packages.", c.msg());
    }

    @Test void absentRemovesInstalledAndPurgesLeftoverConfig() {
        String st = "pb-lab-hello\tii \t1.0\nold\trc \t0.9\n";
        FakeTarget t = new FakeTarget().on("dpkg-query", 0, st).on("apt-get -y", 0, "Removing pb-lab-hello (1.0) ...\n");
        assertTrue(Run.run(new AptModule(), t, "name", "pb-lab-hello,old,never", "state", "absent").isChanged());
        assertTrue(t.commands("apply").get(0).endsWith(" remove pb-lab-hello"));
        assertFalse(t.commands("probe").get(0).contains("apt-cache"), "absent needs no policy");
        Run.run(new AptModule(), t, "name", "pb-lab-hello,old", "state", "removed", "purge", true, "autoremove", true);
        assertTrue(t.commands("apply").get(1).endsWith(" remove --purge --auto-remove pb-lab-hello old"));
        FakeTarget gone = new FakeTarget().on("dpkg-query", 0, "");
        assertFalse(Run.run(new AptModule(), gone, "name", "pb-lab-hello", "state", "absent").isChanged());
    }

    @Test void updateCacheRespectsCacheValidTime() {
        FakeTarget fresh = new FakeTarget().on("^date", 0, "1000\n900\n").on("dpkg-query", 0, NOT_INSTALLED);
        Result r = Run.run(new AptModule(), fresh, "name", "coreutils", "update_cache", true, "cache_valid_time", 3600);
        assertFalse(r.isChanged());
        assertEquals(false, r.values().get("cache_updated"));
        assertEquals(900L, r.values().get("cache_update_time"));
        assertTrue(fresh.commands("apply").isEmpty(), "a fresh cache is not updated");

        FakeTarget stale = new FakeTarget().on("^date", 0, "10000\n900\n")
                .on("apt-get update", 0, "Get:1 file:/srv/repo ./ Packages\nReading package lists...\n" + AptStatus.MARK + "\n10001\n10001\n");
        Result u = Run.run(new AptModule(), stale, "update-cache", "yes", "cache_valid_time", 3600);
        assertTrue(u.isChanged(), "update_cache alone is changed when the cache time moved");
        assertEquals(true, u.values().get("cache_updated"));
        assertEquals(10001L, u.values().get("cache_update_time"));
        String update = stale.commands("apply").get(0);
        assertTrue(update.contains("out=$(apt-get update -q -o DPkg::Lock::Timeout=60 2>&1)")
                && update.contains("*'Could not get lock'*) [ $n -lt 60 ]"), "retries while the lists lock is held: " + update);
        assertTrue(update.endsWith("echo __pb_policy; date +%s; stat -c %Y /var/lib/apt/periodic/update-success-stamp "
                + "2>/dev/null || stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0"), update);

        FakeTarget offline = new FakeTarget().on("^date", 0, "10000\n900\n").on("apt-get update", new ExecResult(100,
                "", "W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving 'deb.debian.org'\n"
                        + "E: Some index files failed to download. They have been ignored, or old ones used instead.\n"));
        Result f = Run.run(new AptModule(), offline, "name", "x", "update_cache", true);
        assertEquals("Failed to update apt cache on fake: Some index files failed to download. They have been ignored, "
                + "or old ones used instead.", f.msg());
    }

    @Test void autoremoveAloneSimulatesFirst() {
        FakeTarget none = new FakeTarget().on("apt-get -s -q autoremove", 0, "Reading package lists...\n0 upgraded, 0 newly installed, 0 to remove\n");
        assertFalse(Run.run(new AptModule(), none, "autoremove", true).isChanged());
        FakeTarget some = new FakeTarget().on("apt-get -s -q autoremove", 0, "Remv libold1 [1.0]\n").on("apt-get -y", 0, "");
        assertTrue(Run.run(new AptModule(), some, "autoremove", true).isChanged());
        assertTrue(some.commands("apply").get(0).endsWith(" autoremove"));
        FakeTarget nothing = new FakeTarget();
        assertFalse(Run.run(new AptModule(), nothing, "autoremove", false).isChanged());
        assertTrue(nothing.sent.isEmpty(), "autoremove: false with no names does nothing");
    }

    /** The deb probe's output: the file's fields, then dpkg's status of its package. */
    static String debProbe(String version, String installed) {
        return AptDeb.FIELDS + "\nPackage: pb-lab-hello\nVersion: " + version + "\nArchitecture: all\n" + AptStatus.MARK + "\n"
                + (installed == null ? "" : "pb-lab-hello\tii \t" + installed + "\n");
    }

    @Test void debInstallsTheFileWithAptGetUnlessThatVersionIsInstalled() {
        FakeTarget t = new FakeTarget().diff(true).on("dpkg-deb -f", 0, debProbe("1.1", "1.0")).on("apt-get -y", 0, "Setting up pb-lab-hello (1.1) ...\n");
        Result r = Run.run(new AptModule(), t, "deb", "/srv/pkgs/hello 1.1.deb");
        assertTrue(r.isChanged(), r.toString());
        assertEquals(List.of("export DEBIAN_FRONTEND=noninteractive LC_ALL=C; apt-get -y -q -o DPkg::Lock::Timeout=60 "
                + "-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install '/srv/pkgs/hello 1.1.deb'"), t.commands("apply"));
        assertTrue(t.commands("probe").get(0).contains("dpkg-deb -f '/srv/pkgs/hello 1.1.deb' Package Version Architecture"));
        assertEquals(new Result.Diff("installed packages (before)", "pb-lab-hello 1.0\n", "installed packages (after)",
                "pb-lab-hello 1.1\n"), r.diffs().get(0));

        FakeTarget same = new FakeTarget().on("dpkg-deb -f", 0, debProbe("1.1", "1.1"));
        assertFalse(Run.run(new AptModule(), same, "deb", "hello.deb").isChanged());
        assertTrue(same.commands("apply").isEmpty());
        assertTrue(same.commands("probe").get(0).contains("dpkg-deb -f ./hello.deb Package"), "a bare file name gets ./ for apt-get");

        FakeTarget check = new FakeTarget().check(true).on("dpkg-deb -f", 0, debProbe("1.1", null))
                .on("apt-get -s -q install --allow-downgrades /x.deb", 0, SIM_INSTALL);
        assertTrue(Run.run(new AptModule(), check, "deb", "/x.deb", "allow_downgrade", true).isChanged());
        assertTrue(check.commands("apply").isEmpty(), "check mode simulates");
    }

    @Test void debFailsClearlyWhenTheFileIsMissingOrNotADeb() {
        FakeTarget gone = new FakeTarget().on("dpkg-deb -f", new ExecResult(0, "", "no such file: /x.deb\n"));
        assertEquals("apt: can't read the .deb /x.deb on fake: no such file: /x.deb", Run.run(new AptModule(), gone, "deb", "/x.deb").msg());
        FakeTarget junk = new FakeTarget().on("dpkg-deb -f", new ExecResult(0, "", ""));
        assertEquals("apt: can't read the .deb /x.deb on fake: not a Debian package (dpkg-deb -f found no Package/Version)",
                Run.run(new AptModule(), junk, "deb", "/x.deb").msg());
    }

    @Test void debFromAUrlIsDownloadedIntoATempDirAndRemovedAfter() {
        FakeTarget t = new FakeTarget().on("^mktemp -d", 0, "/tmp/.playbook-deb-abc\n")
                .on("command -v curl", 0, "curl\n")
                .on("curl -sS -K -", 0, "__pb_rc=0\n__pb_w\n200 0 http://repo/p/hello_1.1_all.deb\n__pb_hdr\nHTTP/1.1 200 OK\r\n\r\n__pb_err\n")
                .on("dpkg-deb -f", 0, debProbe("1.1", null)).on("apt-get -y", 0, "").on("^rm -rf", 0, "");
        Result r = Run.run(new AptModule(), t, "deb", "http://repo/p/hello_1.1_all.deb");
        assertTrue(r.isChanged(), r.toString());
        String dl = t.sent.stream().filter(x -> x.command().startsWith("__d=")).findFirst().orElseThrow().command();
        assertTrue(dl.contains("-o /tmp/.playbook-deb-abc/hello_1.1_all.deb"), dl);
        assertTrue(t.commands("apply").get(0).endsWith(" install /tmp/.playbook-deb-abc/hello_1.1_all.deb"));
        assertEquals("rm -rf /tmp/.playbook-deb-abc", t.commands("probe").get(t.commands("probe").size() - 1));

        FakeTarget notFound = new FakeTarget().on("^mktemp -d", 0, "/tmp/.playbook-deb-abc\n").on("command -v curl", 0, "curl\n")
                .on("curl -sS -K -", 0, "__pb_rc=0\n__pb_w\n404 0 http://repo/x.deb\n__pb_hdr\nHTTP/1.1 404 Not Found\r\n\r\n__pb_err\n")
                .on("^rm -rf", 0, "");
        ModuleException e = assertThrows(ModuleException.class, () -> Run.run(new AptModule(), notFound, "deb", "http://repo/x.deb"));
        assertEquals("apt: can't download http://repo/x.deb on fake: HTTP Error 404: Not Found", e.getMessage());
        assertEquals("rm -rf /tmp/.playbook-deb-abc", notFound.commands("probe").get(notFound.commands("probe").size() - 1),
                "the temp dir goes on failure too");
    }

    static final String UPGRADED = "Calculating upgrade...\nThe following packages will be upgraded:\n  pb-lab-hello\n"
            + "1 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\nInst pb-lab-hello [1.0] (1.1 localhost [all])\n";
    static final String NOTHING = "Reading package lists...\nCalculating upgrade...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n";

    @Test void upgradeRunsAptGetAndIsChangedOnlyWhenSomethingWasUpgraded() {
        FakeTarget dist = new FakeTarget().on("apt-get -y", 0, UPGRADED);
        assertTrue(Run.run(new AptModule(), dist, "upgrade", "dist", "default_release", "bookworm-backports").isChanged());
        assertTrue(dist.commands("apply").get(0).endsWith("--force-confold dist-upgrade -t bookworm-backports"), dist.commands("apply").get(0));
        FakeTarget none = new FakeTarget().on("apt-get -y", 0, NOTHING);
        Result r = Run.run(new AptModule(), none, "upgrade", true, "force_apt_get", true);
        assertFalse(r.isChanged());
        assertTrue(none.commands("apply").get(0).endsWith(" upgrade --with-new-pkgs"), "yes is apt-get upgrade --with-new-pkgs");
        for (String mode : List.of("safe", "full")) {
            FakeTarget t = new FakeTarget().on("apt-get -y", 0, NOTHING);
            Run.run(new AptModule(), t, "upgrade", mode, "autoremove", true, "dpkg_options", "force-confnew");
            assertTrue(t.commands("apply").get(0).endsWith("apt-get -y -q -o DPkg::Lock::Timeout=60 -o Dpkg::Options::=--force-confnew "
                    + "upgrade --with-new-pkgs --auto-remove"), mode + ": " + t.commands("apply").get(0));
        }
        FakeTarget no = new FakeTarget();
        assertFalse(Run.run(new AptModule(), no, "upgrade", false).isChanged());
        assertTrue(no.sent.isEmpty(), "upgrade: no alone does nothing");
        assertFalse(Run.run(new AptModule(), no.on("^date", 0, "10\n5\n").on("apt-get update", 0, AptStatus.MARK + "\n10\n5\n"),
                "upgrade", "no", "update_cache", true).isChanged());
        assertTrue(no.commands("apply").stream().noneMatch(c -> c.contains("upgrade")), "upgrade: no upgrades nothing");
    }

    @Test void upgradeInCheckModeSimulates() {
        FakeTarget t = new FakeTarget().check(true).on("apt-get -s -q dist-upgrade", 0, UPGRADED);
        assertTrue(Run.run(new AptModule(), t, "upgrade", "dist").isChanged());
        FakeTarget n = new FakeTarget().check(true).on("apt-get -s -q upgrade --with-new-pkgs", 0, NOTHING);
        assertFalse(Run.run(new AptModule(), n, "upgrade", "yes").isChanged());
        assertTrue(t.commands("apply").isEmpty() && n.commands("apply").isEmpty());
    }

    @Test void onlyUpgradeSkipsPackagesThatAreNotInstalled() {
        FakeTarget t = new FakeTarget().on("dpkg-query", 0, INSTALLED_OLD + "coreutils:\n  Installed: (none)\n  Candidate: 9.1-1\n")
                .on("apt-get -y", 0, "");
        assertTrue(Run.run(new AptModule(), t, "name", "pb-lab-hello,coreutils", "state", "latest", "only_upgrade", true).isChanged());
        assertTrue(t.commands("apply").get(0).endsWith(" install --only-upgrade pb-lab-hello"), t.commands("apply").get(0));
        FakeTarget none = new FakeTarget().on("dpkg-query", 0, NOT_INSTALLED);
        assertFalse(Run.run(new AptModule(), none, "name", "pb-lab-hello", "only_upgrade", true).isChanged());
        assertTrue(none.commands("apply").isEmpty());
    }

    @Test void defaultReleaseChoosesTheCandidateAndTheInstall() {
        FakeTarget t = new FakeTarget().on("dpkg-query", 0, NOT_INSTALLED).on("apt-get -y", 0, "");
        Run.run(new AptModule(), t, "name", "pb-lab-hello", "default_release", "stable backports");
        assertTrue(t.commands("probe").get(0).contains("apt-cache -t 'stable backports' policy pb-lab-hello"), t.commands("probe").get(0));
        assertTrue(t.commands("apply").get(0).endsWith(" install -t 'stable backports' pb-lab-hello"), t.commands("apply").get(0));
    }

    @Test void badInput() {
        AptModule m = new AptModule();
        ModuleException st = assertThrows(ModuleException.class, () -> Run.run(m, new FakeTarget(), "name", "x", "state", "instaled"));
        assertTrue(st.getMessage().contains("value of state must be one of: present, absent, latest, installed, removed, got: instaled"), st.getMessage());
        Result empty = Run.run(m, new FakeTarget(), "name", "", "state", "present");
        assertTrue(empty.isFailed());
        assertEquals("module apt: name is empty and there is nothing else to do (update_cache, autoremove)", empty.msg());
        ModuleException none = assertThrows(ModuleException.class, () -> Run.run(m, new FakeTarget(), "state", "present"));
        assertEquals("module apt: one of the following is required: name, update_cache, autoremove, deb, upgrade", none.getMessage());
        ModuleException both = assertThrows(ModuleException.class, () -> Run.run(m, new FakeTarget(), "name", "x", "deb", "/tmp/x.deb"));
        assertEquals("module apt: parameters are mutually exclusive: deb|name|upgrade", both.getMessage());
        ModuleException up = assertThrows(ModuleException.class, () -> Run.run(m, new FakeTarget(), "upgrade", "everything"));
        assertEquals("module apt: value of upgrade must be one of: dist, full, no, safe, yes, got: everything", up.getMessage());
        ModuleException dash = assertThrows(ModuleException.class, () -> Run.run(m, new FakeTarget(), "name", "-oDebug=1"));
        assertTrue(dash.getMessage().contains("invalid package name '-oDebug=1'"), dash.getMessage());
        assertThrows(ModuleException.class, () -> Run.run(m, new FakeTarget(), "name", "a=1=2"));
        assertThrows(ModuleException.class, () -> Run.run(m, new FakeTarget(), "name", "foo*"));
        assertThrows(ModuleException.class, () -> Run.run(m, new FakeTarget(), "name", "foo>=1"));
    }
}
