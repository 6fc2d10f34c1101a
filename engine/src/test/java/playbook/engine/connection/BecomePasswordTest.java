package playbook.engine.connection;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The become-password protocol against a stand-in sudo that behaves as sudo does for a
 * non-root user (root never gets a prompt): the prompt on stderr, the password read from
 * stdin, "Sorry, try again." on a wrong one, a missing-rule refusal, and a hang.
 */
class BecomePasswordTest {
    @TempDir Path dir;
    private Path sudo;
    private Path argvLog;

    @BeforeEach
    void fakeSudo() throws Exception {
        argvLog = dir.resolve("argv.log");
        sudo = dir.resolve("sudo");
        Files.writeString(sudo, """
                #!/bin/sh
                # stand-in for sudo -S -p PROMPT -u USER /bin/sh -c CMD; MODE picks the behaviour
                echo "$*" >> ARGV
                MODE=$(cat MODEFILE)
                prompt=""
                while [ $# -gt 0 ]; do
                  case "$1" in -p) prompt=$2; shift 2 ;; -u) shift 2 ;; -H|-S) shift ;; /bin/sh) break ;; *) shift ;; esac
                done
                shift 2; cmd=$1
                case "$MODE" in
                  norule) echo "user is not in the sudoers file.  This incident will be reported." >&2; exit 1 ;;
                  hang) sleep 30; exit 1 ;;
                esac
                tries=0
                while [ $tries -lt 3 ]; do
                  printf '%s' "$prompt" >&2
                  IFS= read -r pw || exit 1
                  if [ "$pw" = "right-pass" ]; then exec /bin/sh -c "$cmd"; fi
                  echo "Sorry, try again." >&2
                  tries=$((tries + 1))
                done
                echo "sudo: 3 incorrect password attempts" >&2
                exit 1
                """.replace("ARGV", argvLog.toString()).replace("MODEFILE", dir.resolve("mode").toString()));
        Files.setPosixFilePermissions(sudo, PosixFilePermissions.fromString("rwx------"));
    }

    private ExecResult become(String mode, String password, int timeout) throws Exception {
        Files.writeString(dir.resolve("mode"), mode);
        String command = sudo + " -H -S -p '[pb-prompt-x]:' -u root /bin/sh -c 'echo BECOME-OK-x; cat'";
        try (LocalConnection c = new LocalConnection("testhost")) {
            return BecomeRunner.run(c, "testhost", "sudo", command, "[pb-prompt-x]:", "BECOME-OK-x", password,
                    "payload".getBytes(StandardCharsets.UTF_8), timeout);
        }
    }

    @Test
    void rightPasswordEscalatesAndPassesStdinThroughWithoutArgv() throws Exception {
        ExecResult r = become("prompt", "right-pass", 10);
        assertEquals(0, r.rc(), r.stderr());
        assertEquals("payload", r.stdout());
        assertFalse(Files.readString(argvLog).contains("right-pass"), "the password must never be on a command line");
    }

    @Test
    void wrongPasswordIsReportedNotRetriedForever() {
        ModuleException e = assertThrows(ModuleException.class, () -> become("prompt", "wrong-pass", 10));
        assertTrue(e.getMessage().contains("Incorrect sudo password for testhost"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong-pass"), "the password must never be in a message");
    }

    @Test
    void missingSudoRuleSaysSo() {
        ModuleException e = assertThrows(ModuleException.class, () -> become("norule", "right-pass", 10));
        assertTrue(e.getMessage().contains("Missing sudo rule on testhost"), e.getMessage());
    }

    @Test
    void hungEscalationTimesOutInsteadOfHanging() {
        ModuleException e = assertThrows(ModuleException.class, () -> become("hang", "right-pass", 2));
        assertTrue(e.getMessage().contains("Timeout (2s) waiting for privilege escalation"), e.getMessage());
    }
}
