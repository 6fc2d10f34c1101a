package playbook.modules.files;

import playbook.engine.api.PythonRegex;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

import java.util.List;
import java.util.regex.Matcher;

/**
 * ansible.builtin.lineinfile: a port of Ansible's present()/absent() on the file's lines, read
 * with one probe ({@link TextFile}) and written back atomically only when they changed. Regexps
 * are Python's ({@link PythonRegex}), backrefs expand {@code \1} and {@code \g<name>}.
 */
public final class LineInFileModule implements Module {
    private static final ArgSpec SPEC = FileCommonArgs.add(ArgSpec.builder()
            .arg("path", ArgType.PATH).required().aliases("dest", "destfile", "name")
            .doc("The file on the host to edit.")
            .arg("state", ArgType.STR).defaultValue("present").choices("absent", "present")
            .doc("present: make sure the line is there; absent: remove every line that matches regexp, search_string or line.")
            .arg("regexp", ArgType.STR).aliases("regex")
            .doc("A Python regex; the last matching line is replaced by line (the first with firstmatch). With state=absent, matching lines are removed.")
            .arg("search_string", ArgType.STR)
            .doc("Like regexp, but a literal string contained in the line.")
            .arg("line", ArgType.STR).aliases("value")
            .doc("The whole line to put in the file.")
            .arg("insertafter", ArgType.STR)
            .doc("Where to add the line when nothing matches: after the last line matching this regex, or EOF (default).")
            .arg("insertbefore", ArgType.STR)
            .doc("Add the line before the last line matching this regex, or BOF for the top of the file.")
            .arg("backrefs", ArgType.BOOL).defaultValue(false)
            .doc("With regexp: line may use \\1 or \\g<name> from the match; when nothing matches the file is left alone.")
            .arg("create", ArgType.BOOL).defaultValue(false)
            .doc("Create the file when it does not exist (otherwise that is an error).")
            .arg("backup", ArgType.BOOL).defaultValue(false)
            .doc("Keep a timestamped copy of the old file (its path is returned as backup).")
            .arg("firstmatch", ArgType.BOOL).defaultValue(false)
            .doc("Use the first match of insertafter/insertbefore (or regexp) instead of the last.")
            .arg("validate", ArgType.STR)
            .doc("A command run on the new file before it replaces the old, %s for its path."))
            .mutuallyExclusive("insertbefore", "insertafter")
            .mutuallyExclusive("regexp", "search_string")
            .mutuallyExclusive("backrefs", "search_string")
            .summary("Make sure one line is present in or absent from a text file")
            .description("Reads the file in one probe, applies Ansible's lineinfile rules to its lines on the controller (Python regex semantics), and writes it back atomically (temp file beside it, then rename) only when something changed.")
            .notes("Idempotent: the file is written only when its text changes. Check mode reports the change without writing; --diff shows the text diff.",
                    "Needs only sh and cat-like tools on the host; GNU, BusyBox and BSD/macOS userlands all work. The file is read and edited on the controller, so it should be text (UTF-8).")
            .returns("backup", "The backup's path, when backup made one.")
            .returns("msg", "What happened: \"line added\", \"line replaced\", ...")
            .example("""
                - name: Mount the backup HDD by UUID at boot
                  lineinfile:
                    path: /etc/fstab
                    regexp: '\\s/mnt/hdd\\s'
                    line: "UUID={{ hdd_uuid }} /mnt/hdd ext4 defaults,nofail 0 2"
                    backup: true

                - name: No password logins on the Pi
                  lineinfile:
                    path: /etc/ssh/sshd_config
                    regexp: '^#?PasswordAuthentication'
                    line: PasswordAuthentication no
                    validate: /usr/sbin/sshd -t -f %s
                """)
            .build();

    @Override public String name() { return "lineinfile"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String path = args.str("path");
        String regexp = args.str("regexp");
        String search = args.str("search_string");
        String line = args.str("line");
        if ("".equals(regexp) || "".equals(search)) {
            String what = "".equals(regexp) ? "regular expression" : "search string";
            target.warn("The " + what + " is an empty string, which will match every line in the file. This may have "
                    + "unintended consequences, such as replacing the last line in the file rather than appending."
                    + ("".equals(regexp) ? " If this is desired, use '^' to match every line in the file and avoid this warning." : ""));
        }
        String validate = args.str("validate");
        if (validate != null && !validate.contains("%s")) return Result.failed("validate must contain %s: " + validate);
        boolean present = args.str("state").equals("present");
        if (present) {
            if (args.bool("backrefs") && regexp == null) return Result.failed("regexp is required with backrefs=true");
            if (line == null) return Result.failed("line is required with state=present");
        } else if (regexp == null && search == null && line == null) {
            return Result.failed("one of line, search_string, or regexp is required with state=absent");
        }
        TextFile f = TextFile.read(target, path);
        if (f.isDir()) return Result.failed("Path " + path + " is a directory !").put("rc", 256);
        if (present) return present(args, target, f, regexp, search, line);
        return absent(args, target, f, regexp, search, line);
    }

