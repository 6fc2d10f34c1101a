package playbook.modules.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.cli.Main;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;
import playbook.engine.testing.TestKeys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * synchronize through the CLI against a real OpenSSH sshd on 127.0.0.1: rsync runs on the
 * controller and reaches the inventory host with the run's address, port, user, key and
 * known_hosts (strict host key checking stays on). The "remote" files are on this machine too,
 * so the test checks them directly.
 */
class SynchronizeIT {
    @RegisterExtension
    static final SshdExtension SSHD = SshdExtension.builder().build();
    /** A second host for delegate_to: rsync runs there, over its own sshd. */
    @RegisterExtension
    static final SshdExtension RELAY = SshdExtension.builder().build();

    @TempDir
    Path dir;

    record Out(int rc, String out, String err) {
        int changed() {
            Matcher m = Pattern.compile("web\\s*:\\s*ok=\\d+\\s+changed=(\\d+)\\s+unreachable=0\\s+failed=(\\d+)").matcher(out);
            assertTrue(m.find(), this::toString);
            return Integer.parseInt(m.group(1));
        }

        boolean failed() {
            Matcher m = Pattern.compile("web\\s*:.*failed=(\\d+)").matcher(out);
            return m.find() && !m.group(1).equals("0");
        }

        @Override public String toString() { return "rc=" + rc + "\n--- out\n" + out + "\n--- err\n" + err; }
    }

