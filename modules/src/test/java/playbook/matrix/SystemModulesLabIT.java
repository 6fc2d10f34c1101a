package playbook.matrix;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The modules that change the machine itself (group, user, mount, hostname, sysctl, cron,
 * authorized_key, known_hosts, service, systemd) on the lab's pi, never on this machine: pi has its
 * own overlay root, mount, UTS and network namespaces, so /etc, mounts, the hostname and net.*
 * sysctls written there stay there. Per case: the state on pi after the first run, the idempotent
 * second run, check mode leaving pi as it was, and the diff. Lab network 19, state /tmp/lab-matrix.
 */
class SystemModulesLabIT {
    static final LabHosts LAB = new LabHosts("19", Path.of("/tmp/lab-matrix"));
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBs7s0JhKga9MH2IeCnvytCu1Wc2dhsVXs4p/TEf94s0 pb@matrix";
    static final String KEY_B64 = KEY.split(" ")[1];

    /** A stand-in for crontab(1) (the machine has no cron package): -l, - and -u USER on /var/spool/cron/crontabs. */
    static final String CRONTAB = "#!/bin/sh\nu=$(id -un); if [ \"$1\" = -u ]; then u=$2; shift 2; fi\n"
            + "f=/var/spool/cron/crontabs/$u\ncase \"$1\" in\n"
            + "  -l) [ -f \"$f\" ] || { echo \"no crontab for $u\" >&2; exit 1; }; cat \"$f\" ;;\n"
            + "  -) mkdir -p /var/spool/cron/crontabs && cat > \"$f\" ;;\n"
            + "  *) echo \"crontab stand-in: unsupported $*\" >&2; exit 2 ;;\nesac\n";

    /** A SysV init script whose daemon is a sleep with a pid file. */
    static String initScript(String name) {
        return "#!/bin/sh\n### BEGIN INIT INFO\n# Provides: " + name + "\n# Required-Start:\n# Required-Stop:\n"
                + "# Default-Start: 2 3 4 5\n# Default-Stop: 0 1 6\n# Short-Description: test\n### END INIT INFO\n"
                + "p=/run/" + name + ".pid\ncase \"$1\" in\n"
                + "  start) [ -f $p ] && kill -0 $(cat $p) 2>/dev/null && exit 0; sleep 600 >/dev/null 2>&1 & echo $! > $p ;;\n"
                + "  stop) [ -f $p ] && kill $(cat $p) 2>/dev/null; rm -f $p ;;\n"
                + "  restart) $0 stop; $0 start ;;\n"
                + "  status) [ -f $p ] && kill -0 $(cat $p) 2>/dev/null ;;\nesac\n";
    }

    static String install(String path, String content, String mode) {
        return "mkdir -p \"$(dirname " + path + ")\" && printf '%s' '" + content.replace("'", "'\\''") + "' > " + path
                + " && chmod " + mode + " " + path;
    }

    @TempDir
    static Path work;

    @BeforeAll
    static void up() throws Exception {
        LAB.up();
    }

    @AfterAll
    static void down() throws Exception {
        LAB.down();
    }

    /** On pi with the machine's GNU userland. */
    @TestFactory
    Stream<DynamicNode> gnu() throws Exception {
        return new LabMatrix(LAB, "pi", java.nio.file.Files.createDirectories(work.resolve("gnu")), cases("pi"), null).tests();
    }

    /**
     * On mac with a PATH of BusyBox applets only for every task (the state is still read with GNU
     * tools). Debian's BusyBox has no adduser, addgroup, crontab or update-rc.d: those cases must fail
     * saying what is missing, and change nothing.
     */
    @TestFactory
    Stream<DynamicNode> busybox() throws Exception {
        List<LabCase> cases = new java.util.ArrayList<>();
        cases.add(LabCase.of("userland is BusyBox", BUSYBOX_SETUP, """
                shell: readlink -f "$(command -v tar)" > /root/userland
                args:
                  creates: /root/userland
                """, "cat /root/userland 2>&1", "/usr/bin/busybox\n"));
        for (LabCase c : cases("mac")) {
            cases.add(switch (c.name()) {
                case "group present", "group absent", "user present", "user absent with home", "user appended to a group" ->
                        c.failing("no account tools there (neither useradd/groupadd from the passwd package nor BusyBox adduser/addgroup");
                case "cron user crontab" -> c.failing("Unable to read crontab on mac: ").statuses("failed", "failed", "failed");
                case "service started and enabled" -> c.failing("neither update-rc.d nor chkconfig is installed to enable it");
                default -> c;
            });
        }
        LabCase last = cases.remove(cases.size() - 1);
        cases.add(new LabCase(last.name(), last.setup().isEmpty() ? HIDE_GNU_TOOLS : last.setup() + " && " + HIDE_GNU_TOOLS, last.task(),
                last.state(), last.expect(), last.first(), last.check(), last.rerun(), last.diff(), last.message()));
        return new LabMatrix(LAB, "mac", java.nio.file.Files.createDirectories(work.resolve("busybox")), cases, BUSYBOX_BIN).tests();
    }

