package playbook.modules.sync;

import org.junit.jupiter.api.Test;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.HostConnection;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.LocalTarget;
import playbook.modules.files.ControllerTarget;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Command lines for push, pull, delegation, ssh settings and become, and the itemized-output parser. */
class SynchronizeModuleTest {
    static final String RSYNC_327 = "rsync  version 3.2.7  protocol version 32\nCopyright (C) 1996-2022 by Andrew Tridgell\n";
    static final String OUT_FMT = "'--out-format=<<CHANGED>>%i %n%L'";
    final SynchronizeModule module = new SynchronizeModule();

    static Args args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return new SynchronizeModule().spec().validate("synchronize", m);
    }

    static HostConnection web(String sshArgs, boolean hostKeyChecking, String becomeUser) {
        return new HostConnection("web", "ssh", "10.0.0.5", 2222, "deploy", "/keys/id_ed25519", sshArgs, null,
                hostKeyChecking, becomeUser == null ? null : "sudo", becomeUser);
    }

    /** A task target for host web whose controller answers rsync. */
    static FakeTarget[] controllerSetup(HostConnection hc, String rsyncStdout) {
        return controllerSetup(hc, new ExecResult(0, rsyncStdout, ""));
    }

    static FakeTarget[] controllerSetup(HostConnection hc, ExecResult rsync) {
        FakeTarget task = new FakeTarget();
        FakeTarget controller = new FakeTarget();
        controller.on("^rsync --version$", 0, RSYNC_327);
        controller.on("^rsync .*--out-format", rsync);
        task.inventoryHost = hc;
        task.controller = controller;
        return new FakeTarget[]{task, controller};
    }

    @Test
    void pushRunsOnTheControllerWithTheRunsSshSettings() {
        FakeTarget[] t = controllerSetup(web("-o UserKnownHostsFile=/run/kh -o StrictHostKeyChecking=yes", true, null),
                "<<CHANGED>>cd+++++++++ ./\n<<CHANGED>>>f+++++++++ a.txt\n");
        Result r = module.run(args("src", "/srv/a/", "dest", "/srv/b"), t[0]);
        assertTrue(r.isChanged());
        assertFalse(r.isFailed(), r.msg());
        String expected = "rsync --delay-updates -F --compress --archive '--rsh=ssh -S none -o BatchMode=yes -i /keys/id_ed25519 "
                + "-o Port=2222 -o UserKnownHostsFile=/run/kh -o StrictHostKeyChecking=yes' " + OUT_FMT
                + " /srv/a/ deploy@10.0.0.5:/srv/b";
        assertEquals(List.of(expected), t[1].commands("apply"));
        assertEquals(expected, r.values().get("cmd"));
        assertEquals(0, r.values().get("rc"));
        assertEquals(List.of("cd+++++++++ ./", ">f+++++++++ a.txt"), r.values().get("stdout_lines"));
        assertEquals("cd+++++++++ ./\n>f+++++++++ a.txt\n", r.msg());
        assertTrue(t[0].sent.isEmpty(), "nothing runs on the inventory host itself: " + t[0].sent);
    }

    @Test
    void pullDelegatedRunsOnTheDelegateWithTheInventoryAddressAndSudoOnTheRemoteSide() {
        FakeTarget mac = new FakeTarget();
        mac.delegated = true;
        mac.inventoryHost = new HostConnection("pi", "ssh", "10.77.11.11", null, "root", "/tmp/lab/id_ed25519",
                "-o UserKnownHostsFile=/tmp/lab/known_hosts", null, true, "sudo", "root");
        mac.on("^rsync --version$", 0, RSYNC_327).on("^rsync .*--out-format", 0, "");
        Result r = module.run(args("mode", "pull", "src", "/mnt/hdd/backups/", "dest", "/srv/offsite/"), mac);
        assertFalse(r.isChanged());
        assertFalse(r.isFailed(), r.msg());
        // the delegate uses its own keys and known_hosts: no controller key, no controller ssh args
        assertEquals(List.of("rsync --delay-updates -F --compress --archive '--rsh=ssh -S none -o BatchMode=yes' "
                + "'--rsync-path=sudo -u root rsync' " + OUT_FMT + " root@10.77.11.11:/mnt/hdd/backups/ /srv/offsite/"),
                mac.commands("apply"));
    }

    @Test
    void aDelegatedRsyncRunsAsTheDelegatesLoginUserUnlessItSyncsOnTheInventoryHostItself() {
        FakeTarget mac = new FakeTarget();
        FakeTarget macAsLoginUser = new FakeTarget();
        mac.delegated = true;
        mac.unprivileged = macAsLoginUser;
        mac.inventoryHost = new HostConnection("pi", "ssh", "10.77.11.11", null, "admin", null, "", null, true, "sudo", "root");
        macAsLoginUser.on("^rsync --version$", 0, RSYNC_327).on("^rsync .*--out-format", 0, "");
        module.run(args("mode", "pull", "src", "/a/", "dest", "/b/"), mac);
        assertTrue(mac.sent.isEmpty(), "become moves to the far side: " + mac.sent);
        assertTrue(macAsLoginUser.commands("apply").get(0).contains("'--rsync-path=sudo -u root rsync'"));

        FakeTarget self = new FakeTarget();
        self.delegated = true;
        self.unprivileged = new FakeTarget();
        self.inventoryHost = new HostConnection("fake", "ssh", "10.0.0.9", null, "admin", null, "", null, true, "sudo", "root");
        self.on("^rsync --version$", 0, RSYNC_327).on("^rsync .*--out-format", 0, "");
        module.run(args("src", "/a/", "dest", "/b/"), self);
        String cmd = self.commands("apply").get(0);
        assertFalse(cmd.contains("--rsync-path") || cmd.contains("--rsh"), "one host, its own become: " + cmd);
    }

    @Test
    void delegateToLocalhostIsTheControllerWithTheRunsSshSettings() {
        FakeTarget[] t = controllerSetup(web("-o UserKnownHostsFile=/run/kh", true, null), "");
        FakeTarget delegated = new FakeTarget();
        delegated.delegated = true;
        delegated.inventoryHost = t[0].inventoryHost;
        delegated.controller = t[1];
        // ControllerTarget answers host() with "localhost": the delegate's name
        Result r = module.run(args("src", "/a/", "dest", "/b/"), new ControllerTarget(delegated, Path.of("/")));
        assertFalse(r.isFailed(), r.msg());
        assertTrue(t[1].commands("apply").get(0).contains("-i /keys/id_ed25519 -o Port=2222 -o UserKnownHostsFile=/run/kh"),
                t[1].commands("apply").toString());
    }

    @Test
    void delegatedWithUseSshArgsAndDestPortPassesThemOn() {
        FakeTarget mac = new FakeTarget();
        mac.delegated = true;
        mac.inventoryHost = web("-o ConnectTimeout=5", true, null);
        mac.on("^rsync --version$", 0, RSYNC_327).on("^rsync .*--out-format", 0, "");
        module.run(args("src", "/a", "dest", "/b", "use_ssh_args", true, "dest_port", 2200, "private_key", "/root/.ssh/k",
                "set_remote_user", false), mac);
        String cmd = mac.commands("apply").get(0);
        assertTrue(cmd.contains("'--rsh=ssh -S none -o BatchMode=yes -i /root/.ssh/k -o Port=2200 -o ConnectTimeout=5'"), cmd);
        assertTrue(cmd.endsWith(" /a 10.0.0.5:/b"), cmd);
    }

    @Test
    void hostKeyCheckingOffInTheRunOrVerifyHostFalseTurnsItOffForRsyncToo() {
        FakeTarget[] t = controllerSetup(web("", false, null), "");
        module.run(args("src", "/a", "dest", "/b"), t[0]);
        assertTrue(t[1].commands("apply").get(0).contains("-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"));
        FakeTarget[] v = controllerSetup(web("", true, null), "");
        module.run(args("src", "/a", "dest", "/b"), v[0]);
        assertFalse(v[1].commands("apply").get(0).contains("StrictHostKeyChecking"), "on by default: ssh's own strict checking");
        FakeTarget[] off = controllerSetup(web("", true, null), "");
        module.run(args("src", "/a", "dest", "/b", "verify_host", false), off[0]);
        assertTrue(off[1].commands("apply").get(0).contains("-o StrictHostKeyChecking=no"));
    }

    @Test
    void optionsMapToRsyncFlagsLikeAnsible() {
        FakeTarget[] t = controllerSetup(web("", true, "backup"), "");
        module.run(args("src", "/a", "dest", "/b", "delete", true, "checksum", true, "compress", false, "times", false,
                "owner", false, "rsync_timeout", 30, "partial", true, "existing_only", true, "delay_updates", false,
                "rsync_opts", List.of("--exclude=*.tmp", "--no-motd"), "ssh_args", "-o LogLevel=ERROR"), t[0]);
        String cmd = t[1].commands("apply").get(0);
        assertEquals("rsync --timeout=30 --delete-after --existing --checksum --archive --no-times --no-owner "
                + "'--rsh=ssh -S none -o BatchMode=yes -i /keys/id_ed25519 -o Port=2222 -o LogLevel=ERROR' "
                + "'--rsync-path=sudo -u backup rsync' '--exclude=*.tmp' --no-motd --partial " + OUT_FMT
                + " /a deploy@10.0.0.5:/b", cmd);
        FakeTarget[] noArchive = controllerSetup(web("", true, null), "");
        module.run(args("src", "/a", "dest", "/b", "archive", false, "recursive", true, "links", true), noArchive[0]);
        assertTrue(noArchive[1].commands("apply").get(0).startsWith("rsync --delay-updates -F --compress --recursive --links '--rsh="));
        FakeTarget[] ownRsh = controllerSetup(web("", true, null), "");
        module.run(args("src", "/a", "dest", "/b", "rsync_opts", List.of("--rsh=ssh -p 99"), "rsync_path", "/opt/rsync"), ownRsh[0]);
        String c = ownRsh[1].commands("apply").get(0);
        assertTrue(c.contains("'--rsh=ssh -p 99'") && !c.contains("BatchMode"), "the user's --rsh replaces ours: " + c);
        assertTrue(c.contains("--rsync-path=/opt/rsync"), c);
    }

    @Test
    void checkModeIsADryRunThatStillRunsAndReportsWhatWouldChange() {
        FakeTarget[] t = controllerSetup(web("", true, null), "<<CHANGED>>>f+++++++++ new.txt\n<<CHANGED>>*deleting   old.txt\n");
        t[0].check(true);
        t[1].check(true);
        t[0].diff(true);
        Result r = module.run(args("src", "/a/", "dest", "/b/", "delete", true), t[0]);
        assertTrue(r.isChanged());
        assertTrue(t[1].commands("apply").isEmpty(), "check mode never applies");
        List<String> probes = t[1].commands("probe");
        String cmd = probes.get(probes.size() - 1);
        assertTrue(cmd.contains(" --dry-run "), cmd);
        assertEquals(1, r.diffs().size());
        assertEquals(">f+++++++++ new.txt\n*deleting old.txt\n", r.diffs().get(0).after());
    }

    @Test
    void pathsWithSpacesQuotesAndCommandSubstitutionReachRsyncAsOneWordEach() {
        FakeTarget[] t = controllerSetup(web("-o 'UserKnownHostsFile=/run/my hosts'", true, null), "");
        String src = "/data/it's a $(touch /tmp/pwned) `x`/";
        String dest = "/backup/dir with \"quotes\"/";
        module.run(args("src", src, "dest", dest), t[0]);
        String cmd = t[1].commands("apply").get(0);
        // what sh hands to rsync: replace the program by printf and look at the words
        ExecResult words = LocalTarget.exec("printf '%s\\n'" + cmd.substring("rsync".length()), null);
        List<String> argv = List.of(words.stdout().split("\n"));
        assertEquals(src, argv.get(argv.size() - 2));
        assertEquals("deploy@10.0.0.5:" + dest, argv.get(argv.size() - 1));
        assertTrue(argv.contains("--rsh=ssh -S none -o BatchMode=yes -i /keys/id_ed25519 -o Port=2222 "
                + "-o 'UserKnownHostsFile=/run/my hosts'"), argv.toString());
    }

    @Test
    void olderRsyncsProtectRemotePathsTheirOwnWay() {
        for (String[] c : new String[][]{
                {"rsync  version 3.1.3  protocol version 31\n", "--protect-args", "deploy@10.0.0.5:'/b c'"},
                {"rsync  version 2.6.9  protocol version 29\n", null, "'deploy@10.0.0.5:'\"'\"'/b c'\"'\"''"},
                {"openrsync: protocol version 29\n", null, "'deploy@10.0.0.5:'\"'\"'/b c'\"'\"''"}}) {
            FakeTarget task = new FakeTarget();
            FakeTarget controller = new FakeTarget();
            controller.on("^rsync --version$", 0, c[0]).on("^rsync .*--out-format", 0, "");
            task.inventoryHost = web("", true, null);
            task.controller = controller;
            module.run(args("src", "/a", "dest", "/b c"), task);
            String cmd = controller.commands("apply").get(0);
            assertEquals(c[1] != null, cmd.contains("--protect-args"), cmd);
            if (c[1] == null) assertTrue(cmd.endsWith(" " + c[2]), cmd);
            else assertTrue(cmd.endsWith(" 'deploy@10.0.0.5:/b c'"), cmd);
        }
    }

    @Test
    void aLocalConnectionHostOrADelegationToTheHostItselfSyncsTwoLocalPaths() {
        FakeTarget task = new FakeTarget();
        FakeTarget controller = new FakeTarget();
        controller.on("^rsync --version$", 0, RSYNC_327).on("^rsync .*--out-format", 0, "");
        task.inventoryHost = new HostConnection("localhost", "local", "localhost", null, null, null, "", null, true, "sudo", "root");
        task.controller = controller;
        module.run(args("src", "/a/", "dest", "/b:c"), task);
        assertEquals("rsync --delay-updates -F --compress --archive " + OUT_FMT + " /a/ /b:c", controller.commands("apply").get(0));
        FakeTarget self = new FakeTarget();
        self.delegated = true;
        self.inventoryHost = new HostConnection("fake", "ssh", "10.0.0.9", null, "root", null, "", null, true, null, null);
        self.on("^rsync --version$", 0, RSYNC_327).on("^rsync .*--out-format", 0, "");
        module.run(args("src", "rel:x", "dest", "/b"), self);
        assertEquals("rsync --delay-updates -F --compress --archive " + OUT_FMT + " ./rel:x /b", self.commands("apply").get(0));
    }

    /**
     * rsync's version decides how a remote path is protected, so it is asked only when that can
     * matter: a path on the inventory host's side with characters the remote shell would read.
     */
    @Test
    void theRsyncVersionIsAskedOnlyForARemotePathItChanges() {
        for (String[] c : new String[][]{
                {"push", "/srv/a/", "/srv/backups/pi-2026.tar.gz", "no"},
                {"pull", "/srv/backups/", "/tmp/x y", "no"},        // the odd path is local: quoted for the local shell anyway
                {"push", "/a", "/b c", "yes"},
                {"pull", "/srv/*.tar.gz", "/tmp", "yes"},
                {"push", "/a", "~/backups", "yes"},                  // a tilde: left to the version rules
                {"push", "/a", "-dash", "yes"}}) {
            FakeTarget task = new FakeTarget();
            FakeTarget controller = new FakeTarget();
            controller.on("^rsync --version$", 0, RSYNC_327).on("^rsync .*--out-format", 0, "");
            task.inventoryHost = web("", true, null);
            task.controller = controller;
            Result r = module.run(args("mode", c[0], "src", c[1], "dest", c[2]), task);
            assertFalse(r.isFailed(), r.msg());
            List<String> all = new java.util.ArrayList<>(controller.commands("probe"));
            all.addAll(controller.commands("apply"));
            assertEquals(c[3].equals("yes"), all.stream().anyMatch(x -> x.equals("rsync --version")), String.join(" ", c) + ": " + all);
        }
    }

    @Test
    void errorsNameTheHostTheSidesAndTheCause() {
        FakeTarget[] t = controllerSetup(web("", true, null), new ExecResult(23, "",
                "rsync: [sender] change_dir \"/nope\" failed: No such file or directory (2)\nrsync error: some files could not be transferred (code 23)\n"));
        Result r = module.run(args("src", "/nope/", "dest", "/b"), t[0]);
        assertTrue(r.isFailed());
        assertEquals("rsync on fake from /nope/ to web:/b failed (rc=23): rsync: [sender] change_dir \"/nope\" failed: "
                + "No such file or directory (2); rsync error: some files could not be transferred (code 23)", r.msg());
        assertEquals(23, r.values().get("rc"));

        // a remote path that needs the version: the probe finds rsync missing
        FakeTarget task = new FakeTarget();
        FakeTarget controller = new FakeTarget();
        controller.on("^rsync --version$", new ExecResult(127, "", "sh: 1: rsync: not found\n"));
        task.inventoryHost = web("", true, null);
        task.controller = controller;
        Result missing = module.run(args("src", "/a", "dest", "/b c"), task);
        assertTrue(missing.isFailed());
        assertEquals("rsync is not installed on fake (where synchronize runs rsync, the controller): `rsync --version` exited 127: "
                + "sh: 1: rsync: not found", missing.msg());
        // a plain path: no probe, and rsync itself is not found
        FakeTarget[] plain = controllerSetup(web("", true, null), new ExecResult(127, "", "bash: line 1: rsync: command not found\n"));
        Result missing2 = module.run(args("src", "/a", "dest", "/b"), plain[0]);
        assertTrue(missing2.isFailed());
        assertEquals("rsync is not installed on fake (where synchronize runs rsync, the controller): `rsync` exited 127: "
                + "bash: line 1: rsync: command not found", missing2.msg());
        assertEquals(List.of(), plain[1].commands("probe").stream().filter(c -> c.contains("--version")).toList());

        FakeTarget docker = new FakeTarget();
        docker.inventoryHost = new HostConnection("box", "docker", "box", null, null, null, "", null, true, null, null);
        Result d = module.run(args("src", "/a", "dest", "/b"), docker);
        assertTrue(d.isFailed());
        assertTrue(d.msg().contains("box is reached via docker"), d.msg());
    }

    @Test
    void itemizedOutputIsParsedIntoItems() {
        RsyncOutput o = RsyncOutput.parse("<<CHANGED>>.d..t...... ./\n<<CHANGED>>>f.st...... data/db.dump\n"
                + "<<CHANGED>>cL+++++++++ current -> 2026-11-22.tar.gz\n<<CHANGED>>*deleting   old file.tar\n"
                + "<<CHANGED>>cd+++++++++ new dir/\n");
        assertTrue(o.changed());
        assertEquals(List.of(new RsyncOutput.Item(".d..t......", "./"), new RsyncOutput.Item(">f.st......", "data/db.dump"),
                new RsyncOutput.Item("cL+++++++++", "current -> 2026-11-22.tar.gz"),
                new RsyncOutput.Item("*deleting", "old file.tar"), new RsyncOutput.Item("cd+++++++++", "new dir/")), o.items());
        assertEquals("5 items changed (2 created, 1 deleted)", o.summary(false));
        assertEquals(5, o.lines().size());
        RsyncOutput none = RsyncOutput.parse("");
        assertFalse(none.changed());
        assertEquals(List.of(), none.lines());
        assertArrayEquals(new int[]{3, 2, 7}, RsyncOutput.version(RSYNC_327));
        assertArrayEquals(new int[]{3, 1, 3}, RsyncOutput.version("rsync  version v3.1.3  protocol version 31\n"));
        assertNull(RsyncOutput.version("openrsync: protocol version 29\n"));
    }
}
