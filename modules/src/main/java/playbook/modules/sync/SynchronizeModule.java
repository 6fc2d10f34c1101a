package playbook.modules.sync;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Fact;
import playbook.engine.api.HostConnection;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ansible.posix.synchronize: one rsync run. As in Ansible, rsync runs on the controller, or on
 * the delegated host with {@code delegate_to}; its other end is the task's inventory host, reached
 * over OpenSSH with the inventory's address, port and user. On the controller, ssh also gets the
 * run's key, ssh args, ssh config and host key checking; a delegated host uses its own ssh config
 * and keys. {@code push} copies the local side to the inventory host, {@code pull} the other way.
 * Changed means rsync itemized at least one item; check mode is rsync's {@code --dry-run}.
 */
public final class SynchronizeModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("src", ArgType.STR).required()
            .doc("The source path: on the controller (push) or the inventory host (pull). A trailing / copies the directory's contents.")
            .arg("dest", ArgType.STR).required()
            .doc("The destination path on the other side.")
            .arg("mode", ArgType.STR).defaultValue("push").choices("push", "pull")
            .doc("push: from the rsync side (controller or delegate) to the inventory host; pull: the other way.")
            .arg("archive", ArgType.BOOL).defaultValue(true)
            .doc("rsync -a: recursive, links, perms, times, owner, group, devices.")
            .arg("checksum", ArgType.BOOL).defaultValue(false)
            .doc("Compare files by checksum, not size and time.")
            .arg("compress", ArgType.BOOL).defaultValue(true)
            .doc("Compress data in transit (-z).")
            .arg("existing_only", ArgType.BOOL).defaultValue(false)
            .doc("Do not create new files on the receiver (--existing).")
            .arg("delete", ArgType.BOOL).defaultValue(false)
            .doc("Delete files on the receiver that are not in src (--delete-after); needs recursion.")
            .arg("dirs", ArgType.BOOL).defaultValue(false)
            .doc("Copy directories without recursing (--dirs).")
            .arg("recursive", ArgType.BOOL)
            .doc("Override archive's recursion.")
            .arg("links", ArgType.BOOL)
            .doc("Override archive's symlink copying.")
            .arg("copy_links", ArgType.BOOL).defaultValue(false)
            .doc("Copy the files symlinks point to (-L).")
            .arg("perms", ArgType.BOOL)
            .doc("Override archive's permission copying.")
            .arg("times", ArgType.BOOL)
            .doc("Override archive's time copying.")
            .arg("owner", ArgType.BOOL)
            .doc("Override archive's owner copying (needs root on the receiver).")
            .arg("group", ArgType.BOOL)
            .doc("Override archive's group copying.")
            .arg("rsync_path", ArgType.STR)
            .doc("The rsync command on the remote side (e.g. \"sudo rsync\"); become sets it for you.")
            .arg("rsync_timeout", ArgType.INT).defaultValue(0)
            .doc("rsync --timeout in seconds (0: none).")
            .arg("rsync_opts", ArgType.LIST)
            .doc("Extra rsync options, one per list item.")
            .arg("partial", ArgType.BOOL).defaultValue(false)
            .doc("Keep partially transferred files (--partial), to resume big archives.")
            .arg("private_key", ArgType.PATH)
            .doc("The SSH key to use instead of the run's.")
            .arg("ssh_args", ArgType.STR)
            .doc("Extra ssh options for rsync's ssh.")
            .arg("dest_port", ArgType.INT)
            .doc("The SSH port of the inventory host instead of the inventory's.")
            .arg("set_remote_user", ArgType.BOOL).defaultValue(true)
            .doc("Put the inventory's user in the remote path (user@host).")
            .arg("use_ssh_args", ArgType.BOOL).defaultValue(false)
            .doc("Also pass the inventory's ssh args (ansible_ssh_args) to ssh.")
            .arg("verify_host", ArgType.BOOL).defaultValue(true)
            .doc("Verify the remote host key (default true here, unlike Ansible).")
            .arg("delay_updates", ArgType.BOOL).defaultValue(true)
            .doc("Put updated files in place at the end (--delay-updates), so a reader never sees a half-copied tree.")
            .summary("Copy trees between the controller (or a delegate) and the host with rsync")
            .description("One rsync run. As in Ansible, rsync runs on the controller, or on the delegated host with delegate_to, and its other end is the inventory host, reached over OpenSSH with the inventory's address, port and user (plus, on the controller, the run's key, ssh args, ssh config and host key checking). With become, the remote rsync runs through sudo.")
            .notes("changed when rsync itemized at least one change. Check mode is rsync --dry-run, so it reports exactly what would change.",
                    "Needs rsync on both ends and the OpenSSH client where rsync runs; openrsync (macOS) works too.",
                    "Also answers to ansible.posix.synchronize.")
            .returns("cmd", "The rsync command line that ran.")
            .returns("stdout_lines", "rsync's itemized output.")
            .returns("msg", "rsync's output.")
            .returns("rc", "rsync's exit status.")
            .example("""
                - name: The Mac pulls the archives from the Pi (rsync runs on the Mac)
                  synchronize:
                    mode: pull
                    src: /mnt/hdd/backups/
                    dest: /Users/Shared/pi-backups/
                    partial: true
                  delegate_to: mac

                - name: Push the compose files from the controller
                  synchronize:
                    src: services/
                    dest: /srv/services/
                    rsync_opts:
                      - "--exclude=*/data"
                """)
            .build();

    private static final Set<String> LOCALHOST = Set.of("localhost", "127.0.0.1", "::1");
    private static final Set<String> SSH = Set.of("ssh", "smart", "paramiko", "ansible.builtin.ssh", "ansible.builtin.paramiko_ssh");

    /** The rsync on the side that runs it: its version decides how remote paths are protected. */
    static final Fact<ExecResult> RSYNC_VERSION = new Fact<>("rsync_version", "rsync --version", r -> r);

    @Override public String name() { return "synchronize"; }

    @Override public ArgSpec spec() { return SPEC; }

    /** Where rsync runs and what it connects to, decided from the target. */
    record Plan(boolean delegated, boolean sameHost, boolean pull, HostConnection remote, String src, String dest) {}

    @Override
    public Result run(Args args, Target target) {
        HostConnection hc = target.inventoryHostConnection();
        // delegate_to: localhost is the controller, the default place rsync runs
        boolean delegated = target.isDelegated() && !LOCALHOST.contains(target.host());
        boolean local = "local".equals(hc.transport());
        if (!delegated && !local && !SSH.contains(hc.transport())) {
            return Result.failed("synchronize uses rsync, which reaches " + hc.name() + " over ssh; " + hc.name()
                    + " is reached via " + hc.transport() + " instead, so it cannot work (use delegate_to).");
        }
        // rsync between two paths of one host: delegated to the inventory host itself, or a local-connection host
        boolean sameHost = delegated ? target.host().equals(hc.name()) || target.host().equals(hc.address()) : local;
        // as in Ansible, a delegated rsync runs as the delegate's login user: become moves to the far side (--rsync-path)
        Target runner = !delegated ? target.controller() : sameHost ? target : target.withoutBecome();
        boolean pull = "pull".equals(args.str("mode"));
        String src = args.str("src");
        if (!delegated && !pull && !src.startsWith("rsync://")) src = controllerFile(target, src);
        Plan plan = new Plan(delegated, sameHost, pull, hc, src, args.str("dest"));

        int[] version = null;
        if (versionMatters(plan)) {
            ExecResult ver = runner.fact(RSYNC_VERSION);
            if (!ver.ok()) return notInstalled(runner, delegated, "rsync --version", ver);
            version = RsyncOutput.version(ver.stdout());
        }
        String cmd = command(args, plan, version, target.checkMode());
        runner.log(2, "rsync: " + cmd);
        ExecResult r = target.checkMode() ? runner.probe(cmd) : runner.apply(cmd);
        // without the version probe, a missing rsync shows here: the shell's own "not found" (rsync's own codes stay below 127)
        if (version == null && r.rc() == 127 && r.stderr().contains("not found")) return notInstalled(runner, delegated, "rsync", r);
        RsyncOutput out = RsyncOutput.parse(r.stdout());
        if (!r.ok()) {
            return Result.failed("rsync on " + runner.host() + " from " + side(plan, true) + " to " + side(plan, false)
                            + " failed (rc=" + r.rc() + "): " + (r.stderr().isBlank() ? oneLine(r.stdout()) : oneLine(r.stderr())))
                    .put("rc", r.rc()).put("cmd", cmd).put("stdout_lines", out.lines());
        }
        Result res = Result.of(out.changed()).msg(out.text()).put("cmd", cmd).put("rc", r.rc())
                .put("stdout_lines", out.lines());
        if (target.diffMode() && out.changed()) res.diff(side(plan, false), "", side(plan, false), out.itemized());
        return res;
    }

    /**
     * Whether the command line depends on the rsync version: only for a path on the inventory
     * host's side that the remote shell could read differently (see {@link #command}). A plain
     * path (letters, digits, {@code /._-} and the like) is one and the same word for every rsync,
     * so the run does not spend an exec on {@code rsync --version} for it.
     */
    static boolean versionMatters(Plan plan) {
        if (!overSsh(plan)) return false;
        String p = plan.pull() ? plan.src() : plan.dest();
        return p.startsWith("~") || !RemotePath.word(p).equals(p);
    }

    /** rsync reaches the inventory host through a remote shell (not two paths of one host, not an rsync:// daemon). */
    private static boolean overSsh(Plan plan) {
        return !plan.sameHost() && !plan.src().startsWith("rsync://") && !plan.dest().startsWith("rsync://");
    }

    private static Result notInstalled(Target runner, boolean delegated, String command, ExecResult r) {
        return Result.failed("rsync is not installed on " + runner.host() + " (where synchronize runs rsync"
                + (delegated ? ", the delegated host" : ", the controller") + "): `" + command + "` exited "
                + r.rc() + (r.stderr().isBlank() ? "" : ": " + oneLine(r.stderr())));
    }

    /** A relative src on the controller is looked up like Ansible does: the role's or playbook's files/, then beside it. */
    private static String controllerFile(Target target, String src) {
        if (src.startsWith("/") || src.startsWith("~")) return src;
        String bare = src.endsWith("/") ? src.substring(0, src.length() - 1) : src;
        Path found = bare.isEmpty() ? null : target.findFile("files", bare);
        if (found == null) return src;
        return found.toAbsolutePath() + (src.endsWith("/") ? "/" : "");
    }

    /**
     * The rsync command line, every word shell-quoted. {@code version} is the rsync that runs it
     * ({major, minor, patch}, null when unknown): rsync 3.2.4 and later protect remote paths from the
     * remote shell by themselves; 3.0 to 3.2.3 need {@code --protect-args}; older ones (and
     * openrsync) get the remote path pre-quoted for the remote shell.
     */
    static String command(Args args, Plan plan, int[] version, boolean check) {
        List<String> w = new ArrayList<>();
        w.add("rsync");
        if (args.bool("delay_updates")) { w.add("--delay-updates"); w.add("-F"); }
        if (args.bool("compress")) w.add("--compress");
        if (args.integer("rsync_timeout") > 0) w.add("--timeout=" + args.integer("rsync_timeout"));
        if (check) w.add("--dry-run");
        if (args.bool("delete")) w.add("--delete-after");
        if (args.bool("existing_only")) w.add("--existing");
        if (args.bool("checksum")) w.add("--checksum");
        if (args.bool("copy_links")) w.add("--copy-links");
        List<String> toggles = List.of("recursive", "links", "perms", "times", "owner", "group");
        if (args.bool("archive")) {
            w.add("--archive");
            for (String t : toggles) if (args.has(t) && !args.bool(t)) w.add("--no-" + t);
        } else {
            for (String t : toggles) if (args.bool(t)) w.add("--" + t);
        }
        if (args.bool("dirs")) w.add("--dirs");
        boolean remote = overSsh(plan);
        List<String> opts = args.strList("rsync_opts");
        if (remote && opts.stream().noneMatch(o -> o.startsWith("--rsh") || o.startsWith("-e"))) {
            w.add(Shell.quote("--rsh=" + rsh(args, plan)));
        }
        String rsyncPath = args.str("rsync_path");
        HostConnection hc = plan.remote();
        if (rsyncPath == null && !plan.sameHost() && hc.become() && "sudo".equals(hc.becomeMethod())) {
            rsyncPath = "sudo -u " + Shell.quote(hc.becomeUser()) + " rsync";
        }
        if (rsyncPath != null) w.add(Shell.quote("--rsync-path=" + rsyncPath));
        boolean modern = version != null && compare(version, 3, 2, 4) >= 0;
        boolean protect = version != null && !modern && compare(version, 3, 0, 0) >= 0;
        if (remote && protect) w.add("--protect-args");
        for (String o : opts) w.add(Shell.quote(o));
        if (args.bool("partial")) w.add("--partial");
        w.add(Shell.quote("--out-format=" + RsyncOutput.MARKER + "%i %n%L"));
        boolean preQuote = version == null || compare(version, 3, 0, 0) < 0;
        String user = args.bool("set_remote_user") ? hc.user() : null;
        w.add(path(plan, true, remote, user, preQuote));
        w.add(path(plan, false, remote, user, preQuote));
        return String.join(" ", w);
    }

    /** The ssh command rsync uses to reach the inventory host. */
    static String rsh(Args args, Plan plan) {
        HostConnection hc = plan.remote();
        Integer port = args.has("dest_port") ? Integer.valueOf(args.integer("dest_port").intValue()) : hc.port();
        boolean verify = args.bool("verify_host");
        HostConnection via;
        if (plan.delegated()) {
            // the delegated host's own ssh config, keys and known_hosts; the inventory's address, port and user
            via = new HostConnection(hc.name(), hc.transport(), hc.address(), port, hc.user(), args.str("private_key"),
                    args.bool("use_ssh_args") ? hc.sshArgs() : "", null, verify, null, null);
        } else {
            // the controller reaches the host exactly as the run does
            via = new HostConnection(hc.name(), hc.transport(), hc.address(), port, hc.user(),
                    args.has("private_key") ? args.str("private_key") : hc.privateKeyFile(), hc.sshArgs(),
                    hc.sshConfigFile(), hc.hostKeyChecking() && verify, null, null);
        }
        String ssh = via.opensshCommand();
        String extra = args.str("ssh_args");
        return extra == null || extra.isBlank() ? ssh : ssh + " " + extra.strip();
    }

    /** src or dest as one shell word: a local path, or {@code [user@]host:path} for the inventory host's side. */
    private static String path(Plan plan, boolean isSrc, boolean remote, String user, boolean preQuote) {
        String p = isSrc ? plan.src() : plan.dest();
        if (p.startsWith("rsync://")) return Shell.quote(p);
        boolean inventorySide = remote && (isSrc == plan.pull());
        if (!inventorySide) {
            if (!p.startsWith("/") && !p.startsWith("~") && p.contains(":")) p = "./" + p; // not host:path to rsync
            return RemotePath.word(p);
        }
        String host = plan.remote().address();
        if (host.contains(":")) host = "[" + host + "]";
        String spec = (user == null ? "" : user + "@") + host + ":";
        return Shell.quote(spec + (preQuote ? RemotePath.word(p) : p));
    }

    /** src or dest as it reads in messages: {@code pi:/mnt/hdd/backups/} or a local path. */
    private static String side(Plan plan, boolean isSrc) {
        String p = isSrc ? plan.src() : plan.dest();
        boolean inventorySide = !plan.sameHost() && (isSrc == plan.pull());
        return inventorySide ? plan.remote().name() + ":" + p : p;
    }

    private static int compare(int[] v, int major, int minor, int patch) {
        if (v[0] != major) return Integer.compare(v[0], major);
        if (v[1] != minor) return Integer.compare(v[1], minor);
        return Integer.compare(v[2], patch);
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\n\\s*", "; ");
    }
}
