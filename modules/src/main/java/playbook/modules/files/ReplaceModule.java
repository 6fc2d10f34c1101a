package playbook.modules.files;

import playbook.engine.api.PythonRegex;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ansible.builtin.replace: Python {@code re.subn} with MULTILINE over the file (or the section
 * between {@code after} and {@code before}), read with one probe and written back atomically
 * only when the text changed.
 */
public final class ReplaceModule implements Module {
    private static final ArgSpec SPEC = FileCommonArgs.add(ArgSpec.builder()
            .arg("path", ArgType.PATH).required().aliases("dest", "destfile", "name")
            .doc("The file on the host to edit.")
            .arg("regexp", ArgType.STR).required()
            .doc("A Python regex (MULTILINE: ^ and $ match at each line); every match is replaced.")
            .arg("replace", ArgType.STR).defaultValue("")
            .doc("The replacement; \\1 and \\g<name> refer to groups. Empty deletes the matches.")
            .arg("after", ArgType.STR)
            .doc("Only replace in the text after the first match of this regex.")
            .arg("before", ArgType.STR)
            .doc("Only replace in the text before the first match of this regex.")
            .arg("backup", ArgType.BOOL).defaultValue(false)
            .doc("Keep a timestamped copy of the old file.")
            .arg("validate", ArgType.STR)
            .doc("A command run on the new file before it replaces the old, %s for its path.")
            .arg("encoding", ArgType.STR).defaultValue("utf-8")
            .doc("Only utf-8 is supported; another value is ignored with a warning."))
            .summary("Replace every match of a regex in a text file")
            .description("Runs Python's re.subn over the file (or the part between after and before) on the controller, after reading it in one probe, and writes it back atomically only when the text changed.")
            .notes("Idempotent: the file is written only when its text changes. Check mode reports the change without writing; --diff shows the text diff.",
                    "Needs only sh and cat-like tools on the host; GNU, BusyBox and BSD/macOS userlands all work. The file is read and edited on the controller, so it should be text (UTF-8).")
            .returns("msg", "How many replacements were made.")
            .returns("backup_file", "The backup's path, when backup made one.")
            .example("""
                - name: Point the compose file at the restored data location
                  replace:
                    path: /srv/services/grafana/compose.yaml
                    regexp: '/mnt/old-ssd/'
                    replace: '/srv/services/'
                """)
            .build();

    @Override public String name() { return "replace"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String path = args.str("path");
        String validate = args.str("validate");
        if (validate != null && !validate.contains("%s")) return Result.failed("validate must contain %s: " + validate);
        if (!args.str("encoding").equalsIgnoreCase("utf-8") && !args.str("encoding").equalsIgnoreCase("utf8"))
            target.warn("replace: only utf-8 is supported; encoding " + args.str("encoding") + " was ignored");
        TextFile f = TextFile.read(target, path);
        if (f.isDir()) return Result.failed("Path " + path + " is a directory !").put("rc", 256);
        if (!f.exists()) return Result.failed("Path " + path + " does not exist !").put("rc", 257);
        String contents = f.content == null ? "" : f.content;
        String after = args.str("after");
        String before = args.str("before");
        String pattern = "";
        if (notEmpty(after) && notEmpty(before)) pattern = after + "(?P<subsection>.*?)" + before;
        else if (notEmpty(after)) pattern = after + "(?P<subsection>.*)";
        else if (notEmpty(before)) pattern = "(?P<subsection>.*)" + before;
        String section = contents;
        int start = 0;
        int end = contents.length();
        if (!pattern.isEmpty()) {
            PythonRegex sre = PythonRegex.compile(pattern, Pattern.DOTALL);
            Matcher m = sre.matcher(contents);
            if (!m.find())
                return Result.ok().put("rc", 0)
                        .msg("Pattern for before/after params did not match the given file: " + pattern);
            String g = sre.javaName("subsection");
            start = m.start(g);
            end = m.end(g);
            section = contents.substring(start, end);
        }
        Object[] sub = PythonRegex.compile(args.str("regexp"), Pattern.MULTILINE).subn(section, args.str("replace"));
        String replaced = (String) sub[0];
        int n = (Integer) sub[1];
        Result r = Result.ok().put("rc", 0);
        if (n > 0 && !section.equals(replaced)) {
            String result = contents.substring(0, start) + replaced + contents.substring(end);
            if (target.diffMode()) r.diff(path, contents, path, result);
            return f.save(target, args, result, true, n + " replacements made", r, "backup_file",
                    LineInFileModule::validateMessage);
        }
        return f.save(target, args, contents, false, "", r, "backup_file", LineInFileModule::validateMessage);
    }

    private static boolean notEmpty(String s) { return s != null && !s.isEmpty(); }
}
