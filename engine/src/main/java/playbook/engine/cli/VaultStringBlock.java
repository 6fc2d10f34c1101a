package playbook.engine.cli;

import playbook.engine.vault.VaultSecret;
import playbook.engine.vault.VaultSecrets;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One string for {@code vault encrypt_string}, and the output ansible-vault prints for them:
 * {@code name: !vault |} and the envelope indented by 10 spaces; blocks separated by a newline,
 * with no newline at the end; a comment on stderr before each block when there are several.
 */
record VaultStringBlock(byte[] plaintext, String from, String name) {
    static final String FROM_STDIN = "stdin";
    static final String FROM_ARGS = "the command line args";
    static final String FROM_PROMPT = "the interactive prompt";
    private static final String INDENT = " ".repeat(10);

    static String render(List<VaultStringBlock> blocks, VaultSecret secret, PrintStream err) {
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            VaultStringBlock b = blocks.get(i);
            if (blocks.size() > 1) {
                err.print(b.name != null
                        ? "# The encrypted version of variable (\"" + b.name + "\", the string #" + (i + 1) + " from " + b.from + ").\n"
                        : "# The encrypted version of the string #" + (i + 1) + " from " + b.from + ".)\n");
            }
            outs.add(yaml(VaultSecrets.encrypt(b.plaintext, secret), b.name));
        }
        err.flush();
        return String.join("\n", outs);
    }

    /** {@code [name: ]!vault |} then each envelope line indented. */
    static String yaml(String envelope, String name) {
        StringBuilder sb = new StringBuilder();
        if (name != null) sb.append(name).append(": ");
        sb.append("!vault |");
        for (String line : envelope.split("\n")) sb.append('\n').append(INDENT).append(line);
        return sb.toString();
    }

    @Override public String toString() { return "VaultStringBlock[" + (name == null ? "" : name + ", ") + plaintext.length + " bytes from " + from + "]"; }
}
