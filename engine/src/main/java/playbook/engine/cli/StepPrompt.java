package playbook.engine.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/** --step: "Perform task: TASK: name (N)o/(y)es/(c)ontinue:" as ansible-playbook asks it. */
final class StepPrompt implements Predicate<String> {
    private final BufferedReader in;
    private final PrintStream out;
    private boolean continueAll;

    StepPrompt(InputStream in, PrintStream out) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
    }

    @Override
    public synchronized boolean test(String title) {
        if (continueAll) return true;
        out.print("Perform task: TASK: " + title + " (N)o/(y)es/(c)ontinue: ");
        out.flush();
        String answer;
        try {
            answer = in.readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null) return false;  // no input left: do nothing more, as the default answer is No
        String a = answer.trim().toLowerCase();
        if (a.equals("c") || a.equals("continue")) { continueAll = true; return true; }
        return a.equals("y") || a.equals("yes");
    }
}
