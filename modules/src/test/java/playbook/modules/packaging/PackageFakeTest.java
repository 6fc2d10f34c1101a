package playbook.modules.packaging;

import org.junit.jupiter.api.Test;
import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.Run;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * package: detection, delegation to apt, and for every other manager its command lines and the
 * parsing of its recorded output (rpm/dnf on Fedora, yum on EL7, zypper on openSUSE, apk on
 * Alpine, pacman on Arch, brew on macOS).
 */
class PackageFakeTest {
    private static FakeTarget host(String manager) {
        return new FakeTarget().on("command -v", 0, manager + "\n");
    }

    @Test void detectsTheFirstToolFoundWithOneProbe() {
        assertEquals("for t in apt-get dnf yum apk pacman zypper brew; do command -v $t >/dev/null 2>&1 && { echo $t; break; }; "
                + "done; true", PackageModule.MANAGER.command());
        assertEquals("dnf", PackageModule.parseDetected(new ExecResult(0, "dnf\n", "")));
        assertEquals("", PackageModule.parseDetected(new ExecResult(0, "", "")));
        Result none = Run.run(new PackageModule(), new FakeTarget().on("command -v", 0, ""), "name", "git", "state", "present");
        assertTrue(none.isFailed());
        assertTrue(none.msg().startsWith("Could not detect which package manager to use on fake: none of apt-get, dnf"), none.msg());
    }

    @Test void aptGoesThroughTheAptLogic() {
        FakeTarget t = host("apt-get").on("dpkg-query", 0, AptFakeTest.NOT_INSTALLED).on("apt-get -y", 0, "");
        Result r = Run.run(new PackageModule(), t, "name", "pb-lab-hello", "state", "present");
        assertTrue(r.isChanged());
        assertEquals("apt", r.values().get("use"));
        assertTrue(t.commands("apply").get(0).endsWith("install pb-lab-hello"));
        Result missing = Run.run(new PackageModule(), t, "name", "nosuchpkg", "state", "installed", "use", "apt");
        assertEquals("No package matching 'nosuchpkg' is available (fake)", missing.msg());
    }

    @Test void dnfInstallsMissingAndUpgradesOutdated() {
        FakeTarget t = host("dnf").on("rpm -q", 0, "bash\ncurl\npackage htop is not installed\n")
                .on("check-update", 0, "\ncurl.x86_64                       7.76.1-26.el9_3.2                    baseos\n")
                .on("-y install", 0, "Installed:\n  htop-3.2.1-1.el9.x86_64\nComplete!\n").on("-y upgrade", 0, "Complete!\n");
        Result r = Run.run(new PackageModule(), t, "name", List.of("bash", "curl", "htop"), "state", "latest");
        assertTrue(r.isChanged());
        assertEquals("export LC_ALL=C; rpm -q --qf '%{NAME}\\n' bash curl htop 2>/dev/null; true", t.commands("probe").get(1));
        assertEquals("export LC_ALL=C; dnf -q check-update bash curl; rc=$?; [ $rc -eq 100 ] && exit 0; exit $rc",
                t.commands("probe").get(2));
        assertEquals(List.of("export LC_ALL=C; dnf -y install htop", "export LC_ALL=C; dnf -y upgrade curl"), t.commands("apply"));

        FakeTarget ok = host("dnf").on("rpm -q", 0, "bash\n");
        assertFalse(Run.run(new PackageModule(), ok, "name", "bash", "state", "present").isChanged());
        assertTrue(ok.commands("apply").isEmpty());

        FakeTarget gone = host("dnf").on("rpm -q", 0, "package nosuchpkg is not installed\n").on("-y install", new ExecResult(1,
                "Last metadata expiration check: 0:01:02 ago.\nNo match for argument: nosuchpkg\n", "Error: Unable to find a match: nosuchpkg\n"));
        assertEquals("No package matching 'nosuchpkg' is available (fake)",
                Run.run(new PackageModule(), gone, "name", "nosuchpkg", "state", "present").msg());
    }

    @Test void yumRemovesOnlyInstalledAndNamesMissingPackages() {
        FakeTarget t = host("yum").on("rpm -q", 0, "vim-enhanced\npackage nano is not installed\n").on("-y remove", 0, "Complete!\n");
        assertTrue(Run.run(new PackageModule(), t, "name", "vim-enhanced,nano", "state", "absent").isChanged());
        assertEquals(List.of("export LC_ALL=C; yum -y remove vim-enhanced"), t.commands("apply"));
        FakeTarget gone = host("yum").on("rpm -q", 0, "").on("-y install", new ExecResult(1, "No package nosuchpkg available.\n", "Error: Nothing to do\n"));
        assertEquals("No package matching 'nosuchpkg' is available (fake)",
                Run.run(new PackageModule(), gone, "name", "nosuchpkg", "state", "present").msg());
    }

