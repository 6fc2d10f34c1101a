package playbook.modules.packaging;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ansible.builtin.apt without Python: {@code apt-get} and {@code dpkg-query} on the target.
 * One probe reads the state of every requested package ({@link AptStatus}); only what differs
 * is installed or removed, in one {@code apt-get} call that waits for the dpkg lock
 * ({@code DPkg::Lock::Timeout}, apt >= 1.9.11; older apt ignores it and fails at once on a
 * held lock). In check mode the same call runs as {@code apt-get -s}, so a missing package or
 * a conflict fails there too.
 */
public final class AptModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("name", ArgType.LIST).aliases("pkg", "package")
            .doc("Package names (a list or comma-separated); name=1.2-3 pins a version. Names starting with -, wildcards and comparisons are refused.")
            .arg("state", ArgType.STR).defaultValue("present")
            .choices("present", "absent", "latest", "installed", "removed")
            .doc("present/installed: install when missing; latest: upgrade when the installed version differs from the candidate; absent/removed: remove.")
            .arg("update_cache", ArgType.BOOL).aliases("update-cache")
            .doc("Run apt-get update first (retried while another apt holds the lists lock, up to lock_timeout).")
            .arg("cache_valid_time", ArgType.INT).defaultValue(0)
            .doc("With update_cache: skip the update when the last one is younger than this many seconds.")
            .arg("install_recommends", ArgType.BOOL).aliases("install-recommends")
            .doc("true/false add --install-recommends/--no-install-recommends; unset keeps apt's own setting.")
            .arg("purge", ArgType.BOOL).defaultValue(false)
            .doc("With absent: remove configuration files too.")
            .arg("autoremove", ArgType.BOOL).defaultValue(false)
            .doc("Remove packages nothing depends on any more.")
            .arg("lock_timeout", ArgType.INT).defaultValue(60)
            .doc("Seconds to wait for another apt or dpkg to release its lock (DPkg::Lock::Timeout, apt >= 1.9.11).")
            .arg("deb", ArgType.PATH)
            .doc("A .deb to install: a path on the host or an http(s) URL (downloaded on the host into a private temp dir). Idempotent by the file's Package and Version; apt-get installs it, so its dependencies come from the repositories.")
            .arg("upgrade", ArgType.RAW)
            .doc("no (default), yes/safe/full (apt-get upgrade --with-new-pkgs) or dist (apt-get dist-upgrade); changed only when something was upgraded. YAML booleans are accepted.")
            .arg("allow_downgrade", ArgType.BOOL).defaultValue(false).aliases("allow-downgrade", "allow_downgrades", "allow-downgrades")
            .doc("Let a pinned name=version install an older version than the one installed.")
            .arg("only_upgrade", ArgType.BOOL).defaultValue(false)
            .doc("Upgrade packages that are installed; never install new ones.")
            .arg("default_release", ArgType.STR).aliases("default-release")
            .doc("Passed as -t: the release to prefer (e.g. bookworm-backports).")
            .arg("dpkg_options", ArgType.STR).defaultValue("force-confdef,force-confold")
            .doc("Comma-separated dpkg options, each passed as -o Dpkg::Options::=--OPTION.")
            .arg("force_apt_get", ArgType.BOOL).defaultValue(false)
            .doc("Accepted for compatibility; apt-get is always used (never aptitude).")
            .requiredOneOf("name", "update_cache", "autoremove", "deb", "upgrade")
            .mutuallyExclusive("deb", "name", "upgrade")
            .summary("Install, upgrade or remove Debian packages with apt-get")
            .description("One probe reads every requested package with dpkg-query and apt-cache policy; only packages not in the wanted state are installed or removed, in one apt-get call that waits for the dpkg lock. No Python is needed on the host.")
            .notes("Idempotent: nothing runs when every package is already in the wanted state.",
                    "Check mode runs the same command as apt-get -s (read-only), so a missing package or a conflict fails in check mode too.",
                    "Debian, Raspberry Pi OS and Ubuntu. Needs root (become).")
            .returns("cache_updated", "Whether apt-get update ran.")
            .returns("cache_update_time", "When the lists were last updated (epoch seconds).")
            .returns("stdout", "apt-get's output.")
            .returns("stderr", "apt-get's errors.")
            .example("""
                - name: What the Pi needs before the services are restored
                  apt:
                    name: [docker.io, docker-compose-plugin, rsync]
                    state: present
                    update_cache: true
                    cache_valid_time: 3600
                  become: true
                """)
            .build();

    private static final String STAMP = "/var/lib/apt/periodic/update-success-stamp";
    private static final String LISTS = "/var/lib/apt/lists";
    private static final Pattern UNKNOWN = Pattern.compile("Unable to locate package (\\S+)");
    private static final Pattern NO_CANDIDATE = Pattern.compile("Package '?([^'\\s]+)'? has no installation candidate");

    /** What to do, shared by {@code apt} and {@code package} (which passes only name and state). */
    record Request(List<PackageSpec> packages, String state, boolean updateCache, long cacheValidTime,
                   Boolean installRecommends, boolean purge, boolean autoremove, long lockTimeout,
                   String deb, String upgrade, boolean allowDowngrade, boolean onlyUpgrade, String defaultRelease,
                   List<String> dpkgOptions) {
        /** What {@code package} asks: names and a state, every other option at Ansible's default. */
        static Request of(List<PackageSpec> packages, String state) {
            return new Request(packages, state, false, 0, null, false, false, 60, null, null, false, false, null,
                    List.of("force-confdef", "force-confold"));
        }
    }

    @Override public String name() { return "apt"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        List<PackageSpec> pkgs = PackageSpec.parse("apt", args.strList("name"), true);
        String upgrade = upgradeMode(args.get("upgrade"));
        if (args.has("name") && pkgs.isEmpty() && !args.bool("update_cache") && !args.bool("autoremove")) {
            return Result.failed("module apt: name is empty and there is nothing else to do (update_cache, autoremove)");
        }
        String deb = args.str("deb");
        if (deb != null && deb.isBlank()) return Result.failed("module apt: deb is empty; give a path or URL of a .deb file");
        if (deb != null && deb.startsWith("-")) {
            return Result.failed("module apt: invalid deb '" + deb + "': a path starting with '-' would be read as an option");
        }
        Boolean recommends = args.has("install_recommends") ? args.bool("install_recommends") : null;
        List<String> dpkgOptions = new ArrayList<>();
        for (String o : args.str("dpkg_options").split(",")) if (!o.isBlank()) dpkgOptions.add(o.strip());
        return ensure(target, new Request(pkgs, normalState(args.str("state")), args.bool("update_cache"),
                args.integer("cache_valid_time"), recommends, args.bool("purge"), args.bool("autoremove"),
                args.integer("lock_timeout"), deb, upgrade, args.bool("allow_downgrade"), args.bool("only_upgrade"),
                args.str("default_release"), dpkgOptions));
    }

    private static final List<String> UPGRADES = List.of("dist", "full", "no", "safe", "yes");

    /**
     * Ansible's upgrade choice; YAML's {@code yes}/{@code no} arrive as booleans, which Ansible maps back
     * too. Null for no upgrade.
     */
    static String upgradeMode(Object v) {
        if (v == null || Boolean.FALSE.equals(v)) return null;
        if (Boolean.TRUE.equals(v)) return "yes";
        String s = String.valueOf(v).strip().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("true")) s = "yes";
        if (s.equals("false")) s = "no";
        if (!UPGRADES.contains(s)) {
            throw new playbook.engine.ModuleException("module apt: value of upgrade must be one of: "
                    + String.join(", ", UPGRADES) + ", got: " + v);
        }
        return s.equals("no") ? null : s;
    }

    /** present/absent for the aliases Ansible's package backends accept. */
    static String normalState(String state) {
        return switch (state) {
            case "installed" -> "present";
            case "removed" -> "absent";
            default -> state;
        };
    }

    /** Brings the host's packages to the requested state. */
    static Result ensure(Target target, Request rq) {
        Result r = Result.ok();
        boolean cacheUpdated = false;
        long cacheTime = 0;
        if (rq.updateCache() || rq.cacheValidTime() > 0) {
            long[] before = cacheTimes(target, target.probe(TIMES));
            cacheTime = before[1];
            if (before[1] + rq.cacheValidTime() < before[0]) {
                ExecResult u = target.apply(update(rq));
                if (u.ran() && !u.ok()) {
                    return Result.failed("Failed to update apt cache on " + target.host() + ": " + errors(u))
                            .put("rc", u.rc()).put("stdout", u.stdout()).put("stderr", u.stderr());
                }
                if (u.ran()) {
                    int at = u.stdout().lastIndexOf(AptStatus.MARK + "\n");
                    String times = at < 0 ? "" : u.stdout().substring(at + AptStatus.MARK.length() + 1);
                    long[] after = cacheTimes(target, new ExecResult(0, times, ""));
                    cacheUpdated = after[1] != before[1];
                    cacheTime = after[1];
                } else {
                    cacheUpdated = true;
                }
            }
            if (rq.packages().isEmpty() && !rq.autoremove() && rq.deb() == null && rq.upgrade() == null) {
                return r.changed(cacheUpdated).put("cache_updated", cacheUpdated).put("cache_update_time", cacheTime);
            }
        }
        Result done = rq.deb() != null ? AptDeb.install(target, rq)
                : rq.upgrade() != null ? upgrade(target, rq)
                : !rq.packages().isEmpty() ? packages(target, rq)
                : rq.autoremove() ? autoremove(target, rq) : Result.ok();
        return done.put("cache_updated", cacheUpdated).put("cache_update_time", cacheTime);
    }

    private static Result packages(Target target, Request rq) {
        List<String> names = rq.packages().stream().map(PackageSpec::name).toList();
        boolean absent = rq.state().equals("absent");
        AptStatus st = AptStatus.parse(target.probe(AptStatus.probe(names, !absent, rq.defaultRelease())).stdout());
        List<String> words = new ArrayList<>();
        StringBuilder before = new StringBuilder(), after = new StringBuilder();
        for (PackageSpec p : rq.packages()) {
            AptStatus.Dpkg d = st.dpkg(p.name());
            boolean versionInstalled = d.installed() && p.versionMatches(d.version());
            AptStatus.Policy pol = st.policy(p.name());
            String to;
            if (absent) {
                if (!versionInstalled && !(rq.purge() && d.hasFiles() && p.version() == null)) continue;
                words.add(p.name());
                to = rq.purge() ? "(purged)" : "(not installed)";
            } else if (rq.onlyUpgrade() && !d.installed()) {
                continue; // only_upgrade: a package that is not installed is left alone, as in Ansible
            } else if (pol == null && !versionInstalled) {
                return Result.failed("No package matching '" + p.name() + "' is available (" + target.host() + ")");
            } else if (!versionInstalled) {
                words.add(p.word());
                to = p.version() != null ? p.version() : pol.candidate() != null ? pol.candidate() : "(chosen by apt)";
            } else if (rq.state().equals("latest") && p.version() == null && pol != null && pol.candidate() != null
                    && !pol.candidate().equals(d.version())) {
                words.add(p.name());
                to = pol.candidate();
            } else {
                continue;
            }
            before.append(p.name()).append(' ').append(d.installed() ? d.version() : d.hasFiles() ? "(config files)"
                    : "(not installed)").append('\n');
            after.append(p.name()).append(' ').append(to).append('\n');
        }
        if (words.isEmpty()) return Result.ok().put("stdout", "").put("stderr", "");
        List<String> argv = new ArrayList<>(List.of(absent ? "remove" : "install"));
        if (absent && rq.purge()) argv.add("--purge");
        if (rq.autoremove()) argv.add("--auto-remove");
        if (!absent && rq.onlyUpgrade()) argv.add("--only-upgrade");
        if (!absent && rq.installRecommends() != null) {
            argv.addAll(List.of("-o", "APT::Install-Recommends=" + (rq.installRecommends() ? "yes" : "no")));
        }
        argv.addAll(words);
        Result r = aptGet(target, rq, Shell.join(argv));
        if (!r.isFailed() && target.diffMode()) {
            r.diff("installed packages (before)", before.toString(), "installed packages (after)", after.toString());
        }
        return r;
    }

    /**
     * upgrade=dist is {@code apt-get dist-upgrade}; yes, safe and full are {@code apt-get upgrade --with-new-pkgs},
     * which is what Ansible runs when it uses apt-get (force_apt_get, or no aptitude on the host: we never use
     * aptitude). Changed unless apt reports "0 upgraded, 0 newly installed", in check mode from {@code apt-get -s}.
     */
    private static Result upgrade(Target target, Request rq) {
        List<String> argv = new ArrayList<>(rq.upgrade().equals("dist") ? List.of("dist-upgrade") : List.of("upgrade", "--with-new-pkgs"));
        if (rq.autoremove()) argv.add("--auto-remove");
        Result r = aptGet(target, rq, Shell.join(argv));
        if (r.isFailed()) return r;
        Object out = r.values().get("stdout");
        boolean nothing = out instanceof String s && (s.contains("\n0 upgraded, 0 newly installed") || s.startsWith("0 upgraded, 0 newly installed"));
        return r.changed(!nothing).msg(out instanceof String s ? s : null);
    }

    private static Result autoremove(Target target, Request rq) {
        String args = rq.purge() ? "autoremove --purge" : "autoremove";
        ExecResult sim = target.probe(SIM_ENV + "apt-get -s -q " + args);
        if (!sim.ok()) return failure(target, "apt-get " + args, sim);
        if (!sim.stdout().lines().anyMatch(l -> l.startsWith("Remv "))) return Result.ok().put("stdout", "").put("stderr", "");
        return aptGet(target, rq, args);
    }

    /**
     * Runs {@code apt-get -y ARGS}; in check mode runs it as a simulation instead (a probe). ARGS start with
     * the verb; default_release and allow_downgrade are added after it.
     */
    static Result aptGet(Target target, Request rq, String args) {
        StringBuilder extra = new StringBuilder();
        if (rq.defaultRelease() != null) extra.append(" -t ").append(Shell.quote(rq.defaultRelease()));
        if (rq.allowDowngrade()) extra.append(" --allow-downgrades");
        int sp = args.indexOf(' ');
        String full = sp < 0 ? args + extra : args.substring(0, sp) + extra + args.substring(sp);
        if (target.checkMode()) {
            ExecResult sim = target.probe(SIM_ENV + "apt-get -s -q " + full);
            if (!sim.ok()) return failure(target, "apt-get " + args, sim);
            return Result.changed().put("stdout", sim.stdout()).put("stderr", sim.stderr());
        }
        StringBuilder dpkg = new StringBuilder();
        for (String o : rq.dpkgOptions()) dpkg.append(" -o ").append(Shell.quote("Dpkg::Options::=--" + o));
        ExecResult e = target.apply("export DEBIAN_FRONTEND=noninteractive LC_ALL=C; apt-get -y -q " + lock(rq)
                + dpkg + " " + full);
        if (!e.ran()) return Result.changed();
        if (!e.ok()) return failure(target, "apt-get " + args, e);
        return Result.changed().put("stdout", e.stdout()).put("stderr", e.stderr());
    }

    static Result failure(Target target, String cmd, ExecResult e) {
        String all = e.stderr() + "\n" + e.stdout();
        for (Pattern p : List.of(UNKNOWN, NO_CANDIDATE)) {
            Matcher m = p.matcher(all);
            if (m.find()) {
                String msg = p == UNKNOWN ? "No package matching '" + m.group(1) + "' is available"
                        : "no available installation candidate for " + m.group(1);
                return Result.failed(msg + " (" + target.host() + ")")
                        .put("rc", e.rc()).put("stdout", e.stdout()).put("stderr", e.stderr());
            }
        }
        return Result.failed("'" + cmd + "' failed on " + target.host() + ": " + errors(e))
                .put("rc", e.rc()).put("stdout", e.stdout()).put("stderr", e.stderr());
    }

    /** apt's {@code E:} lines, or the whole stderr when there are none. */
    static String errors(ExecResult e) {
        List<String> es = e.stderr().lines().filter(l -> l.startsWith("E: ")).map(l -> l.substring(3).strip()).toList();
        if (!es.isEmpty()) return String.join("; ", es);
        String s = e.stderr().strip();
        return s.isEmpty() ? "exit code " + e.rc() : s.replace('\n', ' ');
    }

    /**
     * apt-get update, retried once a second for up to lock_timeout seconds while another apt holds
     * the lists lock (DPkg::Lock::Timeout covers only dpkg's lock), then the cache times.
     */
    static String update(Request rq) {
        return "export LC_ALL=C; n=0; while :; do out=$(apt-get update -q " + lock(rq) + " 2>&1); rc=$?; "
                + "case \"$rc:$out\" in 0:*) break ;; *'Could not get lock'*) [ $n -lt " + rq.lockTimeout() + " ] || break; "
                + "n=$((n+1)); sleep 1 ;; *) break ;; esac; done; "
                + "if [ $rc -ne 0 ]; then printf '%s\\n' \"$out\" >&2; exit $rc; fi; "
                + "printf '%s\\n' \"$out\"; echo " + AptStatus.MARK + "; " + TIMES;
    }

    private static String lock(Request rq) { return "-o DPkg::Lock::Timeout=" + rq.lockTimeout(); }

    private static final String SIM_ENV = "export LC_ALL=C; ";

    /** Prints now and the cache time (Ansible's: the update-success stamp, else the lists dir), in epoch seconds. */
    static final String TIMES = "date +%s; stat -c %Y " + STAMP + " 2>/dev/null || stat -c %Y " + LISTS
            + " 2>/dev/null || echo 0";

    /** {now, cacheTime} from the output of {@link #TIMES}. */
    static long[] cacheTimes(Target target, ExecResult e) {
        String[] l = e.stdout().strip().split("\\s+");
        try {
            return new long[]{Long.parseLong(l[0]), l.length > 1 ? Long.parseLong(l[1]) : 0};
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException x) {
            throw new playbook.engine.ModuleException("can't read the apt cache time on " + target.host()
                    + ": unexpected output '" + e.stdout().strip() + "'");
        }
    }
}