    /** A double-quoted YAML string, for paths with quotes and dollars in them. */
    static String yaml(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    Out playOn(String inventory, String tasks, String... options) throws IOException {
        Path pb = dir.resolve("site.yml");
        Files.writeString(pb, "- hosts: web\n  gather_facts: false\n  tasks:\n" + tasks.stripTrailing().indent(4));
        Files.writeString(dir.resolve("inventory"), inventory);
        List<String> a = new ArrayList<>(List.of("run", pb.toString(), "-i", dir.resolve("inventory").toString()));
        a.addAll(List.of(options));
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                a.toArray(String[]::new));
        return new Out(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    Out play(String tasks, String... options) throws IOException {
        return playOn(SshTestHosts.inventoryLine("web", SSHD) + "\n", tasks, options);
    }

    static String sync(String src, String dest, String... extra) {
        StringBuilder sb = new StringBuilder("- synchronize:\n    src: " + yaml(src) + "\n    dest: " + yaml(dest) + "\n");
        for (String x : extra) sb.append("    ").append(x).append('\n');
        return sb.toString();
    }

    /** A tree with a private file, an executable in a subdir and a symlink, all with old mtimes. */
    static Path tree(Path root) throws IOException {
        Files.createDirectories(root.resolve("sub"));
        Path a = Files.writeString(root.resolve("a.txt"), "alpha\n");
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rw-r-----"));
        Path b = Files.writeString(root.resolve("sub/run.sh"), "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(root.resolve("link"), Path.of("a.txt"));
        Files.setLastModifiedTime(a, FileTime.fromMillis(1_600_000_000_000L));
        Files.setLastModifiedTime(b, FileTime.fromMillis(1_500_000_000_000L));
        return root;
    }

    static void assertSameTree(Path src, Path dest) throws IOException {
        for (String f : List.of("a.txt", "sub/run.sh")) {
            Path s = src.resolve(f), d = dest.resolve(f);
            assertTrue(Files.isRegularFile(d), d + " arrived");
            assertEquals(Files.readString(s), Files.readString(d), f);
            assertEquals(Files.getPosixFilePermissions(s), Files.getPosixFilePermissions(d), "mode of " + f);
            assertEquals(Files.getLastModifiedTime(s).toMillis() / 1000, Files.getLastModifiedTime(d).toMillis() / 1000, "mtime of " + f);
        }
        assertTrue(Files.isSymbolicLink(dest.resolve("link")), "symlinks stay symlinks");
        assertEquals(Path.of("a.txt"), Files.readSymbolicLink(dest.resolve("link")));
    }

    static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.walk(d)) {
            return s.map(p -> d.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void pushThenNothingToChangeThenDeleteExtrasThenCheckModeChangesNothing() throws Exception {
        Path src = tree(dir.resolve("src"));
        // src's own mtime an hour back: a file added to dest below must change dest's mtime visibly,
        // even when the whole test runs within one second
        Files.setLastModifiedTime(src, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path dest = dir.resolve("remote/dest");
        Files.createDirectories(dest.getParent());
        Out first = play(sync(src + "/", dest.toString()));
        assertEquals(0, first.rc, first::toString);
        assertEquals(1, first.changed(), first::toString);
        assertSameTree(src, dest);

        Out again = play(sync(src + "/", dest.toString()));
        assertEquals(0, again.rc, again::toString);
        assertEquals(0, again.changed(), "a second run transfers nothing: " + again);

        Files.writeString(dest.resolve("extra.txt"), "not in src\n");
        Out keep = play(sync(src + "/", dest.toString()), "--diff");
        assertEquals(0, keep.rc, keep::toString);
        assertTrue(Files.exists(dest.resolve("extra.txt")), "delete is off by default");
        // the new file changed the directory's mtime, which rsync puts back: the only item
        assertTrue(keep.out.contains("+.d..t...... ./"), keep::toString);
        assertFalse(keep.out.contains("extra.txt"), keep::toString);
        Out delete = play(sync(src + "/", dest.toString(), "delete: true"), "--diff");
        assertEquals(1, delete.changed(), delete::toString);
        assertFalse(Files.exists(dest.resolve("extra.txt")), "delete: true removes what src does not have");
        assertTrue(delete.out.contains("*deleting extra.txt"), "--diff lists the itemized changes: " + delete);
        assertEquals(0, play(sync(src + "/", dest.toString(), "delete: true")).changed());

        Files.writeString(src.resolve("a.txt"), "alpha, edited\n");
        Files.writeString(src.resolve("new.txt"), "new\n");
        List<String> before = names(dest);
        Out check = play(sync(src + "/", dest.toString()), "--check", "--diff");
        assertEquals(0, check.rc, check::toString);
        assertEquals(1, check.changed(), "check mode reports what would change: " + check);
        assertTrue(check.out.contains("new.txt"), check::toString);
        assertEquals(before, names(dest), "check mode changes nothing");
        assertEquals("alpha\n", Files.readString(dest.resolve("a.txt")));
        Out apply = play(sync(src + "/", dest.toString()));
        assertEquals(1, apply.changed(), apply::toString);
        assertEquals("alpha, edited\n", Files.readString(dest.resolve("a.txt")));
        assertEquals(0, play(sync(src + "/", dest.toString())).changed());
    }

    @Test
    void pullBringsTheHostsTreeToTheController() throws Exception {
        Path remote = tree(dir.resolve("on-host/backups"));
        Path local = dir.resolve("controller/offsite");
        Files.createDirectories(local);
        Out first = play(sync(remote + "/", local + "/", "mode: pull"));
        assertEquals(0, first.rc, first::toString);
        assertEquals(1, first.changed(), first::toString);
        assertSameTree(remote, local);
        assertEquals(0, play(sync(remote + "/", local + "/", "mode: pull")).changed());
    }

    @Test
    void pathsWithSpacesQuotesAndDollarsAreCopiedLiterally() throws Exception {
        Path src = tree(dir.resolve("it's a \"$(touch PWNED)\" `touch PWNED2` dir"));
        Path dest = dir.resolve("dest $HOME 'q' \"dq\"");
        Out r = play(sync(src + "/", dest + "/"));
        assertEquals(0, r.rc, r::toString);
        assertEquals(1, r.changed(), r::toString);
        assertSameTree(src, dest);
        Out pull = play(sync(dest + "/", dir.resolve("back; rm -rf x") + "/", "mode: pull"));
        assertEquals(0, pull.rc, pull::toString);
        assertSameTree(src, dir.resolve("back; rm -rf x"));
        try (Stream<Path> s = Files.walk(Path.of(System.getProperty("user.home")), 1)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("PWNED")), "no command ran from a path");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("PWNED")), "no command ran from a path");
        }
    }

    @Test
    void becomeRunsTheRemoteRsyncThroughSudo() throws Exception {
        Path src = tree(dir.resolve("src"));
        Path dest = dir.resolve("root-owned");
        Out r = play(sync(src + "/", dest.toString()) + "  become: true\n  register: r\n"
                + "- assert:\n    that:\n      - \"'--rsync-path=sudo -u root rsync' in r.cmd\"\n      - r.rc == 0\n");
        assertEquals(0, r.rc, r::toString);
        assertSameTree(src, dest);
    }

    @Test
    void delegatedRsyncRunsOnTheDelegateAndReachesTheInventoryHostsAddressAndPort() throws Exception {
        Path src = tree(dir.resolve("on relay"));
        Path dest = dir.resolve("on web");
        String inventory = SshTestHosts.inventoryLine("web", SSHD) + "\n" + SshTestHosts.inventoryLine("relay", RELAY) + "\n";
        // the delegate has no key or known_hosts entry for web of its own: this one passes them explicitly
        String task = sync(src + "/", dest + "/", "use_ssh_args: true", "private_key: " + TestKeys.key("id_ed25519"))
                + "  delegate_to: relay\n  become: true\n  register: r\n"
                + "- assert:\n    that:\n      - \"'-o Port=" + SSHD.port() + "' in r.cmd\"\n"
                + "      - \"'" + SSHD.user() + "@127.0.0.1:' in r.cmd\"\n";
        Out r = playOn(inventory, task);
        assertEquals(0, r.rc, r::toString);
        assertTrue(r.out.contains("changed: [web -> relay]"), r::toString);
        assertSameTree(src, dest);
        assertTrue(RELAY.log().contains("Accepted publickey"), "the task ran through the delegate's sshd");
        Out again = playOn(inventory, task);
        assertEquals(0, again.changed(), again::toString);

        // without the inventory host's ssh args the delegate's own known_hosts decides: web is unknown there
        Out strict = playOn(inventory, sync(src + "/", dir.resolve("never") + "/", "private_key: " + TestKeys.key("id_ed25519"))
                + "  delegate_to: relay\n");
        assertEquals(2, strict.rc, strict::toString);
        assertTrue(strict.out.contains("Host key verification failed"), strict::toString);
        assertTrue(strict.out.contains("rsync on relay from "), strict::toString);
    }

    @Test
    void hostKeyCheckingStaysOnWithTheRunsKnownHosts() throws Exception {
        Path src = tree(dir.resolve("src"));
        Path dest = dir.resolve("never");
        Path emptyKnownHosts = Files.writeString(dir.resolve("empty_known_hosts"), "");
        String inventory = SshTestHosts.inventoryLine("web", SSHD).replace(SSHD.knownHosts().toString(), emptyKnownHosts.toString()) + "\n";
        Out r = playOn(inventory, sync(src + "/", dest.toString()));
        assertEquals(2, r.rc, r::toString);
        assertTrue(r.failed(), r::toString);
        assertTrue(r.out.contains("Host key verification failed"), "ssh refused the unknown host key: " + r);
        assertTrue(r.out.contains("rsync on localhost from " + src + "/ to web:" + dest + " failed"), r::toString);
        assertFalse(Files.exists(dest));
        assertEquals("", Files.readString(emptyKnownHosts), "the run's known_hosts was not written to");
    }
}
