package playbook.modules.system;

import org.junit.jupiter.api.Test;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.Run;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** service and systemd against recorded status output of systemd, OpenRC, SysV and launchd. */
class ServiceFakeTest {
    private static final String SHOW_RUNNING = "Id=ssh.service\nLoadState=loaded\nActiveState=active\nSubState=running\n"
            + "UnitFileState=enabled\nExecStart={ path=/usr/sbin/sshd ; argv[]=/usr/sbin/sshd -D }\n"
            + SystemdManager.ENABLED + "\nenabled\nrc=0\n";
    private static final String SHOW_STOPPED = "Id=grafana.service\nLoadState=loaded\nActiveState=inactive\nSubState=dead\n"
            + SystemdManager.ENABLED + "\ndisabled\nrc=1\n";
    private static final String SHOW_MISSING = "Id=nosuch.service\nLoadState=not-found\nActiveState=inactive\n"
            + SystemdManager.ENABLED + "\nrc=1\n";

    @Test void systemdAlreadyInStateIsOk() {
        FakeTarget t = new FakeTarget().on("systemctl show", 0, SHOW_RUNNING);
        Result r = Run.run(new SystemdModule(), t, "name", "ssh", "state", "started", "enabled", true);
        assertFalse(r.isChanged());
        assertTrue(t.commands("apply").isEmpty());
        @SuppressWarnings("unchecked") Map<String, String> status = (Map<String, String>) r.values().get("status");
        assertEquals("running", status.get("SubState"));
        assertEquals("{ path=/usr/sbin/sshd ; argv[]=/usr/sbin/sshd -D }", status.get("ExecStart"));
        assertEquals(true, r.values().get("enabled"));
    }

    @Test void systemdEnablesAndStartsAfterDaemonReloadInCheckMode() {
        FakeTarget t = new FakeTarget().check(true).on("systemctl show", 0, SHOW_STOPPED);
        Result r = Run.run(new SystemdModule(), t, "name", "grafana", "state", "started", "enabled", true, "daemon_reload", true);
        assertTrue(r.isChanged());
        assertEquals(List.of("systemctl enable grafana", "systemctl start grafana"), t.commands("apply"),
                "check mode skips daemon-reload, as Ansible does");
        FakeTarget real = new FakeTarget().on("systemctl show", 0, SHOW_RUNNING).on("^systemctl ", 0, "");
        Result rr = Run.run(new SystemdModule(), real, "name", "ssh", "state", "restarted", "daemon_reload", true);
        assertEquals(List.of("systemctl daemon-reload", "systemctl restart ssh"), real.commands("apply"));
        assertEquals("started", rr.values().get("state"));
    }

    @Test void systemdMissingUnitAndFailedStart() {
        Result missing = Run.run(new SystemdModule(), new FakeTarget().on("systemctl show", 0, SHOW_MISSING),
                "name", "nosuch", "state", "started");
        assertTrue(missing.isFailed());
        assertTrue(missing.msg().startsWith("Could not find the requested service nosuch: host"), missing.msg());
        FakeTarget t = new FakeTarget().on("systemctl show", 0, SHOW_STOPPED)
                .on("systemctl start", new ExecResult(1, "", "Job for grafana.service failed.\n"));
        Result f = Run.run(new SystemdModule(), t, "name", "grafana", "state", "started");
        assertEquals("Unable to start service grafana: Job for grafana.service failed. (systemd on fake)", f.msg());
    }

    @Test void systemdOnAHostWithoutSystemdSaysSoInsteadOfBlamingTheUnitName() {
        String offline = "System has not been booted with systemd as init system (PID 1). Can't operate.\n"
                + "Failed to connect to bus: Host is down\n" + SystemdManager.ENABLED + "\nrc=1\n";
        FakeTarget t = new FakeTarget().check(true).on("systemctl show", 0, offline);
        Result r = Run.run(new SystemdModule(), t, "name", "grafana", "state", "started");
        assertTrue(r.isFailed());
        assertEquals("Could not find the requested service grafana: host (systemd on fake: System has not been booted with"
                + " systemd as init system (PID 1). Can't operate.)", r.msg());
        assertTrue(t.commands("apply").isEmpty());
        Result gone = Run.run(new SystemdModule(), new FakeTarget().on("systemctl show", 0,
                "sh: 1: systemctl: not found\n" + SystemdManager.ENABLED + "\nrc=127\n"), "name", "grafana", "state", "started");
        assertTrue(gone.msg().endsWith("(systemd on fake: sh: 1: systemctl: not found)"), gone.msg());
        Result missing = Run.run(new SystemdModule(), new FakeTarget().on("systemctl show", 0, SHOW_MISSING),
                "name", "nosuch", "state", "started");
        assertEquals("Could not find the requested service nosuch: host (systemd on fake)", missing.msg());
    }

