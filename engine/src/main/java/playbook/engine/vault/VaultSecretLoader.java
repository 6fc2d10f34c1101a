package playbook.engine.vault;

import playbook.engine.VaultException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Builds {@link VaultSecrets} from the command line the way Ansible does: every
 * {@code --vault-id [label@]source} first, then every {@code --vault-password-file} (label
 * "default"), then {@code --ask-vault-pass}. A source is {@code prompt} or a file; an executable
 * file is run and its stdout is the password (a script named {@code *-client} or
 * {@code *-client.ext} gets {@code --vault-id label}). A password file may itself be vaulted with
 * a secret given before it.
 */
public final class VaultSecretLoader {
    private static final String PROMPT = "prompt";
    private static final String ASK_VAULT_PASS = "prompt_ask_vault_pass";
    private final Path cwd;
    private final VaultPrompt prompt;

    public VaultSecretLoader(Path cwd, VaultPrompt prompt) {
        this.cwd = cwd;
        this.prompt = prompt;
    }

    /**
     * @param vaultIds      {@code --vault-id} values: {@code label@source}, or a bare source
     * @param passwordFiles {@code --vault-password-file} values (and ansible.cfg's vault_password_file)
     * @param askVaultPass  {@code --ask-vault-pass}
     * @param newPassword   prompts ask for a new password twice (encrypt, create, rekey's new one)
     * @param autoPrompt    prompt when no source was given at all (ansible-vault does; ansible-playbook does not)
     * @throws VaultException a source that cannot be read, an empty password, no terminal to prompt on
     */
    public VaultSecrets load(List<String> vaultIds, List<String> passwordFiles, boolean askVaultPass,
                             boolean newPassword, boolean autoPrompt) {
        List<String> slugs = new ArrayList<>();
        for (String id : vaultIds) {
            checkVaultId(id);
            slugs.add(id);
        }
        for (String f : passwordFiles) slugs.add(VaultEnvelope.DEFAULT_LABEL + "@" + f);
        if (askVaultPass || (slugs.isEmpty() && autoPrompt)) slugs.add(VaultEnvelope.DEFAULT_LABEL + "@" + ASK_VAULT_PASS);
        List<VaultSecret> loaded = new ArrayList<>();
        for (String slug : slugs) {
            int at = slug.indexOf('@');
            String label = at < 0 ? VaultEnvelope.DEFAULT_LABEL : slug.substring(0, at);
            String source = at < 0 ? slug : slug.substring(at + 1);
            if (label.isEmpty()) label = VaultEnvelope.DEFAULT_LABEL;
            if (source.isEmpty()) throw new VaultException("--vault-id '" + slug + "' names no source: use label@FILE or label@prompt");
            if (source.equals(PROMPT) || source.equals(ASK_VAULT_PASS)) {
                loaded.add(prompted(label, source.equals(ASK_VAULT_PASS), newPassword));
            } else {
                loaded.add(fromFile(label, at > 0, source, new VaultSecrets(loaded)));
            }
        }
        return new VaultSecrets(loaded);
    }

    /** A vault id may not contain ';' (it ends up in the envelope header). */
    public static void checkVaultId(String id) {
        if (id.contains(";")) {
            throw new VaultException("'" + id + "' is not a valid vault id. The character ';' is not allowed in vault ids");
        }
    }

    private VaultSecret prompted(String label, boolean oldStyle, boolean newPassword) {
        String first = newPassword
                ? (oldStyle ? "New Vault password: " : "New vault password (" + label + "): ")
                : (oldStyle ? "Vault password: " : "Vault password (" + label + "): ");
        byte[] pass = utf8(prompt.readPassword(first));
        if (newPassword) {
            byte[] again = utf8(prompt.readPassword(oldStyle ? "Confirm New Vault password: " : "Confirm new vault password (" + label + "): "));
            boolean same = Arrays.equals(pass, again);
            Arrays.fill(again, (byte) 0);
            if (!same) throw new VaultException("Passwords do not match; nothing was changed. Run the command again");
        }
        if (pass.length == 0) throw new VaultException("Invalid vault password was provided from prompt: it is empty");
        try {
            return new VaultSecret(label, pass, PROMPT);
        } finally {
            Arrays.fill(pass, (byte) 0);
        }
    }

    private VaultSecret fromFile(String label, boolean labelGiven, String source, VaultSecrets earlier) {
        Path p = resolve(source);
        if (!Files.exists(p)) throw new VaultException("The vault password file " + p + " was not found; check --vault-password-file / --vault-id");
        if (Files.isDirectory(p)) throw new VaultException("The vault password file " + p + " is a directory; name a file");
        byte[] pass = executable(p) ? runScript(p, label, labelGiven) : readFile(p, earlier);
        try {
            return new VaultSecret(label, pass, p.toString());
        } finally {
            Arrays.fill(pass, (byte) 0);
        }
    }

