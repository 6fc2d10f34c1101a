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
    private static final ArgSpec SPEC = FileCommonArgs.attributes(ArgSpec.builder()
            .arg("src", ArgType.PATH).required()
            .doc("The Jinja2 template on the controller (looked up in the role's or play's templates/).")
            .arg("dest", ArgType.PATH).required()
            .doc("Where to write the rendered file on the host.")
            .arg("mode", ArgType.RAW)
            .doc("Permissions: octal (0644, quoted or with the leading 0) or symbolic (u=rw,g=r,o=r; u+x). Unchanged when omitted, or default umask for a new file.")
            .arg("owner", ArgType.STR)
            .doc("User that should own it (name or uid); changing it needs become.")
            .arg("group", ArgType.STR)
            .doc("Group that should own it (name or gid).")
            .arg("backup", ArgType.BOOL).defaultValue(false)
            .doc("Keep a timestamped copy of the old dest (returned as backup_file).")
            .arg("force", ArgType.BOOL).defaultValue(true)
            .doc("false: do not touch dest if it exists.")
            .arg("validate", ArgType.STR)
            .doc("A command run on the new file before it replaces dest, %s for its path.")
            .arg("follow", ArgType.BOOL).defaultValue(false)
            .doc("When dest is a symlink, write through it to its target.")
            .arg("newline_sequence", ArgType.STR).defaultValue("\n").choices("\n", "\r", "\r\n", "\\n", "\\r", "\\r\\n")
            .doc("Line ending of the written file.")
            .arg("trim_blocks", ArgType.BOOL).defaultValue(true)
            .doc("Remove the first newline after a block tag; only the default (true) is supported, other values warn.")
            .arg("lstrip_blocks", ArgType.BOOL).defaultValue(false)
            .doc("Strip whitespace before a block tag; only the default (false) is supported, other values warn.")
            .arg("output_encoding", ArgType.STR).defaultValue("utf-8")
            .doc("Encoding of the written file.")
            .arg("block_start_string", ArgType.STR)
            .doc("Custom Jinja2 delimiter: not supported yet, ignored with a warning.")
            .arg("block_end_string", ArgType.STR)
            .doc("Custom Jinja2 delimiter: not supported yet, ignored with a warning.")
            .arg("variable_start_string", ArgType.STR)
            .doc("Custom Jinja2 delimiter: not supported yet, ignored with a warning.")
            .arg("variable_end_string", ArgType.STR)
            .doc("Custom Jinja2 delimiter: not supported yet, ignored with a warning.")
            .arg("comment_start_string", ArgType.STR)
            .doc("Custom Jinja2 delimiter: not supported yet, ignored with a warning.")
            .arg("comment_end_string", ArgType.STR)
            .doc("Custom Jinja2 delimiter: not supported yet, ignored with a warning."), true)
            .summary("Render a Jinja2 template on the controller and write it to the host")
            .description("Renders src on the controller with the task's variables (the template never runs on the host), then writes the result as copy does: sha1 compared in one probe, upload to a temp file, validate, atomic rename, then mode/owner/group.")
            .notes("Idempotent by checksum. Check mode reports the change; --diff shows the text diff.",
                    "Works on GNU coreutils, BusyBox and BSD/macOS userlands: the probe detects stat -c or stat -f on the host.")
            .returns("dest", "The destination path.")
            .returns("checksum", "sha1 of the rendered text.")
            .returns("backup_file", "The backup's path, when backup made one.")
            .example("""
                - name: The backup job's environment, from the inventory
                  template:
                    src: backup.env.j2
                    dest: /etc/default/pi-backup
                    owner: root
                    mode: "0640"
                """)
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
