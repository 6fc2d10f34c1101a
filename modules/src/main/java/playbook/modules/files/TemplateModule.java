package playbook.modules.files;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * ansible.builtin.template: finds {@code src} in the role's or playbook's templates/, renders it
 * on the controller with the task's variables ({@link Target#renderTemplate}), and copies the
 * result like copy does with a controller file (as Ansible's template action hands the rendered
 * file to the copy action): sha1 comparison in one probe, upload, atomic rename, diff.
 */
public final class TemplateModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("src", ArgType.PATH).required()
            .arg("dest", ArgType.PATH).required()
            .arg("mode", ArgType.RAW)
            .arg("owner", ArgType.STR)
            .arg("group", ArgType.STR)
            .arg("backup", ArgType.BOOL).defaultValue(false)
            .arg("force", ArgType.BOOL).defaultValue(true)
            .arg("validate", ArgType.STR)
            .arg("follow", ArgType.BOOL).defaultValue(false)
            .arg("newline_sequence", ArgType.STR).defaultValue("\n").choices("\n", "\r", "\r\n", "\\n", "\\r", "\\r\\n")
            .arg("trim_blocks", ArgType.BOOL).defaultValue(true)
            .arg("lstrip_blocks", ArgType.BOOL).defaultValue(false)
            .arg("output_encoding", ArgType.STR).defaultValue("utf-8")
            .arg("block_start_string", ArgType.STR).arg("block_end_string", ArgType.STR)
            .arg("variable_start_string", ArgType.STR).arg("variable_end_string", ArgType.STR)
            .arg("comment_start_string", ArgType.STR).arg("comment_end_string", ArgType.STR)
            .arg("unsafe_writes", ArgType.BOOL).defaultValue(false)
            .arg("attributes", ArgType.STR).aliases("attr")
            .arg("seuser", ArgType.STR).arg("serole", ArgType.STR).arg("setype", ArgType.STR).arg("selevel", ArgType.STR)
            .build();

    private static final List<String> UNSUPPORTED = List.of("block_start_string", "block_end_string",
            "variable_start_string", "variable_end_string", "comment_start_string", "comment_end_string",
            "attributes", "seuser", "serole", "setype", "selevel");

    @Override public String name() { return "template"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        for (String a : UNSUPPORTED)
            if (args.has(a)) target.warn("template: '" + a + "' is not supported yet and was ignored");
        if (!args.bool("trim_blocks") || args.bool("lstrip_blocks"))
            target.warn("template: trim_blocks/lstrip_blocks other than the defaults are not supported yet and were ignored");
        String src = args.str("src");
        CopyOptions opt = CopyOptions.of(args);
        if (!opt.validateOk()) return Result.failed("validate must contain %s: " + opt.validate());
        Path source = target.findFile("templates", src);
        if (source == null || !Files.isRegularFile(source))
            return Result.failed("Could not find or access '" + src + "' on the Ansible Controller.");
        String text = target.renderTemplate(source);
        String nl = newline(args.str("newline_sequence"));
        if (!nl.equals("\n")) text = text.replace("\n", nl);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("pb-template");
            Path rendered = dir.resolve(source.getFileName().toString());
            Files.write(rendered, text.getBytes(java.nio.charset.Charset.forName(args.str("output_encoding"))));
            if (opt.preserve()) opt = withPreservedMode(opt, source);
            return new LocalCopy(target, opt).file(rendered, source.getFileName().toString(), source.toString());
        } catch (IOException e) {
            throw new ModuleException("can't write the rendered template " + src + " to a local temp file: " + e.getMessage());
        } finally {
            deleteQuietly(dir);
        }
    }

    /** {@code mode: preserve} means the template file's own mode, not the rendered temp file's. */
    private static CopyOptions withPreservedMode(CopyOptions o, Path source) {
        Integer m = LocalCopy.localMode(source);
        return new CopyOptions(o.dest(), m, o.owner(), o.group(), o.directoryMode(), o.backup(), o.force(),
                o.validate(), o.follow());
    }

    private static String newline(String s) {
        return switch (s) {
            case "\\n" -> "\n";
            case "\\r" -> "\r";
            case "\\r\\n" -> "\r\n";
            default -> s;
        };
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) Files.deleteIfExists(p);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover local temp file is harmless
        }
    }
}
