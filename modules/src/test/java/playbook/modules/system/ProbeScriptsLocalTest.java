package playbook.modules.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.Result;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The read-only probe scripts of hostname, sysctl and service, run for real by /bin/sh in check
 * mode only (check mode never runs an apply, so this machine is not changed). They prove the
 * scripts parse and that the module reads this host's real state.
 */
class ProbeScriptsLocalTest {
    private static String sh(String cmd) { return LocalTarget.exec(cmd, null).stdout().trim(); }

    @Test void hostnameReadsThisHost() {
        String current = sh("hostname");
        String permanent = sh("head -n 1 /etc/hostname 2>/dev/null");
        LocalTarget t = new LocalTarget().check(true);
        Result same = Run.run(new HostnameModule(), t, "name", current, "use", "generic");
        assertEquals(!current.equals(permanent), same.isChanged(), "generic: changed only if /etc/hostname differs");
        LocalTarget t2 = new LocalTarget().check(true);
        Result other = Run.run(new HostnameModule(), t2, "name", "pbtest-not-this-host", "use", "generic");
        assertTrue(other.isChanged());
        assertEquals("hostname = " + current + "\n", other.diffs().get(0).before());
        assertEquals(current, sh("hostname"), "check mode changed nothing");
    }

    @Test void sysctlReadsLiveValueAndTempFile(@TempDir Path dir) throws Exception {
        String live = sh("sysctl -n vm.swappiness 2>/dev/null");
        org.junit.jupiter.api.Assumptions.assumeFalse(live.isEmpty(), "no vm.swappiness here");
        Path f = dir.resolve("99-pb.conf");
        Files.writeString(f, "vm.swappiness = " + live + "\n");
        LocalTarget t = new LocalTarget().check(true);
        assertFalse(Run.run(new SysctlModule(), t, "name", "vm.swappiness", "value", live, "sysctl_file", f.toString(),
                "sysctl_set", true).isChanged(), "file and live value agree");
        String other = live.equals("1") ? "2" : "1";
        LocalTarget t2 = new LocalTarget().check(true);
        assertTrue(Run.run(new SysctlModule(), t2, "name", "vm.swappiness", "value", other, "sysctl_file", f.toString(),
                "sysctl_set", true).isChanged());
        assertTrue(t2.applies.get(0).contains("sysctl -w vm.swappiness=" + other));
        assertEquals(live, sh("sysctl -n vm.swappiness"), "check mode changed nothing");
        assertEquals("vm.swappiness = " + live + "\n", Files.readString(f));
    }

    @Test void serviceDetectionAndSysvProbeRunHere() {
        LocalTarget t = new LocalTarget().check(true);
        String mgr = t.fact(ServiceModule.SERVICE_MGR);
        assertTrue(java.util.List.of("systemd", "openrc", "launchd", "sysvinit").contains(mgr), mgr);
        Result missing = Run.run(new ServiceModule(), t, "name", "pbtest-no-such-service", "state", "started");
        assertTrue(missing.isFailed());
        assertTrue(missing.msg().startsWith("Could not find the requested service pbtest-no-such-service: host"), missing.msg());
        assertTrue(t.applies.isEmpty());
    }
}
