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
            .arg("regexp", ArgType.STR).required()
            .arg("replace", ArgType.STR).defaultValue("")
            .arg("after", ArgType.STR)
            .arg("before", ArgType.STR)
            .arg("backup", ArgType.BOOL).defaultValue(false)
            .arg("validate", ArgType.STR)
            .arg("encoding", ArgType.STR).defaultValue("utf-8"))
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