    private byte[] readFile(Path p, VaultSecrets earlier) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(p);
        } catch (IOException e) {
            throw new VaultException("Could not read vault password file " + p + ": " + e.getMessage() + "; check its permissions");
        }
        byte[] pass = strip(raw, true);
        Arrays.fill(raw, (byte) 0);
        if (VaultEnvelope.isVaulted(pass)) {
            byte[] plain = earlier.decrypt(pass, p.toString()).plaintext();
            Arrays.fill(pass, (byte) 0);
            pass = plain;
        }
        byte[] out = strip(pass, false);
        Arrays.fill(pass, (byte) 0);
        if (out.length == 0) throw new VaultException("Invalid vault password was provided from file (" + p + "): it is empty");
        return out;
    }

    /** Runs a password script; a client script gets {@code --vault-id label} when a label was given, as in Ansible. */
    private byte[] runScript(Path p, String label, boolean labelGiven) {
        boolean client = isClientScript(p);
        List<String> cmd = new ArrayList<>(List.of(p.toString()));
        if (client && labelGiven) cmd.addAll(List.of("--vault-id", label));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT);
        pb.redirectError(client ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.INHERIT);
        if (p.getParent() != null) pb.directory(p.getParent().toFile());
        Process proc;
        try {
            proc = pb.start();
        } catch (IOException e) {
            throw new VaultException("Problem running vault password script " + p + " (" + e.getMessage()
                    + "). If this is not a script, remove the executable bit from the file");
        }
        byte[] out;
        String err = "";
        int rc;
        CompletableFuture<byte[]> stderr = client
                ? CompletableFuture.supplyAsync(() -> readQuietly(proc.getErrorStream()))
                : CompletableFuture.completedFuture(new byte[0]);
        try (InputStream stdout = proc.getInputStream()) {
            out = readAll(stdout);
            rc = proc.waitFor();
            err = new String(stderr.join(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            proc.destroyForcibly();
            throw new VaultException("Could not read the output of vault password script " + p + ": " + e.getMessage());
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new VaultException("Interrupted while running vault password script " + p);
        }
        if (client && rc == 2) {
            throw new VaultException("Vault password client script " + p + " did not find a secret for vault-id=" + label + ": " + err);
        }
        if (rc != 0) {
            Arrays.fill(out, (byte) 0);
            throw new VaultException("Vault password script " + p + " returned non-zero (" + rc + ")" + (err.isEmpty() ? "" : ": " + err)
                    + "; run it by hand to see why");
        }
        byte[] pass = strip(out, false);
        Arrays.fill(out, (byte) 0);
        if (pass.length == 0) throw new VaultException("Invalid vault password was provided from script (" + p + "): it printed nothing");
        return pass;
    }

    private Path resolve(String source) {
        String s = source;
        if (s.equals("~") || s.startsWith("~/")) s = System.getProperty("user.home") + s.substring(1);
        return cwd.resolve(s).toAbsolutePath().normalize();
    }

    /** Ansible's test: any execute bit set. */
    static boolean executable(Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            return perms.contains(PosixFilePermission.OWNER_EXECUTE) || perms.contains(PosixFilePermission.GROUP_EXECUTE)
                    || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException | UnsupportedOperationException e) {
            return Files.isExecutable(p);
        }
    }

    static boolean isClientScript(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return stem.endsWith("-client");
    }

    /** Python's bytes.strip() (all ASCII whitespace) or strip(b'\r\n'). */
    static byte[] strip(byte[] b, boolean allWhitespace) {
        int from = 0, to = b.length;
        while (from < to && isStripped(b[from], allWhitespace)) from++;
        while (to > from && isStripped(b[to - 1], allWhitespace)) to--;
        return Arrays.copyOfRange(b, from, to);
    }

    private static boolean isStripped(byte c, boolean allWhitespace) {
        return c == '\r' || c == '\n' || (allWhitespace && (c == ' ' || c == '\t' || c == 0x0b || c == '\f'));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        in.transferTo(bo);
        return bo.toByteArray();
    }

    private static byte[] readQuietly(InputStream in) {
        try (in) {
            return readAll(in);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = Arrays.copyOf(bb.array(), bb.limit());
        Arrays.fill(bb.array(), (byte) 0);
        Arrays.fill(chars, '\0');
        return out;
    }
}
