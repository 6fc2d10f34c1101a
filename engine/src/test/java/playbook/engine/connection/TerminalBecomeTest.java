package playbook.engine.connection;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Shell;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The terminal protocol of su and doas (prompt detection, one answer, the success marker, framed
 * stdin) against a stand-in that prints the prompt of a given locale on its output and reads the
 * password on its input, as su does on a terminal. The real su and doas run in BecomeLabIT.
 */
class TerminalBecomeTest {
    private static final String MARK = "BECOME-SUCCESS-test";

    @TempDir Path dir;
    private Path su;

    @BeforeEach
    void standIn() throws Exception {
        su = dir.resolve("su");
        Files.writeString(su, """
                #!/bin/sh
                # stand-in: su CMD; PROMPT file holds the prompt, MODE file the behaviour
                prompt=$(cat PROMPTFILE); mode=$(cat MODEFILE)
                [ "$mode" = hang ] && { sleep 30; exit 1; }
                printf '%s' "$prompt"
                IFS= read -r pw || exit 1
                [ "$mode" = echo ] && printf '%s\\n' "$pw"
                if [ "$pw" = right-pass ]; then exec /bin/sh -c "$1"; fi
                [ "$mode" = again ] && { printf '%s' "$prompt"; IFS= read -r pw; }
                printf '\\nsu: Authentication failure\\n'; exit 1
                """.replace("PROMPTFILE", dir.resolve("prompt").toString()).replace("MODEFILE", dir.resolve("mode").toString()));
        Files.setPosixFilePermissions(su, PosixFilePermissions.fromString("rwx------"));
    }

    /** A local connection whose "terminal" is a plain pipe: enough for the protocol, not for raw mode. */
    private static final class PipeTerminal implements Connection {
        private final LocalConnection local = new LocalConnection("testhost");
        @Override public ExecResult exec(String command, byte[] stdin) { return local.exec(command, stdin); }
        @Override public RemoteProcess start(String command) { return local.start(command); }
        @Override public RemoteProcess startOnTerminal(String command) { return local.start(command); }
        @Override public void put(Path l, String r, TransferListener p) { local.put(l, r, p); }
        @Override public void get(String r, Path l, TransferListener p) { local.get(r, l, p); }
        @Override public void close() { local.close(); }
    }

    private ExecResult become(String prompt, String mode, String password, String command, byte[] stdin) throws Exception {
        Files.writeString(dir.resolve("prompt"), prompt);
        Files.writeString(dir.resolve("mode"), mode);
        // the shape of Become.onTerminal
        String inner = "stty raw -echo 2>/dev/null; echo " + MARK + "; IFS= read -r pb_n || exit 125;"
                + " if [ \"$pb_n\" -gt 0 ]; then head -c \"$pb_n\" | { " + command + "\n}; else { " + command + "\n} </dev/null; fi";
        try (PipeTerminal c = new PipeTerminal()) {
            return BecomeRunner.run(c, "testhost", "su", su + " " + Shell.quote(inner), "unused", MARK, password, stdin, 3);
        }
    }

    @Test
    void localizedAndDoasPromptsAreAnsweredAndStdinIsFramed() throws Exception {
        for (String prompt : new String[]{"Password: ", "Passwort: ", "Contraseña: ", "\rdoas (alice@pi) password: ", "密码："}) {
            ExecResult r = become(prompt, "ok", "right-pass", "cat; exit 7", "two\nlines".getBytes(StandardCharsets.UTF_8));
            assertEquals(7, r.rc(), prompt + ": " + r);
            assertEquals("two\nlines", r.stdout(), prompt);
        }
    }

    @Test
    void noStdinMeansEndOfInputAtOnce() throws Exception {
        ExecResult r = become("Password: ", "ok", "right-pass", "cat; echo done", null);
        assertEquals("done\n", r.stdout());
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureAndItsEchoIsMasked() {
        ModuleException e = assertThrows(ModuleException.class, () -> become("Password: ", "echo", "wrong-pass-123", "true", null));
        assertTrue(e.getMessage().startsWith("Incorrect su password for testhost"), e.getMessage());
        assertTrue(e.getMessage().contains("su: Authentication failure"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-pass-123"), e.getMessage());
    }

    @Test
    void aSecondPromptMeansTheFirstAnswerWasWrong() {
        ModuleException e = assertThrows(ModuleException.class, () -> become("Password: ", "again", "wrong-pass", "true", null));
        assertTrue(e.getMessage().contains("Incorrect su password for testhost"), e.getMessage());
    }

    @Test
    void aHangEndsAtTheBecomeTimeout() {
        ModuleException e = assertThrows(ModuleException.class, () -> become("Password: ", "hang", "right-pass", "true", null));
        assertTrue(e.getMessage().startsWith("Timeout (3s) waiting for privilege escalation with su on testhost; no password prompt appeared"),
                e.getMessage());
    }

    @Test
    void aConnectionWithoutATerminalSaysSoNamingTheHost() {
        try (LocalConnection c = new LocalConnection("localhost")) {
            ModuleException e = assertThrows(ModuleException.class, () ->
                    BecomeRunner.run(c, "localhost", "doas", "doas true", "unused", MARK, "pw", null, 3));
            assertTrue(e.getMessage().startsWith("can't become with doas on localhost: this connection can't allocate a terminal"), e.getMessage());
        }
    }
}
