package playbook.engine.cli;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;

/** Entry point. {@code main} only exits with what {@link #run} returns, so tests call {@code run}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (isVersion(args)) {
            System.exit(run(System.out, System.err, args));
        }
        Startup.begin(args.length > 0 && args[0].equals("run"), connects(args));
        playbook.engine.exec.Interrupts.install(System.err);
        System.exit(run(System.out, System.err, args));
    }

    /** Runs the CLI and returns ansible-playbook's exit code (5 for bad options). */
    public static int run(PrintStream out, PrintStream err, String... args) {
        if (isVersion(args)) {
            // the fast path: no logging, no command tree (picocli would reflect over every subcommand)
            for (String line : new Version().getVersion()) out.println(line);
            out.flush();
            return 0;
        }
        CommandLine cl = RootCommand.commandLine(new RootCommand(out, err), args);
        cl.setExpandAtFiles(false); // "-e @vars.yml" is ansible-playbook syntax, not a picocli argument file
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("ERROR! " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Run 'playbook " + (ex.getCommandLine().getCommandName().equals("playbook") ? "" : ex.getCommandLine().getCommandName() + " ") + "--help' for the options.");
            return 5;
        });
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            err.println("ERROR! Unexpected Exception, this is probably a bug: " + ex);
            ex.printStackTrace(err);
            return 250;
        });
        // picocli builds and parses the command while logging is set up on the other core; the command waits for it
        cl.setExecutionStrategy(parsed -> {
            Startup.awaitLogging();
            return new CommandLine.RunLast().execute(parsed);
        });
        int rc = cl.execute(args);
        out.flush();
        err.flush();
        return rc;
    }

    /** run and exec, unless they only list, check syntax or show help: those connect to hosts. */
    static boolean connects(String[] args) {
        if (args.length == 0 || !(args[0].equals("run") || args[0].equals("exec"))) return false;
        for (String a : args) {
            switch (a) {
                case "--syntax-check", "--list-hosts", "--list-tasks", "--list-tags", "-h", "--help", "--version" -> { return false; }
                default -> { }
            }
        }
        return true;
    }

    private static boolean isVersion(String[] args) {
        return args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    }
}
