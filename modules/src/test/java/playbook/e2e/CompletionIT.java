package playbook.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** playbook completion bash|zsh: a script bash accepts, and that completes our subcommands. */
class CompletionIT {
    @TempDir
    Path dir;

    private String completion(String shell) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                "completion", shell);
        return rc + "\n" + o.toString(StandardCharsets.UTF_8) + e.toString(StandardCharsets.UTF_8);
    }

    @Test
    void bashCompletesSubcommandsAndOptions() throws Exception {
        String out = completion("bash");
        assertTrue(out.startsWith("0\n"), out);
        Path script = dir.resolve("playbook.bash");
        Files.writeString(script, out.substring(2));
        String probe = "source " + script + "\n"
                + "COMP_WORDS=(playbook gr); COMP_CWORD=1; _picocli_playbook; echo \"sub:${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(playbook run --prof); COMP_CWORD=2; COMP_LINE='playbook run --prof'; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_playbook playbook --prof run 2>/dev/null; echo \"opt:${COMPREPLY[*]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String result = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(result.contains("sub:graph"), result);
        assertTrue(result.contains("opt:--profile"), result);
    }

    @Test
    void zshWrapsTheBashScriptAndOtherShellsAreRefused() {
        String zsh = completion("zsh");
        assertTrue(zsh.startsWith("0\n#compdef playbook\n"), zsh);
        assertTrue(zsh.contains("bashcompinit"), zsh);
        String fish = completion("fish");
        assertTrue(fish.startsWith("5\n") && fish.contains("completion supports bash and zsh, got 'fish'"), fish);
    }
}
