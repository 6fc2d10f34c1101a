package playbook.engine.connection;

import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a become-wrapped command that may ask for a password. The wrapper prints a unique prompt
 * (sudo -p) on stderr and a unique success marker on stdout once privileges are gained. The
 * password is written to the command's stdin only when the prompt appears (never on a command
 * line, never logged); the task's own stdin follows the marker. A second prompt means a wrong
 * password; no marker within the timeout means a hung or misconfigured escalation.
 */
public final class BecomeRunner {
    private BecomeRunner() {}

    public static ExecResult run(Connection conn, String host, String method, String command, String promptMarker,
                                 String successMarker, String password, byte[] stdin, int timeoutSeconds) {
        if (usesTerminal(method)) return TerminalBecome.run(conn, host, method, command, successMarker, password, stdin, timeoutSeconds);
        RemoteProcess p = conn.start(command);
        boolean ok = false;
        try {
            OutputStream in = p.stdin();
            CountDownLatch escalated = new CountDownLatch(1);
            AtomicInteger prompts = new AtomicInteger();
            ByteArrayOutputStream errBuf = new ByteArrayOutputStream();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> watchPrompts(p.stderr(), errBuf, promptMarker,
                    prompts, in, password), ProcessIO.DRAIN);
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAfterMarker(p.stdout(), successMarker, escalated),
                    ProcessIO.DRAIN);
            boolean gained;
            try {
                gained = awaitEscalation(escalated, out, prompts, timeoutSeconds);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModuleException("interrupted while waiting for privilege escalation on " + host);
            }
            if (prompts.get() > 1) {
                throw new ModuleException("Incorrect " + method + " password for " + host + " (become_method " + method
                        + "): the password from -K, --become-password-file or ansible_become_password was rejected.");
            }
            if (!gained) {
                if (out.isDone()) { // the command ended before escalation
                    int rc = p.waitFor();
                    String e = text(err.join());
                    throw new ModuleException(explain(method, host, e, password != null) + " (rc " + rc + ")");
                }
                throw new ModuleException("Timeout (" + timeoutSeconds + "s) waiting for privilege escalation with " + method + " on "
                        + host + (prompts.get() == 0 ? "; no password prompt appeared" : "") + ". " + text(snapshot(errBuf)).strip());
            }
            ProcessIO.writeAndClose(in, stdin);
            byte[] o = out.join();
            byte[] e = err.join();
            int rc = p.waitFor();
            ok = true;
            return new ExecResult(rc, text(o), stripPrompts(text(e), promptMarker));
        } finally {
            if (!ok) p.close();
        }
    }

    /** su and doas read a password from a terminal only; sudo takes it on stdin with -S. */
    public static boolean usesTerminal(String method) {
        return method.equals("su") || method.equals("doas");
    }

    static boolean awaitEscalation(CountDownLatch escalated, CompletableFuture<byte[]> out, AtomicInteger prompts,
                                           int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (escalated.await(50, TimeUnit.MILLISECONDS)) return true;
            if (prompts.get() > 1 || out.isDone()) return escalated.getCount() == 0;
        }
        return false;
    }

    /** Reads stderr; answers each prompt with the password (or an empty line when none is known). */
    private static byte[] watchPrompts(InputStream err, ByteArrayOutputStream buf, String marker, AtomicInteger prompts,
                                       OutputStream in, String password) {
        byte[] m = marker.getBytes(StandardCharsets.UTF_8);
        int matched = 0;
        try (err) {
            int b;
            while ((b = err.read()) >= 0) {
                synchronized (buf) {
                    buf.write(b);
                }
                matched = b == (m[matched] & 0xff) ? matched + 1 : (b == (m[0] & 0xff) ? 1 : 0);
                if (matched == m.length) {
                    matched = 0;
                    answerFirstPrompt(prompts, in, password);
                }
            }
        } catch (IOException ignored) {
            // the stream ended with the channel
        }
        return snapshot(buf);
    }

    /** Sees each byte read before the success marker, with the line read so far (which it may reset). */
    interface BeforeMarker {
        BeforeMarker NONE = (b, line) -> {};

        void onByte(int b, ByteArrayOutputStream line);
    }

    /** Waits for the success marker line on stdout, signals, then returns everything after it. */
    static byte[] readAfterMarker(InputStream out, String marker, CountDownLatch escalated) {
        return readAfterMarker(out, marker, escalated, BeforeMarker.NONE);
    }

    /** {@link #readAfterMarker(InputStream, String, CountDownLatch)}, showing every byte before the marker to {@code before}. */
    static byte[] readAfterMarker(InputStream out, String marker, CountDownLatch escalated, BeforeMarker before) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        try (out) {
            int b;
            while ((b = out.read()) >= 0) {
                if (b == '\n') {
                    if (line.toString(StandardCharsets.UTF_8).endsWith(marker)) {
                        escalated.countDown();
                        out.transferTo(rest);
                        return rest.toByteArray();
                    }
                    line.reset();
                } else {
                    line.write(b);
                }
                before.onByte(b, line);
            }
        } catch (IOException ignored) {
            // the stream ended with the channel
        }
        return rest.toByteArray();
    }

    /** Counts a password prompt and answers the first one (a second means the password was wrong). */
    static void answerFirstPrompt(AtomicInteger prompts, OutputStream in, String password) {
        if (prompts.incrementAndGet() > 1 || password == null) return;
        try {
            in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException ignored) {
            // the command went away; its exit tells why
        }
    }

    public static String explain(String method, String host, String stderr, boolean hadPassword) {
        String e = stderr.toLowerCase(Locale.ROOT);
        String tail = stderr.strip().isEmpty() ? "" : ": " + stderr.strip().lines().reduce((a, b) -> b).orElse("");
        if (e.contains("not in the sudoers") || e.contains("not allowed to execute") || e.contains("may not run sudo")
                || e.contains("not permitted") || e.contains("operation not permitted")) {
            return "Missing " + method + " rule on " + host + ": the remote user may not run this command as the become user" + tail;
        }
        if (e.contains("password is required") || e.contains("no tty present") || e.contains("a terminal is required")) {
            return method + " on " + host + " needs a password: give it with -K, --become-password-file or ansible_become_password" + tail;
        }
        if (e.contains("incorrect password") || e.contains("authentication failure") || e.contains("authentication failed") || e.contains("sorry, try again")) {
            return "Incorrect " + method + " password for " + host + " (become_method " + method + ")" + tail;
        }
        if (e.contains("not found")) return "The become method " + method + " is not installed on " + host + tail;
        return "Privilege escalation with " + method + " failed on " + host + (hadPassword ? "" : " (no become password was given)") + tail;
    }

    private static String stripPrompts(String err, String marker) {
        return err.replace(marker, "");
    }

    private static byte[] snapshot(ByteArrayOutputStream b) {
        synchronized (b) {
            return b.toByteArray();
        }
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
