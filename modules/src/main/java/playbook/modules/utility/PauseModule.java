package playbook.modules.utility;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.engine.exec.Interrupts;

import java.io.Console;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * ansible.builtin.pause, on the controller. The engine runs it once per play, on the first host
 * (Ansible's BYPASS_HOST_LOOP). With seconds/minutes it sleeps (a Ctrl-C ends the pause and the
 * run stops after it); with only a prompt it reads a line from the terminal, and without a
 * terminal it warns and continues at once, as ansible-playbook 2.14 does.
 */
public final class PauseModule implements Module {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("minutes", ArgType.FLOAT)
            .doc("Wait this many minutes (a number); a Ctrl-C ends the pause and the run stops after it.")
            .arg("seconds", ArgType.FLOAT)
            .doc("Wait this many seconds (a number).")
            .arg("prompt", ArgType.STR)
            .doc("Text to show. Without minutes or seconds, the pause waits for Enter and returns what was typed.")
            .arg("echo", ArgType.BOOL).defaultValue(true)
            .doc("Show what is typed at the prompt; false hides it (for a passphrase).")
            .mutuallyExclusive("minutes", "seconds")
            .summary("Wait for some time, or until the operator presses Enter")
            .description("Runs on the controller, once per play on its first host (Ansible's BYPASS_HOST_LOOP). With minutes or seconds it sleeps; with only a prompt it reads a line from the terminal.")
            .notes("Without a terminal (CI, a pipe) a prompt is not answered: the engine warns and continues at once, as ansible-playbook 2.14 does.",
                    "Never changed.")
            .returns("user_input", "What the operator typed at the prompt.")
            .returns("stdout", "How long the pause lasted, e.g. \"Paused for 0.5 minutes\".")
            .returns("start", "When the pause began.")
            .returns("stop", "When it ended.")
            .returns("delta", "Whole seconds paused.")
            .example("""
                - name: Let the operator check Grafana before the old data is removed
                  pause:
                    prompt: Open http://pi:3000 and press Enter if the dashboards look right

                - name: Give PostgreSQL time to replay its WAL after the restore
                  pause:
                    seconds: 15
                """)
            .build();

    /** Where the prompt reads from; null when there is no terminal. Tests replace it. */
    interface Terminal {
        String readLine(String prompt, boolean echo);
    }

    private final Terminal terminal;

    public PauseModule() {
        this(systemTerminal());
    }

    PauseModule(Terminal terminal) { this.terminal = terminal; }

    private static Terminal systemTerminal() {
        Console c = System.console();
        if (c == null || !isTerminal(c)) return null;
        return (prompt, echo) -> echo ? c.readLine("%s", prompt) : new String(c.readPassword("%s", prompt));
    }

    /** JDK 22+ returns a Console even when redirected; its isTerminal() tells. Before 22 a console is a terminal. */
    private static boolean isTerminal(Console c) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Override public String name() { return "pause"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        boolean timed = args.has("minutes") || args.has("seconds");
        double seconds = args.has("minutes") ? ((Number) args.get("minutes")).doubleValue() * 60
                : args.has("seconds") ? ((Number) args.get("seconds")).doubleValue() : 0;
        if (seconds < 0) throw new ModuleException("pause: minutes/seconds must be a positive number, got " + seconds);
        String unit = args.has("seconds") ? "seconds" : "minutes";
        boolean echo = args.bool("echo");
        String prompt = args.str("prompt");
        Result r = Result.ok();
        long start = System.nanoTime();
        LocalDateTime startTime = LocalDateTime.now();
        String input = "";
        if (timed) {
            target.log(0, "Pausing for " + new BigDecimal(seconds).setScale(0, RoundingMode.HALF_EVEN) + " seconds"
                    + (prompt != null ? "\n" + prompt : ""));
            sleep((long) (seconds * 1000));
        } else if (terminal == null) {
            target.log(0, "[pause]\n" + (prompt != null ? prompt : "Press enter to continue, Ctrl+C to interrupt") + ":");
            target.warn("Not waiting for response to prompt as stdin is not interactive");
        } else {
            String line = terminal.readLine("[pause]\n" + (prompt != null ? prompt : "Press enter to continue, Ctrl+C to interrupt") + ":\n", echo);
            input = line == null ? "" : line;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double shown = unit.equals("minutes") ? elapsed / 60 : elapsed;
        return r.put("rc", 0).put("start", TIME.format(startTime)).put("stop", TIME.format(LocalDateTime.now()))
                .put("delta", (long) elapsed).put("stdout", "Paused for " + pythonRound2(shown) + " " + unit)
                .put("stderr", "").put("user_input", input).put("echo", echo);
    }

    /** Python's str(round(x, 2)): at least one decimal, at most two. */
    static String pythonRound2(double x) {
        BigDecimal b = BigDecimal.valueOf(x).setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (b.scale() < 1) b = b.setScale(1, RoundingMode.UNNECESSARY);
        return b.toPlainString();
    }

    /** Sleeps in short steps so that a Ctrl-C (which stops the run after this task) ends the pause early. */
    private static void sleep(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!Interrupts.requested()) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) return;
            try {
                Thread.sleep(Math.min(left, 100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
