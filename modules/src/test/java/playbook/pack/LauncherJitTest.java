package playbook.pack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * packaging/playbook's choice of JIT, with a stand-in JVM that records its arguments: a run that
 * finds a live connection keeper of its build gets C1 only (the keeper does its crypto and large
 * digests); without one, or with a dead keeper's PID file, or with the keeper turned off, it gets
 * the compiler directives that allow C2 for the transfer code; other commands stay C1 only.
 */
class LauncherJitTest {
    private static final Path LAUNCHER = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent()
            .resolve("packaging/playbook");

    private Path dir;
    private Path keepers;
    private Path log;

    @BeforeEach
    void fakeJvm() throws IOException {
        dir = Files.createTempDirectory("pblaunch");
        keepers = Files.createDirectory(dir.resolve("keepers"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        log = dir.resolve("args.log");
        Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
        Files.writeString(dir.resolve("jdk/release"), "JAVA_VERSION=\"17.0.15\"\n");
        // records one line of arguments per start; the class-archive training run leaves an archive behind
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\n"
                + "for a in \"$@\"; do case $a in -XX:ArchiveClassesAtExit=*) echo archive > \"${a#*=}\" ;; esac; done\n"
                + "echo \"$*\" >> '" + log + "'\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.write(dir.resolve("playbook.jar"), new byte[] {'P', 'K'});
    }

    @AfterEach
    void cleanUp() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** The arguments of the JVM that ran the command (the last start). */
    private String launch(Map<String, String> extraEnv, String... args) throws Exception {
        Files.deleteIfExists(log);
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("PLAYBOOK_CONTROL_PERSIST");
        env.remove("PLAYBOOK_JAVA_OPTS");
        env.put("JAVA_HOME", dir.resolve("jdk").toString());
        env.put("PLAYBOOK_JAR", dir.resolve("playbook.jar").toString());
        env.put("PLAYBOOK_CACHE_DIR", dir.resolve("cache").toString());
        env.put("PLAYBOOK_KEEPER_DIR", keepers.toString());
        env.putAll(extraEnv);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> starts = Files.readAllLines(log);
        return starts.get(starts.size() - 1);
    }

    private static String key(String args) {
        for (String a : args.split(" ")) if (a.startsWith("-Dplaybook.build=")) return a.substring("-Dplaybook.build=".length());
        return fail("no -Dplaybook.build in " + args);
    }

    @Test
    void aRunFindingALiveKeeperOfItsBuildIsC1OnlyAndOtherwiseGetsTheDirectives() throws Exception {
        String first = launch(Map.of(), "run", "site.yml");
        assertTrue(first.contains("-XX:CompilerDirectivesFile="), first);
        assertFalse(first.contains("TieredStopAtLevel"), first);
        String key = key(first);
        assertTrue(key.matches("[0-9]+"), key);
        assertTrue(first.contains("-XX:SharedArchiveFile=" + dir.resolve("cache/playbook-" + key + ".jsa")), first);

        // a keeper of this build whose PID is alive (this test's JVM stands in for it)
        Path pid = keepers.resolve("keeper-2-c" + key + ".pid");
        Files.writeString(pid, ProcessHandle.current().pid() + "\n");
        String kept = launch(Map.of(), "run", "site.yml");
        assertTrue(kept.contains("-XX:TieredStopAtLevel=1 -Dplaybook.jit=quick"), kept);
        assertFalse(kept.contains("CompilerDirectivesFile"), kept);
        assertTrue(launch(Map.of(), "exec", "pi", "uptime").contains("-Dplaybook.jit=quick"));

        // the keeper turned off, or a command that connects nowhere: no quick run
        for (String off : List.of("0", "00", "x")) {
            String s = launch(Map.of("PLAYBOOK_CONTROL_PERSIST", off), "run", "site.yml");
            assertTrue(s.contains("-XX:CompilerDirectivesFile=") && !s.contains("jit=quick"), off + ": " + s);
        }
        assertTrue(launch(Map.of("PLAYBOOK_CONTROL_PERSIST", "30"), "run", "site.yml").contains("jit=quick"));
        String syntax = launch(Map.of(), "run", "--syntax-check", "site.yml");
        assertTrue(syntax.contains("-XX:TieredStopAtLevel=1") && !syntax.contains("jit=quick"), syntax);

        // another build's keeper, or a PID file left by a keeper that is gone
        Files.move(pid, keepers.resolve("keeper-2-c1" + key + ".pid"));
        assertFalse(launch(Map.of(), "run", "site.yml").contains("jit=quick"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(pid, gone.pid() + "\n");
        assertFalse(launch(Map.of(), "run", "site.yml").contains("jit=quick"));
    }

    @Test
    void theKeeperDirectoryFollowsTheJvmsOrder() throws Exception {
        String key = key(launch(Map.of(), "run", "site.yml"));
        Path runtime = Files.createDirectories(dir.resolve("runtime/playbook"));
        Files.writeString(runtime.resolve("keeper-2-c" + key + ".pid"), ProcessHandle.current().pid() + "\n");
        Map<String, String> xdg = new HashMap<>(Map.of("XDG_RUNTIME_DIR", dir.resolve("runtime").toString()));
        // PLAYBOOK_KEEPER_DIR first
        assertFalse(launch(xdg, "run", "site.yml").contains("jit=quick"));
        // then $XDG_RUNTIME_DIR/playbook
        xdg.put("PLAYBOOK_KEEPER_DIR", "");
        assertTrue(launch(xdg, "run", "site.yml").contains("jit=quick"));
    }
}
