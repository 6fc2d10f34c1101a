package playbook.modules.system;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ansible.builtin.cron: reads the user's crontab ({@code crontab -l}, with {@code -u USER} when
 * USER is not the connecting user) or a cron file (relative names live in /etc/cron.d) in one
 * probe, edits it with {@link CronTab} exactly as Ansible does, and writes it back in one apply:
 * {@code crontab [-u USER] -} from stdin, or an atomic replace of the cron file (mode 0644). A
 * cron file left without jobs is deleted.
 */
public final class CronModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("name", ArgType.STR).required()
            .doc("The job's name, kept in a \"#Ansible: NAME\" comment above it; jobs are found by it.")
            .arg("user", ArgType.STR)
            .doc("Whose crontab to edit (crontab -u USER); default the connecting (or become) user. In a cron_file, the user field of the line.")
            .arg("job", ArgType.STR).aliases("value")
            .doc("The command to run. With env: the variable's value.")
            .arg("cron_file", ArgType.PATH)
            .doc("Write to this file instead of a user's crontab (a bare name lives in /etc/cron.d); needs user. A file left without jobs is deleted.")
            .arg("state", ArgType.STR).defaultValue("present").choices("present", "absent")
            .doc("present or absent.")
            .arg("backup", ArgType.BOOL).defaultValue(false)
            .doc("Keep a copy of the old crontab (returned as backup_file).")
            .arg("minute", ArgType.STR).defaultValue("*")
            .doc("Minute field.")
            .arg("hour", ArgType.STR).defaultValue("*")
            .doc("Hour field.")
            .arg("day", ArgType.STR).defaultValue("*").aliases("dom")
            .doc("Day of month field.")
            .arg("month", ArgType.STR).defaultValue("*")
            .doc("Month field.")
            .arg("weekday", ArgType.STR).defaultValue("*").aliases("dow")
            .doc("Day of week field.")
            .arg("special_time", ArgType.STR).choices("reboot", "yearly", "annually", "monthly", "weekly", "daily", "hourly")
            .doc("Use @reboot, @daily, ... instead of the five time fields.")
            .arg("disabled", ArgType.BOOL).defaultValue(false)
            .doc("Keep the job but comment it out.")
            .arg("env", ArgType.BOOL).defaultValue(false)
            .doc("Manage an environment variable line NAME=job instead of a job.")
            .arg("insertafter", ArgType.STR)
            .doc("With env: put the variable after the variable with this name.")
            .arg("insertbefore", ArgType.STR)
            .doc("With env: put the variable before the variable with this name.")
            .mutuallyExclusive("insertafter", "insertbefore")
            .summary("Manage cron jobs and cron environment variables")
            .description("Reads the crontab (crontab -l) or the cron file in one probe, edits it as Ansible does (jobs marked by a \"#Ansible: name\" comment), and writes it back in one command: crontab - from stdin, or an atomic replace of the cron file (mode 0644).")
            .notes("Idempotent: nothing is written when the crontab already matches. Check mode reports the change; --diff shows the crontab change.",
                    "Needs crontab on the host (cron/cronie, BusyBox crond, macOS cron).")
            .returns("jobs", "The names of the jobs in the crontab afterwards.")
            .returns("envs", "The names of the variables.")
            .example("""
                - name: Cold backup of the services every night at 03:15
                  cron:
                    name: pi cold backup
                    user: root
                    minute: "15"
                    hour: "3"
                    job: /usr/local/bin/pi-backup >> /var/log/pi-backup.log 2>&1
                  become: true

                - name: PATH for the backup job
                  cron:
                    name: PATH
                    env: true
                    job: /usr/local/bin:/usr/bin:/bin
                    user: root
                  become: true
                """)
            .build();

    @Override public String name() { return "cron"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String name = args.str("name");
        String user = args.str("user");
        String job = args.str("job");
        String cronFile = args.str("cron_file");
        boolean install = args.str("state").equals("present");
        List<String> warnings = new ArrayList<>();
        if (cronFile != null) {
            if (cronFile.equals("/etc/crontab")) return Result.failed("Will not manage /etc/crontab via cron_file, see documentation.");
            if (!cronFile.startsWith("/")) cronFile = "/etc/cron.d/" + cronFile;
            String base = RemotePath.basename(cronFile);
            if (!base.matches("(?i)[A-Z0-9_-]+")) warnings.add("Filename portion of cron_file (\"" + base + "\") should consist"
                    + " solely of upper- and lower-case letters, digits, underscores, and hyphens");
        }
        if (args.has("special_time") && List.of("minute", "hour", "day", "month", "weekday").stream().anyMatch(k -> !args.str(k).equals("*")))
            return Result.failed("You must specify time and date fields or special time.");
        if (install) {
            if (cronFile != null && user == null) return Result.failed("To use cron_file=... parameter you must specify user=... as well");
            if (job == null) return Result.failed("You must specify 'job' to install a new cron job or variable");
            if ((args.has("insertafter") || args.has("insertbefore")) && !args.bool("env"))
                return Result.failed("Insertafter and insertbefore parameters are valid only with env=yes");
        }
        String asUser = user == null ? "" : "if [ \"$(id -un)\" = " + Shell.quote(user) + " ]; then crontab %s; else crontab -u "
                + Shell.quote(user) + " %s; fi";
        CronTab tab;
        if (cronFile != null) {
            tab = CronTab.ofFile(AtomicFile.split(target.probe(AtomicFile.cat(cronFile))).content());
        } else {
            ExecResult er = target.probe("{ " + (user == null ? "crontab -l" : asUser.formatted("-l", "-l")) + "; echo \"__rc=$?\" >&2; }");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("__rc=(\\d+)").matcher(er.stderr());
            int rc = m.find() ? Integer.parseInt(m.group(1)) : er.rc();
            if (rc > 1) return Result.failed("Unable to read crontab on " + target.host() + ": " + er.stderr().replaceAll("__rc=\\d+", "").trim());
            tab = CronTab.ofCrontab(rc == 0 ? er.stdout() : "");
        }
        String header = cronFile != null ? cronFile : user != null ? "crontab for user \"" + user + "\"" : "crontab";
        String before = tab.existing;
        boolean changed = false;
        if (args.bool("env")) {
            if (name.contains(" ")) return Result.failed("Invalid name for environment variable");
            String decl = name + "=\"" + job + "\"";
            int old = tab.findEnv(name);
            if (install) {
                if (old < 0) {
                    String other = args.has("insertafter") ? args.str("insertafter") : args.str("insertbefore");
                    if (other == null) tab.lines.add(0, decl);
                    else {
                        int at = tab.findEnv(other);
                        if (at < 0) return Result.failed("Variable named '" + other + "' not found.");
                        tab.lines.add(args.has("insertafter") ? at + 1 : at, decl);
                    }
                    changed = true;
                } else if (!tab.lines.get(old).equals(decl)) {
                    tab.updateEnv(name, decl);
                    changed = true;
                }
            } else if (old >= 0) {
                tab.updateEnv(name, null);
                changed = true;
            }
        } else if (install) {
            if (job.replaceAll("^[\r\n]+|[\r\n]+$", "").matches("(?s).*[\r\n].*")) warnings.add("Job should not contain line breaks");
            String line = CronTab.jobLine(args.str("minute"), args.str("hour"), args.str("day"), args.str("month"),
                    args.str("weekday"), job, args.str("special_time"), args.bool("disabled"), cronFile != null ? user : null);
            List<String> old = tab.findJob(name, line);
            if (old.isEmpty()) { tab.addJob(name, line); changed = true; }
            if (!old.isEmpty() && !old.get(1).equals(line)) { tab.updateJob(name, line); changed = true; }
            if (old.size() > 2) { tab.updateJob(name, line); changed = true; }
        } else if (!tab.findJob(name, null).isEmpty()) {
            tab.updateJob(name, null);
            changed = true;
            if (cronFile != null && tab.isEmpty()) {
                Result r = Result.of(true).put("cron_file", args.str("cron_file")).put("state", "absent");
                warnings.forEach(r::warn);
                if (target.diffMode()) r.diff(header, before, "/dev/null", "");
                ExecResult er = target.apply("rm -f " + RemotePath.word(cronFile));
                if (er.ran() && !er.ok()) return Result.failed("can't remove " + cronFile + " on " + target.host() + ": " + er.stderr().trim());
                return r;
            }
        }
        if (!changed && !before.isEmpty() && !(before.endsWith("\n") || before.endsWith("\r"))) changed = true;
        Result r = Result.of(changed).put("jobs", tab.jobNames()).put("envs", tab.envNames());
        warnings.forEach(r::warn);
        if (args.has("cron_file")) r.put("cron_file", args.str("cron_file"));
        if (!changed) return r;
        String after = tab.render();
        if (target.diffMode()) r.diff(header, before, header, after);
        String write;
        if (cronFile != null) {
            String backup = args.bool("backup") ? "b=$(mktemp \"${TMPDIR:-/tmp}/crontabXXXXXXXX\") && { [ ! -f " + RemotePath.word(cronFile)
                    + " ] || cp " + RemotePath.word(cronFile) + " \"$b\"; } && echo \"backup=$b\" && " : "";
            write = backup + AtomicFile.write(cronFile, "0644", null, false, false);
        } else {
            String list = user == null ? "crontab -l" : asUser.formatted("-l", "-l");
            String backup = args.bool("backup") ? "b=$(mktemp \"${TMPDIR:-/tmp}/crontabXXXXXXXX\") && { " + list
                    + " > \"$b\" 2>/dev/null; true; } && echo \"backup=$b\" && " : "";
            write = backup + (user == null ? "crontab -" : asUser.formatted("-", "-"));
        }
        ExecResult er = target.apply(write, after.getBytes(StandardCharsets.UTF_8));
        if (!er.ran()) return r;
        if (!er.ok()) return Result.failed("can't write " + header + " on " + target.host() + ": " + (er.stderr() + er.stdout()).trim());
        String b = AtomicFile.backupFile(er);
        if (!b.isEmpty()) r.put("backup_file", b);
        return r;
    }
}
