package playbook.engine.vault;

import playbook.engine.VaultException;

import java.io.Console;

/** Reads a password without echo: the console in the CLI, a canned answer in tests. */
@FunctionalInterface
public interface VaultPrompt {
    /** Shows {@code prompt} and returns what was typed (without the line end). */
    char[] readPassword(String prompt);

    /** The process's terminal; a clear error when there is none (stdin or stdout redirected, CI). */
    static VaultPrompt console() {
        return prompt -> {
            Console c = System.console();
            if (c == null) {
                throw new VaultException("Cannot ask for the vault password: there is no terminal (stdin or stdout is"
                        + " redirected). Use --vault-password-file FILE or --vault-id label@FILE instead of"
                        + " --ask-vault-pass / @prompt");
            }
            char[] answer = c.readPassword("%s", prompt);
            if (answer == null) throw new VaultException("No vault password was entered (end of input at the prompt '" + prompt.strip() + "')");
            return answer;
        };
    }
}
