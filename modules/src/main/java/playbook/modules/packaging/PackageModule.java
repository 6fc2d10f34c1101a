package playbook.modules.packaging;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Fact;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ansible.builtin.package: the host's package manager, found with one cached probe
 * ({@code command -v} over apt-get, dnf, yum, apk, pacman, zypper, brew: the setup module's order) unless {@code use}
 * names it. apt goes through {@link AptModule}'s logic; the others through
 * {@link PackageManager}: an installed check, for latest an outdated check, then one command.
 */
public final class PackageModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("name", ArgType.LIST).required()
            .doc("Package names (a list, or comma-separated).")
            .arg("state", ArgType.STR).required().choices("present", "absent", "latest", "installed", "removed")
            .doc("present/installed: install when missing; latest: upgrade when a newer version is available; absent/removed: remove.")
            .arg("use", ArgType.STR).defaultValue("auto")
            .choices("auto", "apt", "dnf", "yum", "zypper", "apk", "pacman", "brew", "homebrew")
            .doc("The package manager; auto finds it once per host (apt-get, dnf, yum, apk, pacman, zypper, brew, in that order).")
            .summary("Install or remove packages with whichever package manager the host has")
            .description("Finds the package manager with one cached probe, then checks which packages are installed (and, for latest, outdated) and runs one install/upgrade/remove command for those that need it. apt goes through the apt module's code.")
            .notes("Idempotent: packages already in the wanted state cause no command.",
                    "Only apt has run against a real host in our tests; dnf, yum, apk, pacman, zypper and brew are covered by recorded-output tests.",
                    "Needs root (become), except brew.")
            .example("""
                - name: Tools the backup needs, on the Pi (apt) and the Mac (brew)
                  package:
                    name: [rsync, restic]
                    state: present
                """)
            .build();

    /** The first package tool found on the host, or "" when none is. */
    static final Fact<String> MANAGER = new Fact<>("pkg_mgr", detectCommand(), PackageModule::parseDetected);

    @Override public String name() { return "package"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String use = args.str("use");
        boolean apt;
        PackageManager pm = null;
        if (use.equals("auto")) {
            String found = target.fact(MANAGER);
            if (found.isEmpty()) {
                return Result.failed("Could not detect which package manager to use on " + target.host()
                        + ": none of " + String.join(", ", PackageManager.detectionOrder())
                        + " is on the PATH. Set 'use' to one of them");
            }
            apt = found.equals("apt-get");
            if (!apt) pm = PackageManager.of(found);
        } else {
            apt = use.equals("apt");
            if (!apt) pm = PackageManager.of(use.equals("homebrew") ? "brew" : use);
        }
        String state = AptModule.normalState(args.str("state"));
        List<PackageSpec> pkgs = PackageSpec.parse("package", args.strList("name"), apt);
        if (pkgs.isEmpty()) return Result.failed("module package: name is empty; give at least one package");
        Result r = apt ? AptModule.ensure(target, AptModule.Request.of(pkgs, state))
                : ensure(target, pm, pkgs.stream().map(PackageSpec::name).toList(), state);
        return r.put("use", apt ? "apt" : pm.tool);
    }

    private static Result ensure(Target target, PackageManager pm, List<String> names, String state) {
        Set<String> installed = pm.parseInstalled(target.probe(pm.installedProbe(names)).stdout(), names);
        List<String> missing = names.stream().filter(n -> !installed.contains(n)).toList();
        List<String> cmds = new ArrayList<>();
        switch (state) {
            case "absent" -> { if (!installed.isEmpty()) cmds.add(pm.remove(List.copyOf(installed))); }
            case "present" -> { if (!missing.isEmpty()) cmds.add(pm.install(missing)); }
            default -> {
                if (!missing.isEmpty()) cmds.add(pm.install(missing));
                if (!installed.isEmpty()) {
                    List<String> have = List.copyOf(installed);
                    ExecResult o = target.probe(pm.outdatedProbe(have));
                    if (!o.ok()) {
                        return Result.failed("can't check for updates of " + String.join(", ", have) + " with "
                                + pm.tool + " on " + target.host() + ": " + firstLine(o))
                                .put("rc", o.rc()).put("stdout", o.stdout()).put("stderr", o.stderr());
                    }
                    List<String> outdated = List.copyOf(pm.parseOutdated(o.stdout(), have));
                    if (!outdated.isEmpty()) cmds.add(pm.upgrade(outdated));
                }
            }
        }
        if (cmds.isEmpty()) return Result.ok().put("stdout", "").put("stderr", "");
        if (target.checkMode() && !state.equals("absent") && !missing.isEmpty() && pm.simulateInstall(missing) != null) {
            ExecResult sim = target.probe(pm.simulateInstall(missing));
            if (!sim.ok()) {
                String gone = pm.missing(sim);
                String msg = gone != null ? "No package matching '" + gone + "' is available (" + target.host() + ")"
                        : "'" + pm.tool + "' simulation failed on " + target.host() + ": " + firstLine(sim);
                return Result.failed(msg).put("rc", sim.rc()).put("stdout", sim.stdout()).put("stderr", sim.stderr());
            }
        }
        StringBuilder out = new StringBuilder(), err = new StringBuilder();
        for (String c : cmds) {
            ExecResult e = target.apply(c);
            if (!e.ran()) continue;
            out.append(e.stdout());
            err.append(e.stderr());
            if (!e.ok()) {
                String gone = pm.missing(e);
                String msg = gone != null ? "No package matching '" + gone + "' is available (" + target.host() + ")"
                        : "'" + c.substring(c.indexOf("; ") + 2) + "' failed on " + target.host() + ": " + firstLine(e);
                return Result.failed(msg).put("rc", e.rc()).put("stdout", out.toString()).put("stderr", err.toString());
            }
        }
        return Result.changed().put("stdout", out.toString()).put("stderr", err.toString());
    }

    private static String firstLine(ExecResult e) {
        String s = (e.stderr().isBlank() ? e.stdout() : e.stderr()).strip();
        return s.isEmpty() ? "exit code " + e.rc() : s.lines().filter(l -> !l.isBlank()).findFirst().orElse(s);
    }

    private static String detectCommand() {
        StringBuilder sb = new StringBuilder("for t in");
        for (String t : PackageManager.detectionOrder()) sb.append(' ').append(t);
        return sb.append("; do command -v $t >/dev/null 2>&1 && { echo $t; break; }; done; true").toString();
    }

    static String parseDetected(ExecResult e) {
        String s = e.stdout().strip();
        return PackageManager.detectionOrder().contains(s) ? s : "";
    }
}
