package playbook.modules.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** authorized_key and known_hosts on real files in temp dirs; expectations follow Ansible 2.14's code. */
class SshKeysTest {
    private static final String ED = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHBRAHQdQ+l08IQc+2TtysjJcQu9cyy5UY8G8rXEMmIw";
    private static final String RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDtest";

    private static String mode(Path p) throws Exception { return PosixFilePermissions.toString(Files.getPosixFilePermissions(p)); }

    @Test void parsesKeysAndOptionsLikeAnsible() {
        AuthorizedKeys.Key k = AuthorizedKeys.parse("from=\"10.0.0.1,10.0.0.2\",no-pty " + ED + " backup@mac\n", 3);
        assertEquals("ssh-ed25519", k.type());
        assertEquals("backup@mac", k.comment());
        assertEquals("\"10.0.0.1,10.0.0.2\"", k.options().get("from"));
        assertTrue(k.options().containsKey("no-pty"));
        assertNull(AuthorizedKeys.parse("garbage line", 0));
        assertEquals("from=\"10.0.0.1,10.0.0.2\",no-pty " + ED + " backup@mac\n# note\n",
                AuthorizedKeys.serialize(AuthorizedKeys.parseFile("from=\"10.0.0.1,10.0.0.2\",no-pty " + ED + " backup@mac\n# note\n")));
    }

    @Test void authorizedKeyOnTempPath(@TempDir Path dir) throws Exception {
        Path ssh = dir.resolve("ssh");
        Path f = ssh.resolve("authorized_keys");
        Object[] task = {"user", "root", "key", ED + " pull@mac", "path", f.toString(), "key_options", "no-pty,from=\"10.0.0.5\""};
        LocalTarget ck = new LocalTarget().check(true).diff(true);
        Result c = Run.run(new AuthorizedKeyModule(), ck, task);
        assertTrue(c.isChanged());
        assertFalse(Files.exists(ssh), "check mode creates nothing");
        assertEquals("no-pty,from=\"10.0.0.5\" " + ED + " pull@mac\n", c.diffs().get(0).after());

        assertTrue(Run.run(new AuthorizedKeyModule(), new LocalTarget(), task).isChanged());
        assertEquals("no-pty,from=\"10.0.0.5\" " + ED + " pull@mac\n", Files.readString(f));
        assertEquals("rwx------", mode(ssh));
        assertEquals("rw-------", mode(f));
        LocalTarget again = new LocalTarget();
        assertFalse(Run.run(new AuthorizedKeyModule(), again, task).isChanged());
        assertTrue(again.applies.isEmpty());

        Run.run(new AuthorizedKeyModule(), new LocalTarget(), "user", "root", "key", RSA, "path", f.toString());
        assertEquals("no-pty,from=\"10.0.0.5\" " + ED + " pull@mac\n" + RSA + " \n", Files.readString(f),
                "a key without comment keeps Ansible's trailing space");
        Result ex = Run.run(new AuthorizedKeyModule(), new LocalTarget(), "user", "root", "key", RSA, "path", f.toString(), "exclusive", true);
        assertTrue(ex.isChanged());
        assertEquals(RSA + " \n", Files.readString(f));
        assertTrue(Run.run(new AuthorizedKeyModule(), new LocalTarget(), "user", "root", "key", RSA, "path", f.toString(), "state", "absent").isChanged());
        assertEquals("", Files.readString(f));
        assertEquals("invalid key specified: not-a-key", Run.run(new AuthorizedKeyModule(), new LocalTarget(),
                "user", "root", "key", "not-a-key", "path", f.toString()).msg());
    }

    @Test void authorizedKeyDefaultPathFromPasswd() {
        FakeTarget t = new FakeTarget().check(true).on("getent passwd", 0, "pi:x:1000:1000:,,,:/home/pi:/bin/bash\n");
        Result r = Run.run(new AuthorizedKeyModule(), t, "user", "pi", "key", ED + " a@b");
        assertTrue(r.isChanged());
        assertEquals("/home/pi/.ssh/authorized_keys", r.values().get("keyfile"));
        String apply = t.commands("apply").get(0);
        assertTrue(apply.startsWith("{ [ -d /home/pi/.ssh ] || mkdir -m 0700 /home/pi/.ssh; } && chown 1000:1000 /home/pi/.ssh && chmod 0700 /home/pi/.ssh"), apply);
        Result missing = Run.run(new AuthorizedKeyModule(), new FakeTarget().on("getent passwd", 0, "\n"), "user", "nosuch", "key", ED);
        assertEquals("Failed to lookup user nosuch: getpwnam(): name not found: 'nosuch'", missing.msg());
    }

    @Test void knownHostsAddReplaceHashAndRemove(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("known_hosts");
        Files.writeString(f, "other.org " + RSA + "\n");
        Object[] task = {"name", "Pi.lan", "key", "pi.lan " + ED, "path", f.toString()};
        LocalTarget ck = new LocalTarget().check(true).diff(true);
        assertTrue(Run.run(new KnownHostsModule(), ck, task).isChanged());
        assertEquals("other.org " + RSA + "\n", Files.readString(f));

        assertTrue(Run.run(new KnownHostsModule(), new LocalTarget(), task).isChanged());
        assertEquals("other.org " + RSA + "\npi.lan " + ED + "\n", Files.readString(f));
        LocalTarget again = new LocalTarget();
        assertFalse(Run.run(new KnownHostsModule(), again, task).isChanged());
        assertTrue(again.applies.isEmpty());

        String newEd = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherKeyOtherKeyOtherKeyOtherKeyOtherKey";
        Result rep = Run.run(new KnownHostsModule(), new LocalTarget(), "name", "pi.lan", "key", "pi.lan " + newEd, "path", f.toString());
        assertTrue(rep.isChanged());
        assertEquals("other.org " + RSA + "\npi.lan " + newEd + "\n", Files.readString(f), "same key type is replaced");

        Result hashed = Run.run(new KnownHostsModule(), new LocalTarget(), "name", "mac.lan", "key", "mac.lan " + ED,
                "path", f.toString(), "hash_host", true);
        assertTrue(hashed.isChanged());
        String last = Files.readAllLines(f).get(2);
        assertTrue(last.startsWith("|1|") && last.endsWith(ED), last);
        assertFalse(Run.run(new KnownHostsModule(), new LocalTarget(), "name", "mac.lan", "key", "mac.lan " + ED,
                "path", f.toString(), "hash_host", true).isChanged(), "hashed entry is found again");

        assertTrue(Run.run(new KnownHostsModule(), new LocalTarget(), "name", "mac.lan", "state", "absent", "path", f.toString()).isChanged());
        assertEquals(List.of("other.org " + RSA, "pi.lan " + newEd), Files.readAllLines(f));
        assertEquals("Host parameter does not match hashed host field in supplied key", Run.run(new KnownHostsModule(),
                new LocalTarget(), "name", "a.lan", "key", "b.lan " + ED, "path", f.toString()).msg());

        Path fresh = dir.resolve("new/.ssh/known_hosts");
        Run.run(new KnownHostsModule(), new LocalTarget(), "name", "pi.lan", "key", "pi.lan " + ED, "path", fresh.toString());
        assertEquals("rw-r--r--", mode(fresh));
        assertEquals("rwx------", mode(fresh.getParent()));
    }
}
