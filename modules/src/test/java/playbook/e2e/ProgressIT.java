package playbook.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Progress of long tasks without a terminal, in a child JVM whose stdout and stderr are files:
 * "still running" lines on stderr every PLAYBOOK_PROGRESS_INTERVAL seconds, and stdout byte for
 * byte what it is with progress off.
 */
class ProgressIT {
    @TempDir Path dir;

    record Out(int rc, String out, String err) {
        @Override public String toString() { return "rc=" + rc + "\n--- out\n" + out + "\n--- err\n" + err; }
    }

    private Out run(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (args.length == 2 && args[0].equals("--tty--")) {
            cmd.addAll(List.of("script", "-qec", args[1], "/dev/null"));  // the command line runs on a pseudo-terminal
        } else {
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("playbook.test.classpath", System.getProperty("java.class.path")),
                    "playbook.engine.cli.Main"));
            cmd.addAll(List.of(args));
        }
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().remove("CI");
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ends");
        return new Out(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aLongTaskGetsStillRunningLinesOnStderrAndStdoutStaysTheSame() throws Exception {
        Files.writeString(dir.resolve("site.yml"), """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: quick
                      command: "true"
                    - name: slow sleep
                      command: sleep 3
                """);
        Files.writeString(dir.resolve("inventory"), Run.LOCAL_INVENTORY);
        Out with = run(Map.of("PLAYBOOK_PROGRESS_INTERVAL", "1"), "run", "site.yml", "-i", "inventory");
        assertEquals(0, with.rc, with.toString());
        assertTrue(with.err.contains("... still running: TASK [slow sleep] on localhost ("), with.toString());
        assertFalse(with.err.contains("TASK [quick]"), "a quick task leaves no trace: " + with);
        assertFalse(with.out.contains("still running") || with.out.contains("\033["), "stdout is Ansible's alone: " + with);

        Out without = run(Map.of("PLAYBOOK_PROGRESS_INTERVAL", "0"), "run", "site.yml", "-i", "inventory");
        assertEquals(0, without.rc, without.toString());
        assertFalse(without.err.contains("still running"), without.toString());
        assertEquals(without.out, with.out, "progress lines never change stdout");
    }

    @Test
    void adHocExecGetsTheSameProgressAndStreamsOutputAtVerbose() throws Exception {
        Files.writeString(dir.resolve("inventory"), Run.LOCAL_INVENTORY);
        Out with = run(Map.of("PLAYBOOK_PROGRESS_INTERVAL", "1"), "exec", "localhost", "-i", "inventory", "-m", "command", "-a", "sleep 3");
        assertEquals(0, with.rc, with.toString());
        assertTrue(with.err.contains("... still running: ") && with.err.contains(" on localhost ("), with.toString());
        assertTrue(with.out.startsWith("localhost | CHANGED | rc=0 >>"), with.toString());
        assertFalse(with.out.contains("still running"), "stdout is the ansible command's alone: " + with);

        Out verbose = run(Map.of("PLAYBOOK_PROGRESS_INTERVAL", "0"), "exec", "localhost", "-i", "inventory", "-v",
                "-m", "shell", "-a", "echo first; sleep 1; echo second >&2");
        assertEquals(0, verbose.rc, verbose.toString());
        int first = verbose.out.indexOf("localhost | first\n");
        int second = verbose.out.indexOf("localhost | second\n");
        int result = verbose.out.indexOf("localhost | CHANGED | rc=0 >>");
        assertTrue(first >= 0 && second > first && result > second, "streamed lines come before the result: " + verbose);
    }

    /** On a real terminal (a pseudo-terminal from util-linux's script): the live line is drawn, names the host, and is erased. */
    @Test
    void onATerminalALongTaskGetsALiveLineThatIsErasedBeforeTheNextOutput() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script is missing");
        Files.writeString(dir.resolve("site.yml"), """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: slow sleep
                      command: sleep 3
                """);
        Files.writeString(dir.resolve("inventory"), Run.LOCAL_INVENTORY);
        String commandLine = String.join(" ", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("playbook.test.classpath", System.getProperty("java.class.path")),
                "playbook.engine.cli.Main", "run", "site.yml", "-i", "inventory"));
        Out tty = run(Map.of("TERM", "xterm", "COLUMNS", "100"), "--tty--", commandLine);
        assertEquals(0, tty.rc, tty.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\r. TASK \\[slow sleep\\] \\d+s - waiting for localhost\\033\\[K").matcher(tty.out);
        assertTrue(m.find(), "a live line naming the task, its time and the host: " + tty.out.replace("\033", "ESC"));
        int erased = tty.out.indexOf("\r\033[K", m.end());
        int result = tty.out.indexOf("changed: [localhost]", m.end());
        assertTrue(erased > 0 && result > erased, "the line is erased before the result is printed: " + tty.out.replace("\033", "ESC"));
        assertFalse(tty.out.contains("still running"), "no periodic lines on a terminal");
    }
}
