package playbook.engine.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code playbook vault ...}: the commands, their exit codes, and files ansible-vault and ansible can read. */
class VaultCommandTest {
    @TempDir Path tmp;
    final Map<String, String> env = new HashMap<>();
    final Deque<String> answers = new ArrayDeque<>();
    String stdin = "";
    String out, err;

    /** Runs {@code playbook vault ARGS} the way Main.run does, with stdin, prompts and $EDITOR from the test. */
    int vault(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(o, true, StandardCharsets.UTF_8);
        PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8);
        VaultCommand vc = new VaultCommand();
        vc.parent = new RootCommand(ps, pe);
        vc.in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        vc.prompt = p -> answers.removeFirst().toCharArray();
        env.putIfAbsent("HOME", tmp.toString());
        vc.env = env;
        vc.cwd = tmp;
        CommandLine cl = new CommandLine(vc);
        cl.setOut(new PrintWriter(ps, true));
        cl.setErr(new PrintWriter(pe, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            pe.println("ERROR! " + ex.getMessage());
            return 5;
        });
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            pe.println("ERROR! Unexpected Exception, this is probably a bug: " + ex);
            ex.printStackTrace(pe);
            return 250;
        });
        int rc = cl.execute(args);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return rc;
    }

    Path write(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) return true;
        }
        return false;
    }

    /** Runs a command in tmp and returns rc + "\n" + stdout + stderr. */
    String sh(String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("ANSIBLE_NOCOLOR", "1");
        pb.environment().put("ANSIBLE_LOCALHOST_WARNING", "false");
        pb.environment().put("ANSIBLE_INVENTORY_UNPARSED_WARNING", "false");
        pb.environment().remove("ANSIBLE_VAULT_PASSWORD_FILE");
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + List.of(cmd));
        return p.exitValue() + "\n" + text;
    }

    @Test void encryptViewDecryptInPlace() throws Exception {
        write("pw", "hunter2pass\n");
        Path f = write("secrets.yml", "token: abc123\n");
        assertEquals(0, vault("encrypt", "--vault-password-file", "pw", "secrets.yml"), err);
        String vaulted = Files.readString(f);
        assertTrue(vaulted.startsWith("$ANSIBLE_VAULT;1.1;AES256\n"), vaulted);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(0, vault("view", "--vault-password-file", "pw", "secrets.yml"), err);
        assertEquals("token: abc123\n", out);
        assertEquals(0, vault("decrypt", "--vault-password-file", "pw", "secrets.yml"), err);
        assertEquals("token: abc123\n", Files.readString(f));
        assertEquals(1, vault("decrypt", "--vault-password-file", "pw", "secrets.yml"));
        assertTrue(err.startsWith("ERROR! ") && err.contains("not vault encrypted data"), err);
    }

    @Test void encryptFromStdinToStdoutAndOutputFile() throws Exception {
        write("pw", "hunter2pass");
        stdin = "from: stdin\n";
        assertEquals(0, vault("encrypt", "--vault-password-file", "pw", "--output", "-"), err);
        assertTrue(out.startsWith("$ANSIBLE_VAULT;1.1;AES256\n"), out);
        write("enc.yml", out);
        assertEquals(0, vault("decrypt", "--vault-password-file", "pw", "enc.yml", "--output", "plain.yml"), err);
        assertEquals("from: stdin\n", Files.readString(tmp.resolve("plain.yml")));
        assertTrue(Files.readString(tmp.resolve("enc.yml")).startsWith("$ANSIBLE_VAULT"), "input left alone with --output");
    }

    @Test void wrongPasswordIsExitOneWithTheFileAndNoStackTrace() throws Exception {
        write("pw", "hunter2pass");
        write("bad", "wrong-one");
        write("s.yml", "x: 1\n");
        assertEquals(0, vault("encrypt", "--vault-password-file", "pw", "s.yml"));
        assertEquals(1, vault("view", "--vault-password-file", "bad", "s.yml"));
        assertTrue(err.startsWith("ERROR! Decryption failed (no vault secrets were found that could decrypt) on " + tmp.resolve("s.yml")), err);
        assertFalse(err.contains("\tat "), err);
        assertFalse(err.contains("wrong-one"), err);
        write("garbage.yml", "$ANSIBLE_VAULT;1.1;AES256\n3132zz\n");
        assertEquals(1, vault("view", "--vault-password-file", "pw", "garbage.yml"));
        assertTrue(err.startsWith("ERROR! Vault format error in " + tmp.resolve("garbage.yml")), err);
    }

    @Test void badOptionsAreExitFive() throws Exception {
        write("a", "aaaa");
        write("b", "bbbb");
        write("f.yml", "x: 1\n");
        assertEquals(5, vault("encrypt", "--vault-id", "a@a", "--vault-id", "b@b", "f.yml"));
        assertTrue(err.contains("Specify the vault-id to encrypt with --encrypt-vault-id"), err);
        assertEquals(5, vault("rekey", "--vault-password-file", "a", "--new-vault-password-file", "b", "--new-vault-id", "x@b", "f.yml"));
        assertEquals(5, vault("encrypt", "--no-such-option", "f.yml"));
        assertEquals(5, vault("encrypt", "--vault-id", "a;b@a", "f.yml"));
        assertEquals(5, vault("create", "--vault-password-file", "a", "one.yml", "two.yml"));
        assertEquals(5, vault());
    }

    @Test void encryptVaultIdPicksTheLabelAndAnsibleVaultReadsIt() throws Exception {
        Assumptions.assumeTrue(onPath("ansible-vault"), "ansible-vault is not installed");
        write("devpw", "dev-secret");
        write("prodpw", "prod-secret");
        Path f = write("f.yml", "env: prod\n");
        assertEquals(0, vault("encrypt", "--vault-id", "dev@devpw", "--vault-id", "prod@prodpw", "--encrypt-vault-id", "prod", "f.yml"), err);
        assertTrue(Files.readString(f).startsWith("$ANSIBLE_VAULT;1.2;AES256;prod\n"));
        assertEquals("0\nenv: prod\n", sh("ansible-vault", "view", "--vault-id", "prod@prodpw", "f.yml"));
        assertEquals("0\nenv: prod\n", sh("ansible-vault", "decrypt", "--vault-id", "prod@prodpw", "--output", "-", "f.yml"));
    }

    @Test void decryptsWhatAnsibleVaultEncrypted() throws Exception {
        Assumptions.assumeTrue(onPath("ansible-vault"), "ansible-vault is not installed");
        write("pw", "hunter2pass\n");
        write("a.yml", "a: 1\n");
        assertTrue(sh("ansible-vault", "encrypt", "--vault-id", "ops@pw", "a.yml").startsWith("0\n"));
        assertEquals(0, vault("view", "--vault-id", "ops@pw", "a.yml"), err);
        assertEquals("a: 1\n", out);
    }

    @Test void encryptStringPrintsWhatAnsibleCanUse() throws Exception {
        write("pw", "hunter2pass\n");
        assertEquals(0, vault("encrypt_string", "--vault-password-file", "pw", "--name", "db_pass", "S3cret value!"), err);
        assertTrue(out.startsWith("db_pass: !vault |\n          $ANSIBLE_VAULT;1.1;AES256\n          "), out);
        assertFalse(out.endsWith("\n"), "like ansible-vault, no newline at the end");
        for (String line : out.split("\n")) if (!line.startsWith("db_pass")) assertTrue(line.matches(" {10}[$0-9a-fA-Z_;.]+"), line);
        write("vars.yml", out + "\n");
        Assumptions.assumeTrue(onPath("ansible"), "ansible is not installed");
        String r = sh("ansible", "localhost", "-c", "local", "-m", "debug", "-a", "var=db_pass", "-e", "@vars.yml", "--vault-password-file", "pw");
        assertTrue(r.startsWith("0\n") && r.contains("\"db_pass\": \"S3cret value!\""), r);
    }

    @Test void encryptStringWithSeveralStringsAndStdin() throws Exception {
        write("pw", "hunter2pass");
        stdin = "from-stdin";
        assertEquals(0, vault("encrypt_string", "--vault-password-file", "pw", "--stdin-name", "s", "-n", "a", "one", "two"), err);
        assertTrue(out.startsWith("s: !vault |\n"), out);
        assertTrue(out.contains("\na: !vault |\n"), out);
        assertTrue(out.contains("\n!vault |\n"), out);
        assertTrue(err.contains("# The encrypted version of variable (\"s\", the string #1 from stdin).")
                && err.contains("# The encrypted version of the string #3 from the command line args.)")
                && err.contains("The number of --name options do not match the number of args."), err);
        write("vars.yml", out.replace("!vault |\n", "!vault |\n").replaceFirst("\n!vault", "\nb: !vault") + "\n");
        Assumptions.assumeTrue(onPath("ansible"), "ansible is not installed");
        String r = sh("ansible", "localhost", "-c", "local", "-m", "debug", "-a", "msg={{ s }}-{{ a }}-{{ b }}", "-e", "@vars.yml", "--vault-password-file", "pw");
        assertTrue(r.contains("\"msg\": \"from-stdin-one-two\""), r);
    }

    @Test void rekeyChangesThePasswordAndKeepsTheMode() throws Exception {
        write("old", "old-password");
        write("new", "new-password");
        Path f = write("r.yml", "r: 1\n");
        assertEquals(0, vault("encrypt", "--vault-password-file", "old", "r.yml"));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(0, vault("rekey", "--vault-password-file", "old", "--new-vault-id", "lab@new", "r.yml"), err);
        assertTrue(err.contains("Rekey successful"), err);
        assertTrue(Files.readString(f).startsWith("$ANSIBLE_VAULT;1.2;AES256;lab\n"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(1, vault("view", "--vault-password-file", "old", "r.yml"));
        assertEquals(0, vault("view", "--vault-password-file", "new", "r.yml"), err);
        assertEquals("r: 1\n", out);
        if (onPath("ansible-vault")) assertEquals("0\nr: 1\n", sh("ansible-vault", "view", "--vault-id", "lab@new", "r.yml"));
    }

    @Test void editReencryptsWithTheSameIdAndLeavesNoPlaintextBehind() throws Exception {
        write("pw", "hunter2pass");
        Path f = write("e.yml", "e: 1\n");
        assertEquals(0, vault("encrypt", "--vault-id", "ops@pw", "e.yml"));
        Path editor = write("editor.sh", "#!/bin/sh\necho \"$1\" > \"" + tmp.resolve("seen") + "\"\nls -l \"$1\" >> \"" + tmp.resolve("seen") + "\"\necho 'f: 2' >> \"$1\"\n");
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
        env.put("EDITOR", editor.toString());
        assertEquals(0, vault("edit", "--vault-id", "ops@pw", "e.yml"), err);
        String vaulted = Files.readString(f);
        assertTrue(vaulted.startsWith("$ANSIBLE_VAULT;1.2;AES256;ops\n"), vaulted);
        assertEquals(0, vault("view", "--vault-id", "ops@pw", "e.yml"));
        assertEquals("e: 1\nf: 2\n", out);
        List<String> seen = Files.readAllLines(tmp.resolve("seen"));
        Path tempFile = Path.of(seen.get(0));
        assertTrue(seen.get(1).startsWith("-rw------- "), "the editor's file is 0600: " + seen.get(1));
        assertTrue(tempFile.toString().endsWith(".yml"), tempFile.toString());
        assertFalse(Files.exists(tempFile), "temp file removed");
        assertFalse(Files.exists(tempFile.getParent()), "private temp dir removed");
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no leftovers next to the vault file");
        }
    }

    @Test void aFailingEditorChangesNothing() throws Exception {
        write("pw", "hunter2pass");
        Path f = write("e.yml", "e: 1\n");
        assertEquals(0, vault("encrypt", "--vault-password-file", "pw", "e.yml"));
        String before = Files.readString(f);
        env.put("EDITOR", "sh -c 'echo junk >> \"$0\"; exit 3'");
        assertEquals(1, vault("edit", "--vault-password-file", "pw", "e.yml"));
        assertTrue(err.contains("exited with code 3"), err);
        assertEquals(before, Files.readString(f));
    }

    @Test void createOpensTheEditorAndRefusesExistingFiles() throws Exception {
        write("pw", "hunter2pass");
        env.put("EDITOR", "sh -c 'printf \"new: file\\n\" > \"$0\"'");
        answers.clear();
        assertEquals(0, vault("create", "--vault-password-file", "pw", "sub/c.yml"), err);
        Path c = tmp.resolve("sub/c.yml");
        assertTrue(Files.readString(c).startsWith("$ANSIBLE_VAULT;1.1;AES256\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(c)));
        assertEquals(0, vault("view", "--vault-password-file", "pw", "sub/c.yml"));
        assertEquals("new: file\n", out);
        assertEquals(1, vault("create", "--vault-password-file", "pw", "sub/c.yml"));
        assertTrue(err.contains("exists, please use 'edit' instead"), err);
    }

    @Test void promptsForANewPasswordTwiceWhenNoSourceIsGiven() throws Exception {
        write("f.yml", "p: 1\n");
        answers.addAll(List.of("typed-pw", "typed-pw"));
        assertEquals(0, vault("encrypt", "f.yml"), err);
        answers.add("typed-pw");
        assertEquals(0, vault("view", "f.yml"), err);
        assertEquals("p: 1\n", out);
        answers.addAll(List.of("a-pw", "b-pw"));
        assertEquals(1, vault("encrypt", "--output", "-", "f.yml"));
        assertTrue(err.contains("Passwords do not match"), err);
    }

    @Test void executablePasswordScript() throws Exception {
        Path s = write("pw.sh", "#!/bin/sh\necho from-script\n");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        write("plainpw", "from-script");
        write("f.yml", "f: 1\n");
        assertEquals(0, vault("encrypt", "--vault-password-file", "pw.sh", "f.yml"), err);
        assertEquals(0, vault("view", "--vault-password-file", "plainpw", "f.yml"), err);
        assertEquals("f: 1\n", out);
    }

    @Test void rewritesGoThroughSymlinks() throws Exception {
        write("pw", "hunter2pass");
        Path real = write("real.yml", "s: 1\n");
        Path link = Files.createSymbolicLink(tmp.resolve("link.yml"), real.getFileName());
        assertEquals(0, vault("encrypt", "--vault-password-file", "pw", "link.yml"), err);
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertTrue(Files.readString(real).startsWith("$ANSIBLE_VAULT;1.1;AES256\n"));
    }
}
