package playbook.modules.system;

import org.junit.jupiter.api.Test;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.Run;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** hostname and sysctl through FakeTarget only: this machine's hostname and kernel are not touched. */
class HostnameSysctlFakeTest {
    private static String stdin(FakeTarget t, int i) {
        return new String(t.sent.stream().filter(s -> s.kind().equals("apply")).toList().get(i).stdin(), StandardCharsets.UTF_8);
    }

    @Test void hostnameDebianWritesEtcHostnameThenSetsCurrent() {
        FakeTarget t = new FakeTarget().on("strategy=", 0, "strategy=file\ncur=raspberrypi\nperm=raspberrypi\n").on("hostname", 0, "");
        Result r = Run.run(new HostnameModule(), t, "name", "pi.home.lan");
        assertTrue(r.isChanged());
        List<String> a = t.commands("apply");
        assertEquals(1, a.size());
        assertTrue(a.get(0).contains("mv -f /etc/.hostname.pbtmp"), a.get(0));
        assertTrue(a.get(0).endsWith(" && hostname pi.home.lan"), a.get(0));
        assertEquals("pi.home.lan\n", stdin(t, 0));
        assertEquals("hostname = raspberrypi\n", r.diffs().get(0).before());
        assertEquals("pi", r.facts().get("ansible_hostname"));
        FakeTarget same = new FakeTarget().on("strategy=", 0, "strategy=file\ncur=pi.home.lan\nperm=pi.home.lan\n");
        assertFalse(Run.run(new HostnameModule(), same, "name", "pi.home.lan").isChanged());
        assertTrue(same.commands("apply").isEmpty());
    }

    @Test void hostnameSystemdMacAlpineOpenrc() {
        FakeTarget sd = new FakeTarget().check(true).on("strategy=", 0, "strategy=systemd\ncur=old\nperm=old\n");
        Run.run(new HostnameModule(), sd, "name", "new-host", "use", "systemd");
        assertEquals(List.of("hostnamectl --pretty --static set-hostname new-host && hostnamectl --transient set-hostname new-host"),
                sd.commands("apply"));
        assertTrue(sd.commands("probe").get(0).startsWith("s=systemd\n"), "use= skips detection");

        FakeTarget mac = new FakeTarget().check(true).on("strategy=", 0, "strategy=darwin\ncur=Mac\nperm=Mac's Mini\n");
        Run.run(new HostnameModule(), mac, "name", "mac offsite");
        assertEquals(List.of("scutil --set ComputerName 'mac offsite' && scutil --set LocalHostName mac-offsite"
                + " && scutil --set HostName 'mac offsite'"), mac.commands("apply"));

        FakeTarget alp = new FakeTarget().check(true).on("strategy=", 0, "strategy=alpine\ncur=localhost\nperm=localhost\n");
        Run.run(new HostnameModule(), alp, "name", "alpine1");
        assertTrue(alp.commands("apply").get(0).endsWith("&& hostname -F /etc/hostname"));

        assertEquals("# comment\nhostname=\"box\"\n", HostnameModule.openrcFile("# comment\nhostname=\"old\"\n", "box"));
        FakeTarget orc = new FakeTarget().check(true).on("strategy=", 0, "strategy=openrc\ncur=box\nperm=old\n"
                + AtomicFile.MARK + "\nhostname=\"old\"\n");
        assertTrue(Run.run(new HostnameModule(), orc, "name", "box").isChanged());
        assertEquals("hostname=\"box\"\n", stdin(orc, 0));
    }

    @Test void sysctlAddsToFileAndReloads() {
        FakeTarget t = new FakeTarget().diff(true).on("sysctl -e -n", 0, "os=Linux\ncur=0\n" + AtomicFile.MARK
                + "\n# kernel\nvm.swappiness = 60\nnet.ipv4.ip_forward=0\nvm.swappiness=10\n").on("^out=", 0, "");
        Result r = Run.run(new SysctlModule(), t, "name", "net.ipv4.ip_forward", "value", "yes", "sysctl_set", true);
        assertTrue(r.isChanged());
        assertEquals("# kernel\nvm.swappiness=60\nnet.ipv4.ip_forward=1\n", stdin(t, 0), "Ansible normalizes and dedups the file");
        String apply = t.commands("apply").get(0);
        assertTrue(apply.contains("sysctl -w net.ipv4.ip_forward=1 && sysctl -p /etc/sysctl.conf"), apply);
        assertEquals("# kernel\nvm.swappiness=60\nnet.ipv4.ip_forward=1\n", r.diffs().get(0).after());
    }

    @Test void sysctlIdempotentAbsentAndFailures() {
        String probe = "os=Linux\ncur=1\n" + AtomicFile.MARK + "\nnet.ipv4.ip_forward=1\n";
        FakeTarget ok = new FakeTarget().on("sysctl -e -n", 0, probe);
        assertFalse(Run.run(new SysctlModule(), ok, "name", "net.ipv4.ip_forward", "value", 1, "sysctl_set", true).isChanged());
        assertTrue(ok.commands("apply").isEmpty());

        FakeTarget live = new FakeTarget().check(true).on("sysctl -e -n", 0, "os=Linux\ncur=0\n" + AtomicFile.MARK + "\nnet.ipv4.ip_forward=1\n");
        assertTrue(Run.run(new SysctlModule(), live, "name", "net.ipv4.ip_forward", "value", "1").isChanged(),
                "file matches but the live value differs: reload changes it");
        assertTrue(live.commands("apply").get(0).contains("sysctl -p /etc/sysctl.conf"));

        FakeTarget abs = new FakeTarget().check(true).on("sysctl -e -n", 0, probe);
        assertTrue(Run.run(new SysctlModule(), abs, "name", "net.ipv4.ip_forward", "state", "absent", "reload", false).isChanged());
        assertEquals("", stdin(abs, 0));

        FakeTarget bad = new FakeTarget().on("sysctl -e -n", 0, "os=Linux\nnocur\n")
                .on("^out=", new ExecResult(1, "sysctl: setting key \"kernel.nope\": Invalid argument\n", ""));
        Result f = Run.run(new SysctlModule(), bad, "name", "kernel.nope", "value", "1", "sysctl_file", "/tmp/x.conf");
        assertEquals("Failed to reload sysctl: sysctl: setting key \"kernel.nope\": Invalid argument (fake)", f.msg());
        assertEquals("value cannot be blank", Run.run(new SysctlModule(), new FakeTarget(), "name", "a", "value", "").msg());
    }

    @Test void sysctlBsdSetsWithoutDashW() {
        FakeTarget t = new FakeTarget().check(true).on("sysctl -e -n", 0, "os=Darwin\ncur=0\n");
        Run.run(new SysctlModule(), t, "name", "net.inet.ip.forwarding", "value", "1", "sysctl_set", true,
                "sysctl_file", "/etc/sysctl.conf");
        String a = t.commands("apply").get(0);
        assertTrue(a.contains("sysctl net.inet.ip.forwarding=1"), a);
        assertFalse(a.contains("sysctl -p"), "BSD has no sysctl -p: " + a);
    }
}
