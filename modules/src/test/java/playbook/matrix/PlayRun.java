package playbook.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/** One playbook run through the CLI in-process ({@code Main.run}): exit code, console output and its JSON report. */
record PlayRun(int rc, String out, JsonNode report) {

    /** Writes {@code playbook} as {@code dir/label.yml} and runs it with a JSON report and the extra CLI arguments. */
    static PlayRun play(Path dir, String label, String playbook, Path inventory, String... extra) throws Exception {
        Path file = dir.resolve(label + ".yml");
        Files.writeString(file, playbook);
        Path report = dir.resolve(label + ".json");
        List<String> args = new ArrayList<>(List.of("run", file.toString(), "-i", inventory.toString(), "--report", "json=" + report));
        args.addAll(List.of(extra));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                args.toArray(String[]::new));
        String out = o.toString(StandardCharsets.UTF_8) + e.toString(StandardCharsets.UTF_8);
        if (!Files.exists(report)) fail(label + " run wrote no report (rc " + rc + "):\n" + out);
        return new PlayRun(rc, out, new ObjectMapper().readTree(report.toFile()));
    }

    /** The first host result of the task with this name, or null. */
    JsonNode result(String task) {
        for (JsonNode t : report.get("tasks")) {
            if (t.get("name").asText().equals(task)) return t.get("hosts").get(0);
        }
        return null;
    }

    /** The console lines of one task, from its TASK banner to the next banner or the recap. */
    String section(String task) {
        int i = out.indexOf("TASK [" + task + "]");
        if (i < 0) return "";
        int j = out.indexOf("\nTASK [", i + 1);
        int k = out.indexOf("\nPLAY RECAP", i + 1);
        int end = j < 0 ? k : (k < 0 ? j : Math.min(j, k));
        return end < 0 ? out.substring(i) : out.substring(i, end);
    }
}
