package playbook.modules.files;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Shell;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import java.security.SecureRandom;

/**
 * ansible.builtin.tempfile: creates {@code prefix + 8 random characters + suffix} (as Python's
 * mkstemp/mkdtemp name it) in {@code path} or {@code $TMPDIR}/{@code /tmp}, exclusively
 * ({@code set -C} for a file, {@code mkdir} for a directory) and private (0600/0700), in one
 * apply that prints the path. Always changed; skipped in check mode, as Ansible does.
 */
public final class TempFileModule implements Module {
    private static final String CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("state", ArgType.STR).defaultValue("file").choices("file", "directory")
            .doc("Create a file (mode 0600) or a directory (mode 0700).")
            .arg("path", ArgType.PATH)
            .doc("Directory to create it in; default $TMPDIR or /tmp on the host.")
            .arg("prefix", ArgType.STR).defaultValue("ansible.")
            .doc("Start of the name; 8 random characters follow.")
            .arg("suffix", ArgType.STR).defaultValue("")
            .doc("End of the name.")
            .summary("Create a private temporary file or directory on the host")
            .description("Creates prefix + 8 random characters + suffix exclusively (set -C for a file, mkdir for a directory), so it never reuses an existing path. Remove it yourself when done (file: state=absent).")
            .notes("Always changed. Skipped in check mode, as in Ansible.")
            .returns("path", "The path created.")
            .example("""
                - name: Scratch directory for the restore check
                  tempfile:
                    state: directory
                    prefix: restore-check.
                  register: scratch

                - name: Use it
                  command: tar -xzf /mnt/hdd/backups/latest.tar.gz -C {{ scratch.path }}
                """)
            .build();

    @Override public String name() { return "tempfile"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        if (target.checkMode()) return Result.skipped("remote module (tempfile) does not support check mode");
        String prefix = args.str("prefix");
        String suffix = args.str("suffix");
        if (prefix.contains("/") || suffix.contains("/"))
            return Result.failed("prefix and suffix must not contain '/': " + prefix + ", " + suffix);
        boolean dir = args.str("state").equals("directory");
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < 5; i++) names.append(' ').append(Shell.quote(prefix + random8() + suffix));
        String base = args.has("path") ? RemotePath.word(args.str("path")) : "\"${TMPDIR:-/tmp}\"";
        String create = dir ? "mkdir \"$f\" 2>/dev/null" : "( set -C; : > \"$f\" ) 2>/dev/null";
        String cmd = "umask 077; d=" + base + "; d=${d%/}; [ -d \"$d/\" ] || { echo \"No such file or directory: $d\" >&2; exit 2; }\n"
                + "for n in" + names + "; do f=\"$d/$n\"; if " + create + "; then case $f in /*) ;; *) f=\"$(pwd)/$f\";; esac; "
                + "printf '%s\\n' \"$f\"; exit 0; fi; done\n"
                + "echo \"can't create a temporary " + (dir ? "directory" : "file") + " in $d\" >&2; exit 1\n";
        ExecResult er = target.apply(cmd);
        if (!er.ok()) return Result.failed(er.stderr().trim().isEmpty() ? "tempfile failed (rc " + er.rc() + ")" : er.stderr().trim());
        String path = er.stdout().endsWith("\n") ? er.stdout().substring(0, er.stdout().length() - 1) : er.stdout();
        return Result.changed().put("path", path);
    }

    private static String random8() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) sb.append(CHARS.charAt(RANDOM.nextInt(CHARS.length())));
        return sb.toString();
    }
}