    @Test void zypperParsesListUpdatesTable() {
        String table = "S | Repository             | Name | Current Version | Available Version | Arch\n"
                + "--+------------------------+------+-----------------+-------------------+-------\n"
                + "v | Main Update Repository | curl | 8.0.1-1.1       | 8.0.1-2.1         | x86_64\n"
                + "v | Main Update Repository | vim  | 9.0-1.1         | 9.1-1.1           | x86_64\n";
        FakeTarget t = host("zypper").on("rpm -q", 0, "curl\ngit\n").on("list-updates", 0, table).on("zypper -n up", 0, "");
        assertTrue(Run.run(new PackageModule(), t, "name", "curl,git", "state", "latest").isChanged());
        assertEquals(List.of("export LC_ALL=C; zypper -n up curl"), t.commands("apply"));
        FakeTarget in = host("zypper").on("rpm -q", 0, "").on("zypper -n in", new ExecResult(104, "No provider of 'nosuchpkg' found.\n", ""));
        assertEquals("No package matching 'nosuchpkg' is available (fake)",
                Run.run(new PackageModule(), in, "name", "nosuchpkg", "state", "present").msg());
        assertEquals(List.of("export LC_ALL=C; zypper -n in nosuchpkg"), in.commands("apply"));
    }

    @Test void apkUsesInfoAndSimulatedUpgrade() {
        FakeTarget t = host("apk").on("apk info -e", 0, "curl\n").on("apk add -s -u", 0,
                "(1/2) Upgrading libcurl (8.5.0-r0 -> 8.9.1-r0)\n(2/2) Upgrading curl (8.5.0-r0 -> 8.9.1-r0)\nOK: 12 MiB in 20 packages\n")
                .on("apk add", 0, "OK\n");
        assertTrue(Run.run(new PackageModule(), t, "name", "curl,rsync", "state", "latest").isChanged());
        assertEquals(List.of("export LC_ALL=C; apk add rsync", "export LC_ALL=C; apk add -u curl"), t.commands("apply"));
        assertEquals("export LC_ALL=C; apk add -s -u curl", t.commands("probe").get(2));

        FakeTarget current = host("apk").on("apk info -e", 0, "curl\n").on("apk add -s -u", 0, "OK: 12 MiB in 20 packages\n");
        assertFalse(Run.run(new PackageModule(), current, "name", "curl", "state", "latest").isChanged());
        FakeTarget del = host("apk").on("apk info -e", 0, "curl\n").on("apk del", 0, "");
        Run.run(new PackageModule(), del, "name", "curl,rsync", "state", "removed");
        assertEquals(List.of("export LC_ALL=C; apk del curl"), del.commands("apply"));
        FakeTarget gone = host("apk").on("apk info -e", 0, "").on("apk add", new ExecResult(1, "",
                "ERROR: unable to select packages:\n  nosuchpkg (no such package):\n    required by: world[nosuchpkg]\n"));
        assertEquals("No package matching 'nosuchpkg' is available (fake)",
                Run.run(new PackageModule(), gone, "name", "nosuchpkg", "state", "present").msg());
    }

    @Test void pacmanNeededAndQu() {
        FakeTarget t = host("pacman").on("pacman -Q ", 0, "bash 5.2.026-2\ncurl 8.8.0-1\n")
                .on("pacman -Qu", 0, "curl 8.8.0-1 -> 8.9.1-1\n").on("pacman -S", 0, "");
        assertTrue(Run.run(new PackageModule(), t, "name", "bash,curl", "state", "latest", "use", "pacman").isChanged());
        assertEquals(List.of("export LC_ALL=C; pacman -S --noconfirm --needed curl"), t.commands("apply"));
        assertEquals("export LC_ALL=C; pacman -Q bash curl 2>/dev/null; true", t.commands("probe").get(0),
                "use: skips detection");
        FakeTarget rm = new FakeTarget().on("pacman -Q ", 0, "bash 5.2.026-2\n").on("pacman -R", 0, "");
        Run.run(new PackageModule(), rm, "name", "bash", "state", "absent", "use", "pacman");
        assertEquals(List.of("export LC_ALL=C; pacman -R --noconfirm bash"), rm.commands("apply"));
        FakeTarget gone = new FakeTarget().on("pacman -Q ", 0, "").on("pacman -S", new ExecResult(1, "", "error: target not found: nosuchpkg\n"));
        assertEquals("No package matching 'nosuchpkg' is available (fake)",
                Run.run(new PackageModule(), gone, "name", "nosuchpkg", "state", "present", "use", "pacman").msg());
    }

