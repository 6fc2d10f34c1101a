package playbook.parity;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;
import playbook.engine.cli.Main;

/**
 * Ansible parity: every case under {@code src/test/resources/parity/} is run by the real
 * {@code ansible-playbook} and by our engine, and both runs must end with the same exit code, the
 * same PLAY RECAP per host and the same files (paths, types, permission bits, contents) under the
 * directory given as extra var {@code out}. See {@link ParityCase} for the case layout.
 *
 * <p>System properties: {@code parity.case=a,b} runs only those cases; {@code parity.keep=true}
 * keeps the temp dirs; {@code parity.ansible=/path/to/ansible-playbook} picks the binary.
 * The test is skipped when {@code ansible-playbook} is not installed.
 */
class ParityIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** ansible-playbook reference runs go ahead in the background, this many at a time (2 cores here). */
    private static final int PARALLEL = Integer.getInteger("parity.parallel", 2);

    /** A finished reference run: its temp dir, the case copy it ran in, its out dir and its result. */
    private record Reference(Path tmp, Path caseDir, Path out, Run run) {
    }
    private static final int MAX_OUTPUT = 40_000;

    @TestFactory
    Stream<DynamicNode> parity() {
        String ansible = System.getProperty("parity.ansible", "ansible-playbook");
        String version = ansibleVersion(ansible);
        Assumptions.assumeTrue(version != null,
                "ansible-playbook is not installed (looked for '" + ansible + "' on PATH): parity cases need it as the reference");
        Set<String> only = selection();
        List<ParityCase> cases = ParityCase.all(ParityCase.root()).stream()
                .filter(c -> only.isEmpty() || only.contains(c.name())).toList();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, PARALLEL), r -> {
            Thread t = new Thread(r, "parity-ansible");
            t.setDaemon(true);
            return t;
        });
        Map<String, Future<Reference>> references = new LinkedHashMap<>();
        for (ParityCase c : cases) {
            for (ParityCase.Variant v : c.variants()) {
                references.put(c.name() + "/" + v.name(), pool.submit(() -> reference(ansible, c, v)));
            }
        }
        pool.shutdown();
        return cases.stream()
                .map(c -> DynamicContainer.dynamicContainer(c.name(), c.dir().toUri(),
                        c.variants().stream().map(v -> DynamicTest.dynamicTest(
                                v.name().isEmpty() ? "default" : v.name(),
                                () -> runCase(c, v, await(references.get(c.name() + "/" + v.name())))))));
    }

    /** Extra arguments for our engine only (the SSH variant points every host at a test sshd). */
    protected List<String> ourExtraArgs() {
        return List.of();
    }

    private static Reference await(Future<Reference> f) throws Exception {
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            if (e.getCause() instanceof Error x) throw x;
            throw e;
        }
    }

    private static Reference reference(String ansible, ParityCase c, ParityCase.Variant v) throws Exception {
        Path tmp = Files.createTempDirectory("parity-" + c.name() + "-").toRealPath();
        Path caseA = copyCase(c.dir(), tmp.resolve("ansible").resolve(c.name()));
        Path outA = Files.createDirectories(tmp.resolve("ansible").resolve("out"));
        return new Reference(tmp, caseA, outA, runAnsible(ansible, tmp, caseA, outA, ParityCase.resolveArgs(v.args(), caseA)));
    }

    private static Set<String> selection() {
        String s = System.getProperty("parity.case", "").trim();
        return s.isEmpty() ? Set.of() : Arrays.stream(s.split(",")).map(String::trim).collect(Collectors.toSet());
    }

    private void runCase(ParityCase c, ParityCase.Variant v, Reference ref) throws Exception {
        Path tmp = ref.tmp();
        try {
            Path caseA = ref.caseDir();
            Path outA = ref.out();
            Path caseB = copyCase(c.dir(), tmp.resolve("ours").resolve(c.name()));
            Path outB = Files.createDirectories(tmp.resolve("ours").resolve("out"));

            Run theirs = ref.run();
            String title = v.displayName(c.name());
            if (theirs.rc != v.expectedRc()) {
                fail(title + ": the case itself is broken: ansible-playbook exited " + theirs.rc + " but the case expects "
                        + v.expectedRc() + " (fix the case or its '# rc:' line)\n" + section("ansible-playbook output", theirs.output));
            }
            List<String> ourArgs = new ArrayList<>(ParityCase.resolveArgs(v.args(), caseB));
            ourArgs.addAll(ourExtraArgs());
            Run ours = runOurs(caseB, outB, ourArgs);

            List<String> problems = new ArrayList<>();
            if (theirs.rc != ours.rc) {
                problems.add("exit code: ansible " + theirs.rc + ", ours " + ours.rc);
            }
            Map<String, Map<String, Integer>> recapA = Recap.parse(theirs.output);
            Map<String, Map<String, Integer>> recapB = Recap.parse(ours.output);
            if (!recapA.equals(recapB)) {
                problems.add("PLAY RECAP differs\n  ansible:\n" + indent(Recap.format(recapA))
                        + "  ours:\n" + indent(Recap.format(recapB)));
            }
            Map<String, FileTree.Entry> treeA = FileTree.snapshot(outA, placeholders(outA, caseA, tmp.resolve("ansible")));
            Map<String, FileTree.Entry> treeB = FileTree.snapshot(outB, placeholders(outB, caseB, tmp.resolve("ours")));
            String treeDiff = FileTree.diff(treeA, treeB);
            if (!treeDiff.isEmpty()) {
                problems.add("files under out differ\n" + indent(treeDiff));
            }
            if (!problems.isEmpty()) {
                fail(title + ": our engine does not match ansible-playbook (args " + v.args() + ")\n"
                        + String.join("\n", problems) + "\n"
                        + section("ansible-playbook output (rc " + theirs.rc + ")", theirs.output)
                        + section("our output (rc " + ours.rc + ")", ours.output)
                        + (keep() ? "temp dir kept: " + tmp + "\n" : ""));
            }
        } finally {
            if (!keep()) {
                deleteTree(tmp);
            }
        }
    }

    private record Run(int rc, String output) {
    }

    private static Run runAnsible(String ansible, Path tmp, Path caseDir, Path out, List<String> extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ansible, "-i", "inventory", "site.yml", "-e", "out=" + out));
        cmd.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(caseDir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ANSIBLE_"));
        Path cfg = Files.writeString(tmp.resolve("ansible.cfg"), "# empty: ignore any user or system config\n");
        env.put("ANSIBLE_CONFIG", cfg.toString());
        env.put("ANSIBLE_NOCOLOR", "1");
        env.put("ANSIBLE_HOST_KEY_CHECKING", "False");
        env.put("ANSIBLE_RETRY_FILES_ENABLED", "0");
        env.put("ANSIBLE_LOCALHOST_WARNING", "False");
        env.put("ANSIBLE_STDOUT_CALLBACK", "default");
        env.put("ANSIBLE_LOCAL_TEMP", tmp.resolve("ansible-local-tmp").toString());
        env.put("ANSIBLE_REMOTE_TMP", tmp.resolve("ansible-remote-tmp").toString());
        Path stdout = tmp.resolve("ansible.stdout");
        Path stderr = tmp.resolve("ansible.stderr");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.redirectOutput(stdout.toFile());
        pb.redirectError(stderr.toFile());
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("ansible-playbook did not finish in " + TIMEOUT + ": " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(stdout) + readStderr(stderr));
    }

    private static String readStderr(Path stderr) throws IOException {
        String err = Files.readString(stderr);
        return err.isBlank() ? "" : "\n--- stderr ---\n" + err;
    }

    /**
     * Our engine, in-process: {@code playbook.engine.cli.Main.run(PrintStream out, PrintStream err,
     * String... args)}, which returns the exit code. Relative paths cannot be used (the JVM cannot
     * change its working directory), so the playbook, inventory and {@code @file} arguments are absolute.
     */
    private static Run runOurs(Path caseDir, Path out, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("run", caseDir.resolve("site.yml").toString(),
                "-i", caseDir.resolve("inventory").toString(), "-e", "out=" + out));
        args.addAll(extra);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int rc;
        try (PrintStream o = new PrintStream(bytes, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
            rc = assertTimeoutPreemptively(TIMEOUT,
                    () -> Main.run(o, e, args.toArray(new String[0])),
                    () -> "our engine did not finish in " + TIMEOUT + "; output so far:\n" + bytes.toString(StandardCharsets.UTF_8));
        } catch (Throwable t) {
            if (t instanceof AssertionFailedError afe) {
                throw afe;
            }
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            return new Run(-1, bytes.toString(StandardCharsets.UTF_8) + "\n--- stderr ---\n"
                    + errBytes.toString(StandardCharsets.UTF_8) + "\n--- Main.run threw ---\n" + sw);
        }
        String err = errBytes.toString(StandardCharsets.UTF_8);
        return new Run(rc, bytes.toString(StandardCharsets.UTF_8) + (err.isBlank() ? "" : "\n--- stderr ---\n" + err));
    }

    private static String ansibleVersion(String ansible) {
        try {
            Process p = new ProcessBuilder(ansible, "--version").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? text.lines().findFirst().orElse("") : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Map<String, String> placeholders(Path out, Path caseDir, Path runRoot) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(out.toString(), "<OUT>");
        m.put(caseDir.toString(), "<PLAYBOOK_DIR>");
        m.put(runRoot.toString(), "<RUN_ROOT>");
        return m;
    }

    private static boolean keep() {
        return Boolean.getBoolean("parity.keep");
    }

    private static Path copyCase(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                dir.toFile().setWritable(true, true);
                dir.toFile().setExecutable(true, true);
                dir.toFile().setReadable(true, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String section(String title, String text) {
        String t = text.length() > MAX_OUTPUT ? "...(" + (text.length() - MAX_OUTPUT) + " chars cut)...\n"
                + text.substring(text.length() - MAX_OUTPUT) : text;
        return "===== " + title + " =====\n" + t + (t.endsWith("\n") ? "" : "\n");
    }

    private static String indent(String s) {
        return s.lines().map(l -> "    " + l).collect(Collectors.joining("\n", "", "\n"));
    }
}
