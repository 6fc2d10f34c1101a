package playbook.engine.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log against Ansible's own log_path files from the same runs (golden/basic.log, golden/fail.log). */
class LogFileReporterTest {
    private static final Pattern PREFIX =
            Pattern.compile("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} p=\\d+ u=\\S+ n=ansible \\| ");

    @TempDir Path dir;

    private String log(Consumer<RunListener> script, Redactor redactor) throws IOException {
        Path file = dir.resolve("sub/ansible.log");
        try (LogFileReporter r = new LogFileReporter(file, 0, false, redactor)) {
            script.accept(r);
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String normalise(String log) { return PREFIX.matcher(log).replaceAll("TS | "); }

    @Test void basicRunLogsWhatAnsibleLogs() throws IOException {
        String ours = log(Scripts::basic, new Redactor());
        assertTrue(PREFIX.matcher(ours).find(), ours);
        assertEquals(normalise(Events.golden("basic.log")), normalise(ours));
    }

    @Test void failRunLeavesOutRetriesAndKeepsWarnings() throws IOException {
        String ours = log(l -> Scripts.fail(l, false, "0:00:00.008047", "2026-11-22 07:59:54.691900",
                "2026-11-22 07:59:54.683853"), new Redactor());
        assertEquals(normalise(Events.golden("fail.log")), normalise(ours));
        assertFalse(ours.contains("RETRYING"));
    }

    @Test void lineFormatNamesPidAndUser() throws IOException {
        String ours = log(l -> l.playStart("x"), new Redactor());
        assertTrue(ours.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} p=" + ProcessHandle.current().pid()
                + " u=" + Pattern.quote(System.getProperty("user.name")) + " n=ansible \\| PLAY \\[x\\] \\*+\n"), ours);
    }

    @Test void secretsAreMaskedAndLibraryLoggingStaysOut() throws IOException {
        Redactor red = new Redactor();
        red.register("pa55word!");
        String ours = log(l -> {
            LoggerFactory.getLogger("net.schmizz.sshj.Noise").warn("library noise");
            LoggerFactory.getLogger("playbook.engine.exec.Runner").error("runner noise");
            l.playStart("uses pa55word!");
        }, red);
        assertFalse(ours.contains("pa55word!"), ours);
        assertTrue(ours.contains("PLAY [uses ********]"), ours);
        assertFalse(ours.contains("noise"), ours);
    }

    @Test void appendsToAnExistingLog() throws IOException {
        log(l -> l.playStart("one"), new Redactor());
        String both = log(l -> l.playStart("two"), new Redactor());
        assertTrue(both.contains("PLAY [one]") && both.contains("PLAY [two]"), both);
    }

    @Test void unwritableLogFileIsReported() throws IOException {
        Path file = dir.resolve("blocker");
        Files.writeString(file, "a file, not a directory");
        assertThrows(IllegalArgumentException.class, () -> new LogFileReporter(file.resolve("x.log"), 0, false));
    }
}
