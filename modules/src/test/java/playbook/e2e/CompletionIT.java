package playbook.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * The zsh script in a real interactive zsh (driven through zsh's own zpty module): a line is
     * typed, TAB pressed, and the line as completion left it is printed back.
     */
    @Test
    void zshCompletesInARealInteractiveZsh() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")) || Files.isExecutable(Path.of("/bin/zsh")),
                "zsh is not installed (lab/prereqs installs it)");
        String out = completion("zsh");
        assertTrue(out.startsWith("0\n"), out);
        Path script = dir.resolve("_playbook");
        Files.writeString(script, out.substring(2));
        String driver = """
                zmodload zsh/zpty
                zpty z 'PS1="> " TERM=dumb zsh -f -i'
                zpty -w z 'bindkey -e; autoload -U compinit && compinit -u -D; source SCRIPT; print READ""Y'
                zpty -r -m z out '*READY*'
                complete_line() {
                  zpty -w -n z "$1"$'\\t'
                  sleep 1
                  zpty -w -n z $'\\C-aprint -r -- X""Z:\\C-e:Y\\n'
                  zpty -r -m z out '*XZ:*:Y*'
                  print -r -- "line:${${out##*XZ:}%%:Y*}"
                }
                complete_line 'playbook gr'
                complete_line 'playbook run --prof'
                complete_line 'playbook doc --li'
                zpty -d z
                """.replace("SCRIPT", script.toString());
        Files.writeString(dir.resolve("driver.zsh"), driver);
        Process p = new ProcessBuilder("zsh", "-f", dir.resolve("driver.zsh").toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("zsh did not finish");
        }
        String result = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<String> lines = result.lines().map(String::strip).toList();
        assertEquals(List.of("line:playbook graph", "line:playbook run --profile", "line:playbook doc --list"),
                lines.stream().filter(l -> l.startsWith("line:")).toList(), result);
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