    @Test void pacmanCheckModeSimulatesTheInstallSoAMissingPackageFailsThere() {
        FakeTarget ok = new FakeTarget().check(true).on("pacman -Q ", 0, "").on("pacman -S --print", 0, "file:///srv/pacrepo/x-1-1-any.pkg.tar.gz\n");
        assertTrue(Run.run(new PackageModule(), ok, "name", "x", "state", "present", "use", "pacman").isChanged());
        assertEquals(List.of("export LC_ALL=C; pacman -S --print --noconfirm --needed x"),
                ok.commands("probe").subList(1, 2));
        assertEquals(List.of("export LC_ALL=C; pacman -S --noconfirm --needed x"), ok.commands("apply"), "recorded, not run");
        FakeTarget gone = new FakeTarget().check(true).on("pacman -Q ", 0, "")
                .on("pacman -S --print", new ExecResult(1, "", "error: target not found: nosuchpkg\n"));
        assertEquals("No package matching 'nosuchpkg' is available (fake)",
                Run.run(new PackageModule(), gone, "name", "nosuchpkg", "state", "present", "use", "pacman").msg());
        assertTrue(gone.commands("apply").isEmpty());
    }

    @Test void brewListOutdatedInstallUninstall() {
        FakeTarget t = host("brew").on("brew list --versions", 0, "wget 1.24.5\n").on("brew outdated", 0, "wget\n")
                .on("brew install", 0, "").on("brew upgrade", 0, "");
        assertTrue(Run.run(new PackageModule(), t, "name", "wget,jq", "state", "latest").isChanged());
        assertEquals(List.of("export LC_ALL=C; brew install jq", "export LC_ALL=C; brew upgrade wget"), t.commands("apply"));
        FakeTarget rm = host("brew").on("brew list --versions", 0, "wget 1.24.5\n").on("brew uninstall", 0, "");
        Run.run(new PackageModule(), rm, "name", "wget", "state", "absent", "use", "homebrew");
        assertEquals(List.of("export LC_ALL=C; brew uninstall wget"), rm.commands("apply"));
        FakeTarget gone = host("brew").on("brew list", 0, "").on("brew install", new ExecResult(1, "",
                "Error: No available formula with the name \"nosuchpkg\". Did you mean nosuch?\n"));
        assertEquals("No package matching 'nosuchpkg' is available (fake)",
                Run.run(new PackageModule(), gone, "name", "nosuchpkg", "state", "present").msg());
    }

    @Test void otherFailuresNameCommandHostAndCause() {
        FakeTarget t = host("apk").on("apk info -e", 0, "").on("apk add", new ExecResult(99, "",
                "ERROR: Unable to lock database: Resource temporarily unavailable\nERROR: Failed to open apk database: Resource temporarily unavailable\n"));
        Result r = Run.run(new PackageModule(), t, "name", "rsync", "state", "present");
        assertEquals("'apk add rsync' failed on fake: ERROR: Unable to lock database: Resource temporarily unavailable", r.msg());
        assertEquals(99, r.values().get("rc"));
    }

    @Test void checkModeReportsWithoutApplying() {
        FakeTarget t = host("dnf").check(true).on("rpm -q", 0, "").on("dnf --assumeno install", 0,
                "Installing:\n htop  x86_64  3.3.0-1.fc40  fedora  183 k\nOperation aborted.\n");
        Result r = Run.run(new PackageModule(), t, "name", "htop", "state", "present");
        assertTrue(r.isChanged());
        assertEquals(List.of("export LC_ALL=C; dnf -y install htop"), t.commands("apply"), "recorded, not run");
        assertTrue(t.commands("probe").get(2).contains("__o=$(dnf --assumeno install htop 2>&1)"), "dnf simulates: " + t.commands("probe"));
        FakeTarget gone = host("dnf").check(true).on("rpm -q", 0, "").on("dnf --assumeno install", 1,
                "No match for argument: nosuchpkg\n");
        assertEquals("No package matching 'nosuchpkg' is available (fake)",
                Run.run(new PackageModule(), gone, "name", "nosuchpkg", "state", "present").msg());
    }

    @Test void badInput() {
        PackageModule m = new PackageModule();
        ModuleException st = assertThrows(ModuleException.class, () -> Run.run(m, host("dnf"), "name", "x", "state", "newest"));
        assertTrue(st.getMessage().contains("value of state must be one of"), st.getMessage());
        ModuleException use = assertThrows(ModuleException.class, () -> Run.run(m, host("dnf"), "name", "x", "state", "present", "use", "port"));
        assertTrue(use.getMessage().contains("value of use must be one of"), use.getMessage());
        Result empty = Run.run(m, host("dnf"), "name", "", "state", "present");
        assertEquals("module package: name is empty; give at least one package", empty.msg());
        ModuleException ver = assertThrows(ModuleException.class, () -> Run.run(m, host("dnf"), "name", "git=2.1", "state", "present"));
        assertTrue(ver.getMessage().contains("name=version is only supported with apt"), ver.getMessage());
        assertThrows(ModuleException.class, () -> Run.run(m, host("dnf"), "name", "--nogpgcheck", "state", "present"));
    }
}