    private Result present(Args args, Target target, TextFile f, String regexp, String search, String line) {
        if (!f.exists() && !args.bool("create"))
            return Result.failed("Destination " + f.path + " does not exist !").put("rc", 257);
        String insertafter = args.str("insertafter");
        String insertbefore = args.str("insertbefore");
        if (insertafter == null && insertbefore == null) insertafter = "EOF";
        boolean firstmatch = args.bool("firstmatch");
        List<String> lines = new java.util.ArrayList<>(TextFile.lines(f.content));
        String before = String.join("", lines);
        PythonRegex re = regexp == null ? null : PythonRegex.compile(regexp);
        PythonRegex ins = null;
        if (insertafter != null && !insertafter.equals("BOF") && !insertafter.equals("EOF")) ins = PythonRegex.compile(insertafter);
        else if (insertbefore != null && !insertbefore.equals("BOF")) ins = PythonRegex.compile(insertbefore);

        int matchIdx = -1;
        int insIdx = -1;
        Matcher match = null;
        boolean found = false;
        if (re != null) {
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = re.matcher(lines.get(i));
                if (m.find()) { matchIdx = i; match = m; found = true; if (firstmatch) break; }
            }
        }
        if (search != null) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(search)) { matchIdx = i; found = true; if (firstmatch) break; }
            }
        }
        if (!found) {
            for (int i = 0; i < lines.size(); i++) {
                if (line.equals(stripEol(lines.get(i)))) {
                    matchIdx = i;
                } else if (ins != null && ins.search(lines.get(i))) {
                    if (insertafter != null) { insIdx = i + 1; if (firstmatch) break; }
                    if (insertbefore != null) { insIdx = i; if (firstmatch) break; }
                }
            }
        }
        String msg = "";
        boolean changed = false;
        String nl = "\n";
        if (matchIdx != -1) {
            String newLine = args.bool("backrefs") && match != null ? re.expand(match, line) : line;
            if (!newLine.endsWith(nl)) newLine += nl;
            if (!lines.get(matchIdx).equals(newLine)) {
                lines.set(matchIdx, newLine);
                msg = "line replaced";
                changed = true;
            }
        } else if (args.bool("backrefs")) {
            // backrefs without a match: nothing to do
        } else if ("BOF".equals(insertbefore) || "BOF".equals(insertafter)) {
            lines.add(0, line + nl);
            msg = "line added";
            changed = true;
        } else if ("EOF".equals(insertafter) || insIdx == -1) {
            if (!lines.isEmpty() && !endsWithEol(lines.get(lines.size() - 1))) lines.add(nl);
            lines.add(line + nl);
            msg = "line added";
            changed = true;
        } else if (insertafter != null) {
            if (lines.size() == insIdx) {
                if (!stripEol(lines.get(insIdx - 1)).equals(line)) { lines.add(line + nl); msg = "line added"; changed = true; }
            } else if (!line.equals(stripEol(lines.get(insIdx)))) {
                lines.add(insIdx, line + nl);
                msg = "line added";
                changed = true;
            }
        } else {
            lines.add(insIdx, line + nl);
            msg = "line added";
            changed = true;
        }
        String after = String.join("", lines);
        Result r = Result.ok().put("backup", "");
        if (target.diffMode()) r.diff(f.path + " (content)", before, f.path + " (content)", after);
        return f.save(target, args, after, changed, msg, r, "backup", LineInFileModule::validateMessage);
    }

    private Result absent(Args args, Target target, TextFile f, String regexp, String search, String line) {
        if (!f.exists()) return Result.ok().msg("file not present");
        List<String> lines = TextFile.lines(f.content);
        PythonRegex re = regexp == null ? null : PythonRegex.compile(regexp);
        StringBuilder kept = new StringBuilder();
        int found = 0;
        for (String l : lines) {
            boolean match = re != null ? re.search(l) : search != null ? l.contains(search) : line.equals(stripEol(l));
            if (match) found++;
            else kept.append(l);
        }
        String after = kept.toString();
        Result r = Result.ok().put("found", found).put("backup", "");
        if (target.diffMode()) r.diff(f.path + " (content)", f.content, f.path + " (content)", after);
        return f.save(target, args, after, found > 0, found > 0 ? found + " line(s) removed" : "", r, "backup",
                LineInFileModule::validateMessage);
    }

    static String validateMessage(int rc, String stderr) {
        return "failed to validate: rc:" + rc + " error:" + stderr;
    }

    static String stripEol(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) end--;
        return s.substring(0, end);
    }

    private static boolean endsWithEol(String s) {
        return s.endsWith("\n") || s.endsWith("\r");
    }
}
