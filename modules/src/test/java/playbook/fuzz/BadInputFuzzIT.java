package playbook.fuzz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.PlaybookException;
import playbook.engine.cli.Main;
import playbook.engine.parse.YamlLoader;
import playbook.engine.vault.Vault;
import playbook.engine.vault.VaultSecret;
import playbook.engine.vault.VaultSecrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A bounded, seeded fuzz test of bad input (issue 7): damaged playbooks, inventories (INI and
 * YAML), Jinja expressions in task arguments, vars files and vault files go through the real CLI,
 * {@code Main.run(out, err, "run", ...)}, in this JVM.
 *
 * <h2>What must hold for every case</h2>
 * The run ends, within a per-case bound, either successfully or with a typed error that says
 * where: {@code ERROR! ...} naming a file (with its line when the file is YAML) and exit 1 or 4,
 * or a task failure naming the host and the task with exit 2. Never a stack trace (on the
 * streams given to the CLI or on {@code System.out}/{@code System.err}), never exit 250 (our
 * "this is a bug" code), never a hang, never an {@code Error} such as {@code OutOfMemoryError}
 * or {@code StackOverflowError} escaping the CLI.
 *
 * <h2>How the cases are made</h2>
 * Case {@code i} draws everything from a {@code Random} seeded from the seed and {@code i}, so every case is
 * reproducible alone and the run is the same on every machine. The valid seeds are the shipped
 * playbooks, roles and inventories and the parity cases ({@link Corpus}); vault seeds are
 * encrypted by this test with {@code playbook vault}. {@link Mutator} damages one input per case
 * with one to four mutations (byte flips, token deletion and duplication, bracket, quote and
 * indentation damage, huge numbers, deep nesting, alias bombs, unicode, bad UTF-8, NUL bytes,
 * YAML tags, truncation). Kinds of case, by share:
 * <ul>
 *   <li>playbook (40%): one YAML file of a project (a playbook or a role's tasks) damaged, then
 *       {@code run --syntax-check} (parse and compile, nothing runs);</li>
 *   <li>INI and YAML inventory (22%): {@code run --list-hosts} over the damaged inventory;</li>
 *   <li>vars file (12%) and vault file (10%): as {@code -e @file} with {@code --syntax-check}, or,
 *       for one case in four, as a play's {@code vars_files} in a real run;</li>
 *   <li>template (16%): a damaged Jinja expression from the repository placed in a task's
 *       arguments, {@code when}, {@code loop}, {@code vars}, {@code set_fact} or {@code assert}.</li>
 * </ul>
 * One case in 16 ({@code -Dfuzz.cliOneIn}) goes through {@code Main.run} and is judged on its exit
 * code and output; the others go through {@link InProcess}, the same parse, compile, inventory,
 * vault and template calls with the expensive setup shared (a CLI call costs ~70 ms, mostly
 * picocli and Jinjava setup), and are judged on what they throw: a {@code PlaybookException}
 * naming the file (at file:line for a playbook), or nothing. Real runs (the template cases and a
 * quarter of the vars and vault cases that go through the CLI) go to
 * {@code localhost ansible_connection=local} only, in check mode, with playbooks of {@code debug},
 * {@code set_fact} and {@code assert}, and every file under the JUnit temp dir.
 *
 * <h2>Knobs</h2>
 * {@code -Dfuzz.seed=N} (default 20261122), {@code -Dfuzz.cases=N} (default 10000),
 * {@code -Dfuzz.only=I} to rerun one case (its input is printed in the failure message),
 * {@code -Dfuzz.timeout=S} seconds per case (default 30). The test prints its wall time and the
 * outcome counts; it asserts nothing about time (10,000 cases took 22-27 s on this two-core machine at load 3-5, 98 s at load 9).
 */
class BadInputFuzzIT {
    @TempDir Path tmp;

    private static final long SEED = Long.getLong("fuzz.seed", 20261122L);
    private static final int CASES = Integer.getInteger("fuzz.cases", 10_000);
    private static final long TIMEOUT_S = Long.getLong("fuzz.timeout", 30L);
    private static final String PASSWORD = "fuzz-vault-pw";

    /** A stack trace line, a Java exception class name, or the CLI's bug banner. */
    private static final Pattern TRACE = Pattern.compile(
            "(?m)^\\s+at [\\w$.]+\\(|Exception in thread|probably a bug|\\b(?:java|javax|jdk|sun|org|com|playbook|picocli)\\.[\\w.$]*(?:Exception|Error)\\b|Caused by:");
    /** file:line, as every YAML error prints it. */
    private static final Pattern FILE_LINE = Pattern.compile("[^\\s:]+:\\d+");

    /** One case in this many goes through the CLI ({@code Main.run}); the others through {@link InProcess}. */
    private static final int CLI_ONE_IN = Integer.getInteger("fuzz.cliOneIn", 16);

    private Corpus corpus;
    private InProcess direct;
    private Map<String, Object> templateVars;
    private Path local;
    private Path tiny;
    private Path passwordFile;
    private final List<byte[]> vaultSeeds = new ArrayList<>();

    /** One case: through the CLI ({@code args}) or, when {@code direct} is set, through {@link InProcess}. */
    private record Case(int index, String kind, List<String> mutations, Path damaged, String input, List<String> args,
                        Direct direct) {}

    private interface Direct {
        void run() throws Exception;
    }

    /** What the CLI returned and printed; for a direct case rc is -1 and {@code thrown} what it threw (or null). */
    private record Outcome(int rc, String out, String err, String stray, Throwable thrown) {}

    @Test
    void damagedInputEndsInALocatedErrorOrSucceeds() throws Exception {
        Path repo = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        assertTrue(Files.isDirectory(repo.resolve("playbooks")), "run from modules/: " + repo);
        corpus = Corpus.load(repo, tmp.resolve("corpus"));
        local = Files.writeString(tmp.resolve("local.ini"), "localhost ansible_connection=local\n");
        tiny = Files.writeString(tmp.resolve("tiny.yml"), "- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: { msg: hi }\n");
        passwordFile = Files.writeString(tmp.resolve("vault-pw"), PASSWORD + "\n");
        makeVaultSeeds();
        direct = new InProcess(new Vault(VaultSecrets.of(VaultSecret.of("default", PASSWORD, "fuzz")), x -> { }));
        templateVars = castMap(new YamlLoader(w -> { }).loadString(TEMPLATE_VARS, "vars"));

        PrintStream realOut = System.out, realErr = System.err;
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        PrintStream strayStream = new PrintStream(stray, true, StandardCharsets.UTF_8);
        ExecutorService worker = Executors.newSingleThreadExecutor(daemon());
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Long> millis = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        int only = Integer.getInteger("fuzz.only", -1);
        long start = System.nanoTime();
        int ran = 0;
        try {
            System.setOut(strayStream);
            System.setErr(strayStream);
            for (int i = only >= 0 ? only : 0; i < (only >= 0 ? only + 1 : CASES); i++) {
                long m0 = System.nanoTime();
                Case c = makeCase(i);
                millis.merge("(making cases)", (System.nanoTime() - m0) / 1_000_000, Long::sum);
                stray.reset();
                long t0 = System.nanoTime();
                Future<Outcome> f = worker.submit(() -> c.direct() != null ? runDirect(c, stray) : run(c, stray));
                String problem;
                Outcome o = null;
                try {
                    o = f.get(TIMEOUT_S, TimeUnit.SECONDS);
                    long j0 = System.nanoTime();
                    problem = judge(c, o);
                    millis.merge("(judging)", (System.nanoTime() - j0) / 1_000_000, Long::sum);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    worker.shutdownNow();
                    worker = Executors.newSingleThreadExecutor(daemon());
                    problem = "no result within " + TIMEOUT_S + " s (a hang)";
                } catch (ExecutionException e) {
                    problem = "the CLI threw " + e.getCause();
                } finally {
                    restore(c);
                }
                ran++;
                millis.merge(c.kind(), (System.nanoTime() - t0) / 1_000_000, Long::sum);
                counts.merge(c.kind() + (c.direct() == null ? " cli rc=" + (o == null ? "-" : o.rc())
                        : " direct " + (o == null ? "-" : o.thrown() == null ? "ok" : o.thrown().getClass().getSimpleName())), 1, Integer::sum);
                long j0 = System.nanoTime();
                if (problem != null) failures.add(describe(c, o, problem));
                millis.merge("(judging)", (System.nanoTime() - j0) / 1_000_000, Long::sum);
                if (failures.size() >= 20) break;
            }
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
            worker.shutdownNow();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        realOut.println("BadInputFuzzIT: " + ran + " cases, seed " + SEED + ", " + ms + " ms; outcomes " + counts + "; ms by kind " + millis);
        if (!failures.isEmpty()) fail(failures.size() + " bad outcome(s) in " + ran + " cases:\n\n" + String.join("\n\n", failures));
        assertTrue(only >= 0 || ran >= 10_000 || CASES < 10_000, "ran " + ran);
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        };
    }

    /** Encrypts a few vars files and one file with an inline {@code !vault} value, with {@code playbook vault}. */
    private void makeVaultSeeds() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("vault-seeds"));
        for (int i = 0; i < 3 && i < corpus.varsFiles.size(); i++) {
            Path f = Files.write(dir.resolve("v" + i + ".yml"), corpus.varsFiles.get(i * 3 % corpus.varsFiles.size()));
            cli("vault", "encrypt", f.toString(), "--vault-password-file", passwordFile.toString());
            vaultSeeds.add(Files.readAllBytes(f));
        }
        String inline = cli("vault", "encrypt_string", "s3cret value", "--name", "db_password",
                "--vault-password-file", passwordFile.toString());
        vaultSeeds.add(("plain: 1\n" + inline.strip() + "\nafter: [a, b]\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String cli(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), args);
        if (rc != 0) throw new AssertionError("playbook " + String.join(" ", args) + ": rc=" + rc + " " + e);
        return o.toString(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- cases

    private Case makeCase(int i) throws IOException {
        Random r = new Random(new java.util.SplittableRandom(SEED + i * 0x9E3779B97F4A7C15L).nextLong());
        boolean viaCli = r.nextInt(CLI_ONE_IN) == 0;
        List<String> muts = new ArrayList<>();
        Path dir = tmp.resolve("case");
        Files.createDirectories(dir);
        int k = r.nextInt(100);
        if (k < 40) {
            Corpus.Project p = corpus.projects.get(r.nextInt(corpus.projects.size()));
            Path target = p.files().get(r.nextInt(p.files().size()));
            byte[] original = Files.readAllBytes(target);
            byte[] damaged = Mutator.mutate(original, r, muts);
            Files.copy(target, dir.resolve("original"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.write(target, damaged);
            return new Case(i, "playbook", muts, target, show(damaged),
                    List.of("run", "--syntax-check", p.playbook().toString(), "-i", p.inventory().toString()),
                    viaCli ? null : () -> direct.compile(p.playbook(), p.inventory(), false));
        }
        if (k < 62) {
            boolean ini = k < 52;
            List<byte[]> seeds = ini ? corpus.iniInventories : corpus.yamlInventories;
            byte[] damaged = Mutator.mutate(seeds.get(r.nextInt(seeds.size())), r, muts);
            Path inv = Files.write(dir.resolve(ini ? "hosts" : "hosts.yml"), damaged);
            return new Case(i, ini ? "ini-inventory" : "yaml-inventory", muts, inv, show(damaged),
                    List.of("run", "--list-hosts", tiny.toString(), "-i", inv.toString()),
                    viaCli ? null : () -> direct.compile(tiny, inv, true));
        }
        if (k < 84) {
            boolean vault = k >= 74;
            List<byte[]> seeds = vault ? vaultSeeds : corpus.varsFiles;
            byte[] damaged = Mutator.mutate(seeds.get(r.nextInt(seeds.size())), r, muts);
            Path vars = Files.write(dir.resolve(vault ? "secrets.yml" : "vars.yml"), damaged);
            List<String> args = new ArrayList<>();
            if (r.nextInt(4) == 0) {
                Path pb = Files.writeString(dir.resolve("play.yml"), "- hosts: all\n  gather_facts: false\n  vars_files: ["
                        + vars.getFileName() + "]\n  tasks:\n    - name: after the vars\n      debug: { msg: loaded }\n");
                args.addAll(List.of("run", "--check", pb.toString(), "-i", local.toString()));
            } else {
                args.addAll(List.of("run", "--syntax-check", tiny.toString(), "-i", local.toString(), "-e", "@" + vars));
            }
            if (vault) args.addAll(List.of("--vault-password-file", passwordFile.toString()));
            return new Case(i, vault ? "vault" : "vars", muts, vars, show(damaged), args,
                    viaCli ? null : () -> direct.loadVars(vars));
        }
        boolean whole = r.nextInt(8) == 0;
        List<String> seeds = whole ? corpus.templates : corpus.expressions;
        String expr = Mutator.mutateExpression(seeds.get(r.nextInt(seeds.size())), r, muts);
        int where = whole ? -1 : r.nextInt(7);
        String play = templatePlay(where, expr);
        Path pb = dir.resolve("template.yml");
        if (viaCli) Files.writeString(pb, play);
        return new Case(i, "template", muts, pb, play,
                List.of("run", "--check", pb.toString(), "-i", local.toString(), "-e", "out=" + dir),
                viaCli ? null : () -> {
                    if (where == 1 || where == 5) direct.template(expr, true, templateVars);
                    else direct.template(where == -1 ? expr : "{{ " + expr + " }}", false, templateVars);
                });
    }

    /** The variables the template cases may use (some of the parity filters case's). */
    private static final String TEMPLATE_VARS = String.join("\n",
            "users: [{name: alice, uid: 1001, admin: true}, {name: bob, uid: 1002, admin: false}]",
            "nums: [3, 1, 4, 1, 5]",
            "nested: [1, [2, [3, [4]]], 5]",
            "base_cfg: {server: {port: 80, tls: {enabled: false}}, name: base}",
            "path: /srv/data/backup.tar.gz",
            "services: [{name: db, image: postgres}]",
            "empty_string: \"\"",
            "");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return new java.util.HashMap<>((Map<String, Object>) o);
    }

    /** A play that uses one expression in one place; every task is harmless in check mode. */
    private static String templatePlay(int where, String expr) {
        String t = "\"{{ " + yamlEscape(expr) + " }}\"";
        String task = switch (where) {
            case -1 -> "debug: { msg: \"" + yamlEscape(expr) + "\" }";
            case 0 -> "debug: { msg: " + t + " }";
            case 1 -> "debug: { msg: yes }\n      when: \"" + yamlEscape(expr) + "\"";
            case 2 -> "set_fact: { fuzzed: " + t + " }\n    - debug: { var: fuzzed }";
            case 3 -> "debug: { msg: \"{{ item }}\" }\n      loop: " + t;
            case 4 -> "debug: { msg: \"{{ v }}\" }\n      vars: { v: " + t + " }";
            case 5 -> "assert: { that: [\"" + yamlEscape(expr) + "\"] }";
            default -> "debug: { msg: \"before {{ " + yamlEscape(expr) + " }} after\" }";
        };
        return "- hosts: all\n  gather_facts: false\n  vars:\n    " + TEMPLATE_VARS.strip().replace("\n", "\n    ")
                + "\n  tasks:\n    - name: fuzzed\n      " + task.replace("\n    - ", "\n    - name: fuzzed\n      ") + "\n";
    }

    /** Text inside a YAML double-quoted scalar: the YAML stays valid so the damage reaches the template engine. */
    private static String yamlEscape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') b.append('\\').appendCodePoint(cp);
            else if (cp < 0x20 || cp == 0x7f || cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff
                    || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe || cp == 0xffff) b.append(String.format("\\u%04x", cp));
            else b.appendCodePoint(cp);
        });
        return b.toString();
    }

    private void restore(Case c) throws IOException {
        if (c.kind().equals("playbook")) {
            Files.copy(tmp.resolve("case/original"), c.damaged(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    // ---------------------------------------------------------------- running and judging

    private static Outcome run(Case c, ByteArrayOutputStream stray) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                c.args().toArray(String[]::new));
        return new Outcome(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8),
                stray.toString(StandardCharsets.UTF_8), null);
    }

    /** Runs a direct case; a PlaybookException is an outcome, anything else (an Error too) is returned as thrown. */
    private static Outcome runDirect(Case c, ByteArrayOutputStream stray) {
        Throwable thrown = null;
        try {
            c.direct().run();
        } catch (Throwable t) {
            thrown = t;
        }
        return new Outcome(-1, "", thrown instanceof PlaybookException ? "ERROR! " + thrown.getMessage() : "",
                stray.toString(StandardCharsets.UTF_8), thrown);
    }

    /** Null when the outcome is acceptable, else what is wrong with it. */
    private static String judge(Case c, Outcome o) {
        if (c.direct() != null) return judgeDirect(c, o);
        String all = o.out() + "\n" + o.err() + "\n" + o.stray();
        if (o.rc() == 250) return "exit 250 (the CLI's bug code)";
        if (TRACE.matcher(all).find()) return "a stack trace or Java exception name in the output";
        return switch (o.rc()) {
            case 0 -> null;
            case 1, 4 -> {
                if (!o.err().startsWith("ERROR! ") && !o.err().contains("\nERROR! ")) yield "exit " + o.rc() + " without an ERROR! line";
                String name = c.damaged().getFileName().toString();
                if (!o.err().contains(name) && !FILE_LINE.matcher(o.err()).find()) yield "the error does not say where";
                // a damaged playbook is a parse error (exit 4) at file:line, as docs/design-notes.md promises
                if (c.kind().equals("playbook") && (o.rc() != 4 || !FILE_LINE.matcher(o.err()).find())) {
                    yield "a damaged playbook must fail with exit 4 and file:line";
                }
                yield null;
            }
            case 2 -> o.out().contains("TASK [") && (o.out().contains("fatal: [") || o.out().contains("failed: ["))
                    ? null : "exit 2 without the failed host and task";
            default -> "unexpected exit code " + o.rc();
        };
    }

    /** A direct case: success, or a PlaybookException that says where (templates get their host and task from the runner). */
    private static String judgeDirect(Case c, Outcome o) {
        if (o.thrown() != null && !(o.thrown() instanceof PlaybookException)) {
            java.io.StringWriter w = new java.io.StringWriter();
            o.thrown().printStackTrace(new java.io.PrintWriter(w));
            StringBuilder ours = new StringBuilder();  // a deep StackOverflowError trace is all JDK frames at the top
            for (StackTraceElement e : o.thrown().getStackTrace()) {
                if (e.getClassName().startsWith("playbook.") && ours.length() < 2000) ours.append("\n\tat ").append(e);
            }
            return "threw " + clip(w.toString(), 1500) + "\n  engine frames:" + ours;
        }
        if (TRACE.matcher(o.stray()).find()) return "a stack trace on System.out or System.err";
        if (o.thrown() == null || c.kind().equals("template")) return null;
        String name = c.damaged().getFileName().toString();
        if (c.kind().equals("playbook")) {
            // file:line, except for the two errors about a whole file, which name the file
            boolean whole = o.err().contains(name) && (o.err().contains("empty playbook") || o.err().contains("nesting is too deep"));
            return o.thrown() instanceof playbook.engine.ParseException && (whole || FILE_LINE.matcher(o.err()).find())
                    ? null : "a damaged playbook must be a ParseException at file:line";
        }
        return o.err().contains(name) || FILE_LINE.matcher(o.err()).find() ? null : "the error does not say where";
    }

    private static String describe(Case c, Outcome o, String problem) {
        return "case " + c.index() + " (" + c.kind() + (c.direct() == null ? " via the CLI" : " in-process") + ", " + c.mutations() + ", rerun with -Dfuzz.only=" + c.index() + "): "
                + problem + "\n  args: " + c.args() + "\n  input: " + clip(c.input(), 1500)
                + (o == null ? "" : "\n  rc=" + o.rc() + "\n  out: " + clip(o.out(), 1500) + "\n  err: " + clip(o.err(), 2500)
                + "\n  stray: " + clip(o.stray(), 2500));
    }

    private static String show(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String clip(String s, int max) {
        String t = s.replace("\0", "\\0");
        return t.length() <= max ? t : t.substring(0, max) + "...[" + (t.length() - max) + " more]";
    }
}