    @Test void serviceDetectsOpenRc() {
        FakeTarget t = new FakeTarget().check(true).on("run/systemd/system", 0, "openrc\n")
                .on("rc-service sshd status", 0, "exists\n");
        Result r = Run.run(new ServiceModule(), t, "name", "sshd", "state", "started", "enabled", true);
        assertTrue(r.isChanged());
        assertEquals(List.of("rc-update add sshd default", "rc-service sshd start"), t.commands("apply"));
        FakeTarget up = new FakeTarget().on("run/systemd/system", 0, "openrc\n")
                .on("rc-service sshd status", 0, "exists\nrunning\nenabled\n");
        assertFalse(Run.run(new ServiceModule(), up, "name", "sshd", "state", "started", "enabled", true).isChanged());
    }

    @Test void serviceDetectsSysvAndSystemd() {
        FakeTarget t = new FakeTarget().check(true).on("run/systemd/system", 0, "sysvinit\n")
                .on("service cron status", 0, "exists\nrunning\nenabled\ntool=update-rc.d\n");
        Run.run(new ServiceModule(), t, "name", "cron", "state", "reloaded", "enabled", false);
        assertEquals(List.of("update-rc.d cron disable",
                "if command -v service >/dev/null 2>&1; then service cron reload; else /etc/init.d/cron reload; fi"), t.commands("apply"));
        FakeTarget sd = new FakeTarget().check(true).on("run/systemd/system", 0, "systemd\n").on("systemctl show", 0, SHOW_RUNNING);
        Run.run(new ServiceModule(), sd, "name", "ssh", "state", "stopped");
        assertEquals(List.of("systemctl stop ssh"), sd.commands("apply"));
    }

    @Test void sysvWithoutUpdateRcDOrChkconfigCannotEnableAndSaysSoInCheckModeToo() {
        for (boolean check : new boolean[] {true, false}) {
            FakeTarget t = new FakeTarget().check(check).on("run/systemd/system", 0, "sysvinit\n")
                    .on("status", 0, "exists\n").on("^if command -v service", 0, "");
            Result r = Run.run(new ServiceModule(), t, "name", "pbdemo", "state", "started", "enabled", true);
            assertTrue(r.isFailed(), "check=" + check);
            assertEquals("Unable to enable service pbdemo: neither update-rc.d nor chkconfig is installed to enable it"
                    + " (sysvinit on fake)", r.msg());
            assertEquals(List.of(), t.commands("apply"));
            Result start = Run.run(new ServiceModule(), t, "name", "pbdemo", "state", "started");
            assertTrue(start.isChanged() && !start.isFailed(), "starting needs no link tool: " + start.msg());
        }
    }

    @Test void serviceDetectsLaunchd() {
        String loaded = "plist=/Library/LaunchDaemons/com.example.pull.plist\n\t\"Label\" = \"com.example.pull\";\n";
        FakeTarget t = new FakeTarget().check(true).on("run/systemd/system", 0, "launchd\n").on("launchctl list", 0, loaded);
        Result r = Run.run(new ServiceModule(), t, "name", "com.example.pull", "state", "started", "enabled", true);
        assertTrue(r.isChanged());
        assertEquals(List.of("launchctl start com.example.pull"), t.commands("apply"));
        FakeTarget off = new FakeTarget().check(true).on("run/systemd/system", 0, "launchd\n")
                .on("launchctl list", 0, "plist=/Library/LaunchDaemons/com.example.pull.plist\n");
        Run.run(new ServiceModule(), off, "name", "com.example.pull", "enabled", true);
        assertEquals(List.of("launchctl load -w /Library/LaunchDaemons/com.example.pull.plist"), off.commands("apply"));
        Result ok = Run.run(new ServiceModule(), new FakeTarget().on("run/systemd/system", 0, "launchd\n")
                .on("launchctl list", 0, loaded + "\t\"PID\" = 412;\n"), "name", "com.example.pull", "state", "started");
        assertFalse(ok.isChanged());
    }
}
