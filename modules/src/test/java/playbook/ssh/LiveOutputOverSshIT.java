package playbook.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.Shell;
import playbook.engine.cli.Main;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** -v over a real sshd: a command's lines reach the screen while it still runs, prefixed by the host. */
class LiveOutputOverSshIT {
    @RegisterExtension
    static final SshdExtension WEB = SshdExtension.builder().build();

    @TempDir
    Path dir;

    /** Collects what is printed and creates {@code go} the moment {@code trigger} has been printed. */
    private static final class Watcher extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final String trigger;
        private final Path go;

        Watcher(String trigger, Path go) {
            this.trigger = trigger;
            this.go = go;
        }

        @Override public synchronized void write(int b) {
            bytes.write(b);
            check();
        }

        @Override public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            check();
        }

        private void check() {
            if (go == null || Files.exists(go) || !text().contains(trigger)) return;
            try {
                Files.writeString(go, "");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        synchronized String text() { return bytes.toString(StandardCharsets.UTF_8); }
    }

    private String[] files(String playbook) throws IOException {
        Files.writeString(dir.resolve("site.yml"), playbook);
        Files.writeString(dir.resolve("inventory"), SshTestHosts.inventoryLine("web", WEB) + "\n");
        return new String[] {dir.resolve("site.yml").toString(), "-i", dir.resolve("inventory").toString()};
    }

    @Test
    void withVerboseTheFirstLineIsShownBeforeTheCommandEnds() throws Exception {
        Path go = dir.resolve("go");
        String q = Shell.quote(go.toString());
        // the command waits (at most 20 s) for a file the test creates only when it has seen "web | first"
        // on the screen; without streaming it gives up, prints no "second" and fails
        String[] f = files("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: talk slowly
                      shell: "echo first; i=0; while [ ! -e %s ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done; [ -e %s ] && echo second; echo warn >&2"
                      register: talk
                    - assert:
                        that:
                          - talk.stdout_lines == ['first', 'second']
                          - talk.stderr == 'warn'
                """.formatted(q, q));
        Watcher out = new Watcher("web | first\n", go);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                "run", f[0], f[1], f[2], "-v");
        String text = out.text();
        String all = text + "\n--- err\n" + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, all);
        int first = text.indexOf("web | first\n");
        int second = text.indexOf("web | second\n");
        int result = text.indexOf("changed: [web]");
        assertTrue(first >= 0 && second > first && result > second, all);
        assertTrue(text.contains("web | warn\n"), "stderr lines too: " + all);
        assertTrue(text.contains("\"stdout\": \"first\\nsecond\""), "the result still has the whole output: " + all);
    }

    @Test
    void withoutVerboseNothingIsStreamed() throws Exception {
        String[] f = files("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - command: echo hello
                """);
        Watcher out = new Watcher("", null);
        int rc = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true),
                "run", f[0], f[1], f[2]);
        assertEquals(0, rc, out.text());
        assertTrue(out.text().contains("changed: [web]"), out.text());
        assertFalse(out.text().contains("web | hello"), out.text());
    }
}
