package playbook.e2e;

import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the CLI in-process on playbooks written to a temp dir, and parses what it printed. */
final class Run {
    final int rc;
    final String out;
    final String err;

    private Run(int rc, String out, String err) {
        this.rc = rc;
        this.out = out;
        this.err = err;
    }

    static final String LOCAL_INVENTORY = "localhost ansible_connection=local\n";

    /** Writes files (name to content) into dir, then runs {@code playbook run <args>} with dir as base. */
    static Run in(Path dir, Map<String, String> files, String... args) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        List<String> a = new ArrayList<>(List.of("run"));
        for (String s : args) a.add(s.replace("$DIR", dir.toString()));
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                a.toArray(String[]::new));
        return new Run(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    private static final Pattern RECAP = Pattern.compile(
            "^(\\S+)\\s+: ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)\\s+skipped=(\\d+)\\s+rescued=(\\d+)\\s+ignored=(\\d+)",
            Pattern.MULTILINE);

    /** host -> "ok=1 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0". */
    Map<String, String> recap() {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher x = RECAP.matcher(out);
        while (x.find()) {
            m.put(x.group(1), "ok=" + x.group(2) + " changed=" + x.group(3) + " unreachable=" + x.group(4) + " failed="
                    + x.group(5) + " skipped=" + x.group(6) + " rescued=" + x.group(7) + " ignored=" + x.group(8));
        }
        return m;
    }

    @Override public String toString() { return "rc=" + rc + "\n--- stdout\n" + out + "\n--- stderr\n" + err; }
}