    static final String BUSYBOX_BIN = "/opt/pb-busybox";
    /**
     * BusyBox applets in /opt/pb-busybox, and mac's GNU account and rc tools moved aside (mac's overlay
     * root keeps that private to mac): the account probe adds /usr/sbin to PATH, as it must on real hosts.
     */
    static final String BUSYBOX_SETUP = "mkdir -p " + BUSYBOX_BIN + " /root/pb-hidden && for a in $(/usr/bin/busybox --list); do "
            + "ln -sf /usr/bin/busybox " + BUSYBOX_BIN + "/$a; done";
    /** Runs after every case's setup (which may use groupadd or useradd). */
    static final String HIDE_GNU_TOOLS = "for t in useradd groupadd usermod userdel groupmod groupdel adduser addgroup deluser delgroup update-rc.d; do "
            + "p=$(command -v $t) && mv \"$p\" /root/pb-hidden/; done; true";

    static List<LabCase> cases(String host) {
        return List.of(
                LabCase.of("group present", "", """
                        group:
                          name: pbgrp
                          gid: 4242
                        """, "getent group pbgrp || echo none", "pbgrp:x:4242:\n"),
                LabCase.of("group absent", "groupadd -g 4250 pbgone", """
                        group:
                          name: pbgone
                          state: absent
                        """, "getent group pbgone || echo none", "none\n"),
                LabCase.of("user present", "", """
                        user:
                          name: pbuser
                          uid: 4243
                          group: users
                          comment: PB User
                          shell: /bin/sh
                        """, "getent passwd pbuser || echo none; stat -c '%U' /home/pbuser 2>&1",
                        "pbuser:x:4243:100:PB User:/home/pbuser:/bin/sh\npbuser\n"),
                LabCase.of("user absent with home", "useradd -m pbold", """
                        user:
                          name: pbold
                          state: absent
                          remove: true
                        """, "getent passwd pbold || echo none; [ -e /home/pbold ] && echo home || echo nohome", "none\nnohome\n"),
                LabCase.of("user appended to a group", "groupadd pbextra && useradd pbmember", """
                        user:
                          name: pbmember
                          groups: [pbextra]
                          append: true
                        """, "id -nG pbmember", "pbmember pbextra\n"),
                LabCase.of("mount mounted", "", """
                        mount:
                          path: /mnt/pbtmp
                          src: tmpfs
                          fstype: tmpfs
                          opts: size=1m
                          state: mounted
                        """, "findmnt -n -o FSTYPE /mnt/pbtmp || echo none; grep pbtmp /etc/fstab || echo nofstab",
                        "tmpfs\ntmpfs\\s+/mnt/pbtmp\\s+tmpfs\\s+size=1m\\s+0\\s+0\n").diff("+tmpfs", "/mnt/pbtmp"),
                LabCase.of("mount present in fstab only", "", """
                        mount:
                          path: /mnt/pbfstab
                          src: /dev/pbnone
                          fstype: ext4
                          opts: noauto
                          state: present
                        """, "grep pbfstab /etc/fstab || echo nofstab; findmnt /mnt/pbfstab >/dev/null && echo mounted || echo notmounted",
                        "/dev/pbnone\\s+/mnt/pbfstab\\s+ext4\\s+noauto\\s+0\\s+0\nnotmounted\n").diff("+/dev/pbnone"),
                LabCase.of("mount unmounted", "mkdir -p /mnt/pbum && mount -t tmpfs tmpfs /mnt/pbum", """
                        mount:
                          path: /mnt/pbum
                          state: unmounted
                        """, "findmnt /mnt/pbum >/dev/null && echo mounted || echo notmounted", "notmounted\n"),
                LabCase.of("hostname", "", """
                        hostname:
                          name: pi-renamed
                        """, "hostname; cat /etc/hostname", "pi-renamed\npi-renamed\n").diff("hostname = " + host + "\n", "hostname = pi-renamed"),
                LabCase.of("sysctl in a file of its own", "", """
                        sysctl:
                          name: net.ipv4.ip_forward
                          value: "1"
                          sysctl_file: /etc/sysctl.d/99-pb.conf
                          sysctl_set: true
                        """, "sysctl -n net.ipv4.ip_forward; cat /etc/sysctl.d/99-pb.conf 2>&1",
                        "1\nnet.ipv4.ip_forward\\s?=\\s?1\n").diff("+net.ipv4.ip_forward"),
                LabCase.of("cron file", "", """
                        cron:
                          name: pb backup
                          minute: "5"
                          hour: "3"
                          job: /usr/local/bin/backup
                          user: root
                          cron_file: pb-backup
                        """, "cat /etc/cron.d/pb-backup 2>&1", "#Ansible: pb backup\n5 3 \\* \\* \\* root /usr/local/bin/backup\n")
                        .diff("+5 3 * * * root /usr/local/bin/backup"),
                LabCase.of("cron user crontab", install("/usr/local/bin/crontab", CRONTAB, "755"), """
                        cron:
                          name: pb nightly
                          special_time: daily
                          job: echo hi
                          user: root
                        """, "cat /var/spool/cron/crontabs/root 2>&1", "#Ansible: pb nightly\n@daily echo hi\n").diff("+@daily echo hi"),
                LabCase.of("authorized_key", "useradd -m pbkeys", """
                        authorized_key:
                          user: pbkeys
                          key: %s
                        """.formatted(KEY), "stat -c '%U %a' /home/pbkeys/.ssh /home/pbkeys/.ssh/authorized_keys 2>&1; "
                        + "cat /home/pbkeys/.ssh/authorized_keys 2>&1",
                        "pbkeys 700\npbkeys 600\n" + java.util.regex.Pattern.quote(KEY) + "\n").diff("+" + KEY),
                LabCase.of("authorized_key absent", "useradd -m pbkeys2 && mkdir -m 700 /home/pbkeys2/.ssh && printf '%s\\n' 'ssh-ed25519 "
                        + "AAAAC3NzaC1lZDI1NTE5AAAAIOtherOtherOtherOtherOtherOtherOtherOther keep' '" + KEY + "' > /home/pbkeys2/.ssh/authorized_keys", """
                        authorized_key:
                          user: pbkeys2
                          key: %s
                          state: absent
                        """.formatted(KEY), "cat /home/pbkeys2/.ssh/authorized_keys",
                        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherOtherOtherOtherOtherOtherOtherOther keep\n").diff("-" + KEY),
                LabCase.of("known_hosts", "", """
                        known_hosts:
                          name: backup.example.org
                          key: backup.example.org ssh-ed25519 %s
                        """.formatted(KEY_B64), "cat /root/.ssh/known_hosts 2>&1",
                        "(.*\n)?backup\\.example\\.org ssh-ed25519 " + java.util.regex.Pattern.quote(KEY_B64) + "\n").diff("+backup.example.org ssh-ed25519"),
                LabCase.of("service started and enabled", install("/etc/init.d/pbdemo", initScript("pbdemo"), "755"), """
                        service:
                          name: pbdemo
                          state: started
                          enabled: true
                        """, "/etc/init.d/pbdemo status && echo running || echo stopped; ls /etc/rc2.d | grep pbdemo || echo notenabled",
                        "running\nS\\d\\dpbdemo\n"),
                LabCase.of("service stopped", install("/etc/init.d/pbstop", initScript("pbstop"), "755") + " && /etc/init.d/pbstop start", """
                        service:
                          name: pbstop
                          state: stopped
                        """, "/etc/init.d/pbstop status && echo running || echo stopped", "stopped\n"),
                // no systemd in the lab (nor on a BusyBox box): systemd must say so instead of pretending
                LabCase.of("systemd without systemd", "", """
                        systemd:
                          name: pbnounit
                          state: started
                        """, "echo unchanged", "unchanged\n").failing("(systemd on " + host + ": "));
    }
}
