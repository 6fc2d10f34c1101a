package playbook.pack;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code packaging/release} made under target/release: the tarball run from a clean
 * directory and against the lab's pi and mac, the Debian package's contents and control fields,
 * and the package installed on the lab's pi (whose overlay root keeps the install private)
 * running a playbook there.
 * The release build runs Maven itself, so this test does not: it checks the artifacts of the last
 * {@code packaging/release} and is skipped when there are none.
 */
class PackageIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    private static final Path RELEASE = ROOT.resolve("target/release");
    private static final Path LAB_STATE = Path.of("/tmp/lab-pack-it");
    private static final String LAB_NET = "18";

    private static String version;
    private static Path deb;
    private static Path tarball;

    @TempDir
    Path dir;

    record Out(int rc, String out, String err) {
        @Override public String toString() { return "rc=" + rc + "\n--- out\n" + out + "\n--- err\n" + err; }
    }

    /**
     * In {@code mvn verify} this class runs in the integration-test phase, after the shaded jar is
     * built: it makes the release from that jar ({@code packaging/release --no-build}) and tests it.
     * Run by hand (pbuild, an IDE) it tests the last release and is skipped without one.
     */
    @BeforeAll
    static void findRelease() throws Exception {
        if (Boolean.getBoolean("playbook.release.build")) {
            Out made = exec(List.of(ROOT.resolve("packaging/release").toString(), "--no-build"), ROOT, Map.of());
            assertEquals(0, made.rc(), "packaging/release --no-build:\n" + made);
        }
        Assumptions.assumeTrue(Files.isDirectory(RELEASE), "no " + RELEASE + ": run packaging/release first");
        try (Stream<Path> files = Files.list(RELEASE)) {
            deb = files.filter(p -> p.getFileName().toString().endsWith("_all.deb")).findFirst().orElse(null);
        }
        Assumptions.assumeTrue(deb != null, "no .deb in " + RELEASE + ": run packaging/release first");
        Matcher m = Pattern.compile("(?m)^\\s*<version>([^<]+)</version>\\s*$").matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(m.find(), "no <version> in pom.xml");
        version = m.group(1);
        tarball = RELEASE.resolve("playbook-" + version + ".tar.gz");
        assertTrue(Files.isRegularFile(tarball), "packaging/release made " + deb + " but no " + tarball);
    }

    static Out exec(List<String> argv, Path cwd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (cwd != null) pb.directory(cwd.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PLAYBOOK_") || k.equals("XDG_CACHE_HOME"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("hung: " + argv);
        }
        return new Out(p.exitValue(), out, err.join());
    }

    static String ok(List<String> argv, Path cwd, Map<String, String> env) throws Exception {
        Out r = exec(argv, cwd, env);
        assertEquals(0, r.rc, String.join(" ", argv) + "\n" + r);
        return r.out;
    }

    private static String versionLine() {
        return "playbook " + version.replace("-SNAPSHOT", "") + " ";
    }

    @Test
    void debianPackageDeclaresItsRuntimeAndInstallsTheLauncherJarAndCompletions() throws Exception {
        String fields = ok(List.of("dpkg-deb", "--field", deb.toString(), "Package", "Version", "Architecture", "Depends"), null, Map.of());
        String debVersion = version.toLowerCase().replace('-', '~');
        assertTrue(fields.contains("Package: playbook\n"), fields);
        assertTrue(fields.contains("Version: " + debVersion + "\n"), fields);
        assertEquals("playbook_" + debVersion + "_all.deb", deb.getFileName().toString());
        assertTrue(fields.contains("Architecture: all\n"), fields);
        assertTrue(fields.contains("Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless, openssh-client\n"), fields);

        String contents = ok(List.of("dpkg-deb", "--contents", deb.toString()), null, Map.of());
        for (String line : List.of("-rwxr-xr-x root/root .* ./usr/bin/playbook",
                "-rw-r--r-- root/root .* ./usr/share/playbook/playbook.jar",
                "-rw-r--r-- root/root .* ./usr/share/bash-completion/completions/playbook",
                "-rw-r--r-- root/root .* ./usr/share/zsh/vendor-completions/_playbook")) {
            assertTrue(Pattern.compile("(?m)^" + line + "$").matcher(contents).find(), line + " not in\n" + contents);
        }

        // The Debian layout's launcher finds the jar in ../share/playbook.
        ok(List.of("dpkg-deb", "-x", deb.toString(), dir.resolve("root").toString()), null, Map.of());
        String shown = ok(List.of(dir.resolve("root/usr/bin/playbook").toString(), "--version"), dir,
                Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()));
        assertTrue(shown.startsWith(versionLine()), shown);
    }

    @Test
    void tarballRunsFromACleanDirectoryAndKeepsOneClassArchiveInTheUsersCache() throws Exception {
        ok(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString()), null, Map.of());
        Path home = dir.resolve("playbook-" + version);
        Path launcher = home.resolve("bin/playbook");
        assertTrue(Files.isExecutable(launcher), launcher + " is not executable");
        assertTrue(Files.isRegularFile(home.resolve("lib/playbook.jar")));
        Path cache = dir.resolve(".cache/playbook");  // ~/.cache/playbook with HOME=dir
        Map<String, String> env = Map.of("HOME", dir.toString());

        String first = ok(List.of(launcher.toString(), "--version"), dir, env);
        assertTrue(first.startsWith(versionLine()), first);
        Path archive = onlyArchive(cache);
        FileTime made = Files.getLastModifiedTime(archive);
        assertEquals(first, ok(List.of(launcher.toString(), "--version"), dir, env));
        assertEquals(archive, onlyArchive(cache), "the second start must reuse the archive");
        assertEquals(made, Files.getLastModifiedTime(archive), "the second start must not retrain");
        // The JVM really maps the archive: classes come from the dynamic ("top") layer.
        String loaded = ok(List.of(launcher.toString(), "--version"), dir, Map.of("HOME", dir.toString(), "PLAYBOOK_JAVA_OPTS", "-Xlog:class+load=info"));
        assertTrue(loaded.contains("playbook.engine.cli.Main source: shared objects file (top)"), loaded.lines().limit(5).toList().toString());

        // A symbolic link to the launcher (say ~/bin/playbook) still finds the jar.
        Path link = Files.createSymbolicLink(dir.resolve("pb"), launcher);
        assertTrue(ok(List.of(link.toString(), "--version"), dir, env).startsWith(versionLine()));

        // A playbook run: a file under the temp dir, then nothing to change.
        Path target = dir.resolve("made-by-tarball");
        Files.writeString(dir.resolve("site.yml"), "- hosts: localhost\n  gather_facts: false\n  tasks:\n"
                + "    - copy: { content: \"from the tarball\\n\", dest: \"" + target + "\", mode: \"0640\" }\n");
        Files.writeString(dir.resolve("inventory"), "localhost ansible_connection=local\n");
        List<String> run = List.of(launcher.toString(), "run", "site.yml", "-i", "inventory");
        assertTrue(ok(run, dir, env).contains("localhost                  : ok=1    changed=1 "));
        assertEquals("from the tarball\n", Files.readString(target));
        assertTrue(ok(run, dir, env).contains("localhost                  : ok=1    changed=0 "));

        // The bash completion file is the generated one and completes subcommands.
        String probe = "source " + home.resolve("share/bash-completion/completions/playbook")
                + "; COMP_WORDS=(playbook ru); COMP_CWORD=1; COMP_LINE='playbook ru'; COMP_POINT=11"
                + "; _complete_playbook playbook ru playbook; echo \"reply:${COMPREPLY[*]}\"";
        assertTrue(ok(List.of("bash", "-c", probe), dir, Map.of()).contains("reply:run\n"));
        assertTrue(Files.readString(home.resolve("share/zsh/site-functions/_playbook")).startsWith("#compdef playbook\n"));
    }

    private static Path onlyArchive(Path cacheDir) throws IOException {
        try (Stream<Path> files = Files.list(cacheDir)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), "one archive expected in " + cacheDir + ": " + all);
            assertTrue(all.get(0).getFileName().toString().matches("playbook-\\d+\\.jsa"), all.toString());
            assertTrue(Files.size(all.get(0)) > 1_000_000, "archive too small: " + all);
            return all.get(0);
        }
    }

    @Test
    void onTheLabThePackageRunsOnPiAndIsRemovedCleanlyAndTheTarballDrivesPiAndMac() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(ROOT.resolve("lab/up")), "lab/ not found from " + ROOT);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the lab needs root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")), "openssh-server is not installed");
        ok(List.of(ROOT.resolve("lab/up").toString(), "--net", LAB_NET, "--state", LAB_STATE.toString()), null, Map.of());
        try {
            String cfg = LAB_STATE.resolve("ssh_config").toString();
            ok(List.of("scp", "-F", cfg, deb.toString(), "pi:/tmp/playbook.deb"), null, Map.of());
            List<String> ssh = new ArrayList<>(List.of("ssh", "-F", cfg, "pi"));
            Map<String, String> none = new HashMap<>();
            assertFalse(exec(cat(ssh, "command -v playbook"), null, none).rc == 0, "pi must start without playbook");
            ok(cat(ssh, "dpkg -i /tmp/playbook.deb"), null, none);
            assertEquals("/usr/bin/playbook\n", ok(cat(ssh, "command -v playbook"), null, none));
            assertTrue(ok(cat(ssh, "playbook --version"), null, none).startsWith(versionLine()));

            String play = "mkdir -p /root/pb && cd /root/pb"
                    + " && printf '%s\\n' '- hosts: localhost' '  gather_facts: true' '  tasks:'"
                    + " '    - file: { path: /srv/from-deb, state: directory, mode: \"0750\" }' > site.yml"
                    + " && echo 'localhost ansible_connection=local' > inv && playbook run site.yml -i inv";
            String first = ok(cat(ssh, play), null, none);
            assertTrue(first.contains("localhost                  : ok=2    changed=1 "), first);
            assertEquals("drwxr-x---\n", ok(cat(ssh, "stat -c %A /srv/from-deb"), null, none));
            String second = ok(cat(ssh, play), null, none);
            assertTrue(second.contains("localhost                  : ok=2    changed=0 "), second);
            // the AppCDS archive, and the launcher's compiler directives for the transfer code (run and exec)
            String cache = ok(cat(ssh, "ls ~/.cache/playbook"), null, none);
            assertTrue(cache.matches("c2-transfers-2\\.json\\nplaybook-\\d+\\.jsa\\n"), cache);

            ok(cat(ssh, "dpkg -r playbook"), null, none);
            assertFalse(exec(cat(ssh, "ls /usr/bin/playbook /usr/share/playbook"), null, none).rc == 0, "dpkg -r must remove the files");
            assertFalse(Files.exists(Path.of("/srv/from-deb")), "the install must stay inside pi");

            // The tarball on the controller drives both lab hosts over SSH.
            ok(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString()), null, Map.of());
            Files.writeString(dir.resolve("lab.yml"), "- hosts: lab\n  gather_facts: false\n  tasks:\n"
                    + "    - copy: { content: \"{{ inventory_hostname }}\\n\", dest: /srv/from-tarball, mode: \"0644\" }\n");
            List<String> run = List.of(dir.resolve("playbook-" + version + "/bin/playbook").toString(), "run", "lab.yml",
                    "-i", LAB_STATE.resolve("inventory.ini").toString());
            Map<String, String> env = Map.of("HOME", dir.toString());
            String fromTarball = ok(run, dir, env);
            assertTrue(fromTarball.contains("pi                         : ok=1    changed=1 "), fromTarball);
            assertTrue(fromTarball.contains("mac                        : ok=1    changed=1 "), fromTarball);
            for (String host : List.of("pi", "mac")) {
                assertEquals(host + "\n", ok(List.of("ssh", "-F", cfg, host, "cat /srv/from-tarball"), null, none));
            }
            String again = ok(run, dir, env);
            assertTrue(again.contains("pi                         : ok=1    changed=0 "), again);
            assertTrue(again.contains("mac                        : ok=1    changed=0 "), again);
        } finally {
            ok(List.of(ROOT.resolve("lab/down").toString(), "--state", LAB_STATE.toString()), null, Map.of());
        }
    }

    private static List<String> cat(List<String> head, String last) {
        List<String> all = new ArrayList<>(head);
        all.add(last);
        return all;
    }
}
