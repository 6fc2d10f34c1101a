package playbook.modules.files;

import playbook.engine.api.PythonRegex;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * ansible.builtin.blockinfile: a port of Ansible's main() on the file's lines (marker lines with
 * {@code {mark}}, insertafter/insertbefore with BOF/EOF and (?m) regexps), read with one probe and
 * written back atomically only when the text changed.
 */
public final class BlockInFileModule implements Module {
    private static final ArgSpec SPEC = FileCommonArgs.add(ArgSpec.builder()
            .arg("path", ArgType.PATH).required().aliases("dest", "destfile", "name")
            .doc("The file on the host to edit.")
            .arg("state", ArgType.STR).defaultValue("present").choices("absent", "present")
            .doc("present: the block is in the file between its markers; absent: the block and markers are removed.")
            .arg("marker", ArgType.STR).defaultValue("# {mark} ANSIBLE MANAGED BLOCK")
            .doc("The marker line template; {mark} becomes marker_begin or marker_end. Use a different marker per block in one file.")
            .arg("block", ArgType.STR).defaultValue("").aliases("content")
            .doc("The text between the markers. Empty with state=present removes the block, as in Ansible.")
            .arg("insertafter", ArgType.STR)
            .doc("Where a new block goes: after the last line matching this regex, or EOF (default).")
            .arg("insertbefore", ArgType.STR)
            .doc("A new block goes before the last line matching this regex, or BOF.")
            .arg("create", ArgType.BOOL).defaultValue(false)
            .doc("Create the file when it does not exist.")
            .arg("backup", ArgType.BOOL).defaultValue(false)
            .doc("Keep a timestamped copy of the old file.")
            .arg("validate", ArgType.STR)
            .doc("A command run on the new file before it replaces the old, %s for its path.")
            .arg("marker_begin", ArgType.STR).defaultValue("BEGIN")
            .doc("What {mark} becomes in the first marker line.")
            .arg("marker_end", ArgType.STR).defaultValue("END")
            .doc("What {mark} becomes in the last marker line."))
            .mutuallyExclusive("insertbefore", "insertafter")
            .summary("Insert, update or remove a block of lines between marker lines")
            .description("Finds the block between the two marker lines and replaces its text, or inserts the block with its markers. Read in one probe, edited on the controller, written back atomically only when the text changed.")
            .notes("Idempotent: the file is written only when its text changes. Check mode reports the change without writing; --diff shows the text diff.",
                    "Needs only sh and cat-like tools on the host; GNU, BusyBox and BSD/macOS userlands all work. The file is read and edited on the controller, so it should be text (UTF-8).")
            .returns("backup_file", "The backup's path, when backup made one.")
            .returns("msg", "\"Block inserted\", \"Block removed\", ...")
            .example("""
                - name: Names of the home-lab hosts, even when DNS is down
                  blockinfile:
                    path: /etc/hosts
                    marker: "# {mark} homelab hosts"
                    block: |
                      192.168.1.10 pi
                      192.168.1.20 mac
                """)
            .build();

    @Override public String name() { return "blockinfile"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String path = args.str("path");
        String validate = args.str("validate");
        if (validate != null && !validate.contains("%s")) return Result.failed("validate must contain %s: " + validate);
        TextFile f = TextFile.read(target, path);
        if (f.isDir()) return Result.failed("Path " + path + " is a directory !").put("rc", 256);
        boolean present = args.str("state").equals("present");
        if (!f.exists() && !args.bool("create")) return Result.failed("Path " + path + " does not exist !").put("rc", 257);
        if (!present && !f.exists()) return Result.ok().msg("File " + path + " not present");
        String original = f.exists() ? f.content : null;
        List<String> lines = splitlines(original);

        String insertafter = args.str("insertafter");
        String insertbefore = args.str("insertbefore");
        if (insertafter == null && insertbefore == null) insertafter = "EOF";
        PythonRegex insertre = null;
        if (insertafter != null && !insertafter.equals("EOF")) insertre = PythonRegex.compile(insertafter);
        else if (insertbefore != null && !insertbefore.equals("BOF")) insertre = PythonRegex.compile(insertbefore);

        String marker = args.str("marker");
        String marker0 = marker.replace("{mark}", args.str("marker_begin")) + "\n";
        String marker1 = marker.replace("{mark}", args.str("marker_end")) + "\n";
        String block = args.str("block");
        List<String> blocklines = new ArrayList<>();
        if (present && !block.isEmpty()) {
            if (!block.endsWith("\n")) block += "\n";
            blocklines.add(marker0);
            blocklines.addAll(splitlines(block));
            blocklines.add(marker1);
        }
        Integer n0 = null;
        Integer n1 = null;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(marker0)) n0 = i;
            if (lines.get(i).equals(marker1)) n1 = i;
        }
        if (n0 == null || n1 == null) {
            n0 = null;
            if (insertre != null) {
                if (insertre.multiline()) {
                    Matcher m = insertre.matcher(original == null ? "" : original);
                    if (m.find()) n0 = count(original, insertafter != null ? m.end() : m.start());
                } else {
                    for (int i = 0; i < lines.size(); i++) if (insertre.search(lines.get(i))) n0 = i;
                }
                if (n0 == null) n0 = lines.size();
                else if (insertafter != null) n0 += 1;
            } else if (insertbefore != null) {
                n0 = 0;
            } else {
                n0 = lines.size();
            }
        } else if (n0 < n1) {
            lines.subList(n0, n1 + 1).clear();
        } else {
            lines.subList(n1, n0 + 1).clear();
            n0 = n1;
        }
        if (n0 > 0 && !lines.get(n0 - 1).endsWith("\n")) lines.set(n0 - 1, lines.get(n0 - 1) + "\n");
        lines.addAll(n0, blocklines);
        String result = String.join("", lines);

        String msg;
        boolean changed;
        if (result.equals(original)) { msg = ""; changed = false; }
        else if (original == null) { msg = "File created"; changed = true; }
        else if (blocklines.isEmpty()) { msg = "Block removed"; changed = true; }
        else { msg = "Block inserted"; changed = true; }
        Result r = Result.ok();
        if (target.diffMode())
            r.diff(path + " (content)", original == null ? "" : original, path + " (content)", result);
        return f.save(target, args, result, changed, msg, r, "backup_file", LineInFileModule::validateMessage);
    }

    /** Python's bytes.splitlines(True): breaks after \n, \r and \r\n, endings kept. */
    static List<String> splitlines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
            if (c == '\n' || c == '\r') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
            i++;
        }
        if (start < text.length()) out.add(text.substring(start));
        return out;
    }

    private static int count(String s, int end) {
        int n = 0;
        for (int i = 0; i < end; i++) if (s.charAt(i) == '\n') n++;
        return n;
    }
}
