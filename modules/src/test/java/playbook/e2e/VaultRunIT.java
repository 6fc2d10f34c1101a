package playbook.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Vaulted vars (whole file and inline !vault) used by a run: decrypted for tasks, never printed. */
class VaultRunIT {
    @TempDir Path dir;

    private String vault(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        String[] full = new String[args.length + 1];
        full[0] = "vault";
        System.arraycopy(args, 0, full, 1, args.length);
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), full);
        assertEquals(0, rc, e.toString(StandardCharsets.UTF_8));
        return o.toString(StandardCharsets.UTF_8);
    }

    @Test
    void vaultedFileAndInlineValueAreUsableAndRedacted() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "correct horse\n");
        Path secrets = Files.writeString(dir.resolve("secrets.yml"), "db_pass: sup3r-s3cret-db\n");
        vault("encrypt", secrets.toString(), "--vault-password-file", pw.toString());
        assertTrue(Files.readString(secrets).startsWith("$ANSIBLE_VAULT;1.1;AES256"));
        String inline = vault("encrypt_string", "inline-t0ken-value", "--name", "api_token", "--vault-password-file", pw.toString());
        Files.createDirectories(dir.resolve("out"));
        Run r = Run.in(dir, Map.of("site.yml", """
                - hosts: localhost
                  gather_facts: false
                  vars_files: [secrets.yml]
                  vars:
                    INLINE
                  tasks:
                    - copy: { dest: "{{ out }}/creds", content: "{{ db_pass }}/{{ api_token }}" }
                    - debug: { msg: "token {{ api_token }} pass {{ db_pass }}" }
                """.replace("INLINE", inline.strip().replace("\n", "\n    ")), "inventory", Run.LOCAL_INVENTORY),
                "$DIR/site.yml", "-i", "$DIR/inventory", "-e", "out=$DIR/out", "--vault-password-file", pw.toString());
        assertEquals(0, r.rc, r.toString());
        assertEquals("sup3r-s3cret-db/inline-t0ken-value", Files.readString(dir.resolve("out/creds")));
        assertFalse(r.out.contains("sup3r-s3cret-db") || r.out.contains("inline-t0ken-value"), r.toString());
        assertTrue(r.out.contains("********"), r.toString());
    }

    @Test
    void missingPasswordGivesAClearError() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "pw1234\n");
        Path secrets = Files.writeString(dir.resolve("secrets.yml"), "x: 1\n");
        vault("encrypt", secrets.toString(), "--vault-password-file", pw.toString());
        Run r = Run.in(dir, Map.of("site.yml", "- hosts: localhost\n  gather_facts: false\n  vars_files: [secrets.yml]\n  tasks: []\n",
                "inventory", Run.LOCAL_INVENTORY), "$DIR/site.yml", "-i", "$DIR/inventory");
        assertTrue(r.rc != 0, r.toString());
        assertTrue(r.err.contains("secrets.yml") && r.err.toLowerCase().contains("vault"), r.toString());
        assertFalse(r.err.contains("\tat "), r.toString());
    }
}
