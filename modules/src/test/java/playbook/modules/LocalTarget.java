package playbook.modules;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Fact;
import playbook.engine.api.Target;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A test Target that runs commands on this machine with {@code /bin/sh -c}. apply() is skipped
 * in check mode, exactly like the real target. Expressions are only supported when a test sets
 * {@link #evaluator} / {@link #conditions}.
 */
public final class LocalTarget extends TestTargetBase {
    public final List<String> probes = new ArrayList<>();
    public final List<String> applies = new ArrayList<>();
    private final Map<String, Object> facts = new HashMap<>();

    public LocalTarget check(boolean c) { this.check = c; return this; }

    public LocalTarget diff(boolean d) { this.diff = d; return this; }

    @Override public String host() { return "localhost"; }

    /** This machine is the controller unless a test set another target. */
    @Override public Target controller() { return controller != null ? controller : this; }

    @Override public ExecResult probe(String command, byte[] stdin) {
        probes.add(command);
        return exec(command, stdin);
    }

    @Override public ExecResult apply(String command, byte[] stdin) {
        applies.add(command);
        if (check) return ExecResult.notRun();
        return exec(command, stdin);
    }

    /** Runs a command now (helper for tests that set up or inspect state). */
    public static ExecResult exec(String command, byte[] stdin) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", command).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin);
            } catch (IOException ignored) {
                // the command did not read its stdin
            }
            int rc = p.waitFor();
            return new ExecResult(rc, new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream s) {
        try (s) { return s.readAllBytes(); } catch (IOException e) { throw new UncheckedIOException(e); }
    }

    @Override public void put(Path local, String remotePath) {
        if (check) return;
        try { Files.copy(local, Path.of(remotePath), java.nio.file.StandardCopyOption.REPLACE_EXISTING); }
        catch (IOException e) { throw new UncheckedIOException(e); }
    }

    @Override public void get(String remotePath, Path local) {
        try { Files.copy(Path.of(remotePath), local, java.nio.file.StandardCopyOption.REPLACE_EXISTING); }
        catch (IOException e) { throw new UncheckedIOException(e); }
    }

    @SuppressWarnings("unchecked")
    @Override public <T> T fact(Fact<T> fact) {
        return (T) facts.computeIfAbsent(fact.name(), k -> fact.parser().apply(exec(fact.command(), null)));
    }

    @Override public void invalidate(Fact<?> fact) { facts.remove(fact.name()); }
}
