package playbook.engine.connection;

import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Password-driven su and doas. Both read the password from a terminal only, so the command runs
 * on a pseudo-terminal with echo off. Neither lets us choose the prompt: su's comes from PAM
 * (run under LC_ALL=C, so "Password: "), doas prints "doas (user@host) password: "; a prompt is
 * any line ending in a (localized) word for password and a colon, seen before the success
 * marker. The password is written to the terminal once; a second prompt means it was wrong.
 * After the marker the wrapper ({@code Become.onTerminal}) has put the terminal in raw mode and
 * reads a length line and that many bytes of stdin. Output is stdout and stderr merged: a
 * terminal has one stream.
 */
final class TerminalBecome {
    /** "Password:", "doas (a@b) password:", "Passwort:", "Contraseña:", ... at the end of the current line. */
    private static final Pattern PROMPT = Pattern.compile("(?iu)(password|passwort|contraseña|mot de passe|senha|parola"
            + "|wachtwoord|adgangskode|passord|lösenord|salasana|hasło|heslo|jelszó|пароль|密码|密碼|パスワード|암호)"
            + "[^\\r\\n:：]{0,40}[:：]\\s*$");

    private TerminalBecome() {}

    static ExecResult run(Connection conn, String host, String method, String command, String successMarker, String password,
                          byte[] stdin, int timeoutSeconds) {
        RemoteProcess p;
        try {
            p = conn.startOnTerminal(command);
        } catch (ModuleException e) {
            throw new ModuleException("can't become with " + method + " on " + host + ": " + e.getMessage()
                    + "; use become_method: sudo there, or allow " + method + " without a password", e);
        }
        boolean ok = false;
        try {
            OutputStream in = p.stdin();
            CountDownLatch escalated = new CountDownLatch(1);
            AtomicInteger prompts = new AtomicInteger();
            ByteArrayOutputStream before = new ByteArrayOutputStream();
            CompletableFuture<byte[]> err = ProcessIO.drain(p.stderr());
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> read(p.stdout(), before, successMarker, prompts,
                    in, password, escalated), ProcessIO.DRAIN);
            boolean gained;
            try {
                gained = BecomeRunner.awaitEscalation(escalated, out, prompts, timeoutSeconds);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModuleException("interrupted while waiting for privilege escalation on " + host);
            }
            if (prompts.get() > 1) {
                throw new ModuleException("Incorrect " + method + " password for " + host + " (become_method " + method
                        + "): the password from -K, --become-password-file or ansible_become_password was rejected.");
            }
            if (!gained) {
                String said = said(before, password);
                if (out.isDone()) {
                    int rc = p.waitFor();
                    throw new ModuleException(BecomeRunner.explain(method, host, said, password != null) + " (rc " + rc + ")");
                }
                throw new ModuleException("Timeout (" + timeoutSeconds + "s) waiting for privilege escalation with " + method + " on "
                        + host + (prompts.get() == 0 ? "; no password prompt appeared" : "; no answer after the password was sent")
                        + (said.isEmpty() ? "" : ": " + said));
            }
            byte[] data = stdin == null ? new byte[0] : stdin;
            try {
                in.write((data.length + "\n").getBytes(StandardCharsets.US_ASCII));
                in.write(data);
                in.flush();
            } catch (IOException ignored) {
                // the command ended without reading; its exit status tells why
            }
            byte[] o = out.join();
            int rc = p.waitFor();
            ok = true;
            return new ExecResult(rc, BecomeRunner.text(o), BecomeRunner.text(err.join()));
        } finally {
            if (!ok) p.close();
        }
    }

    /** What su or doas printed before giving up, one line, the password (should it be echoed) masked. */
    private static String said(ByteArrayOutputStream before, String password) {
        String s;
        synchronized (before) {
            s = before.toString(StandardCharsets.UTF_8);
        }
        if (password != null && !password.isEmpty()) s = s.replace(password, "********");
        StringBuilder b = new StringBuilder();
        for (String line : s.split("[\\r\\n]+")) {
            String t = line.strip();
            if (t.isEmpty() || PROMPT.matcher(t).find()) continue;
            b.append(b.length() == 0 ? "" : " ").append(t);
        }
        return b.toString();
    }

    /** Reads the terminal: answers the first prompt, counts the others, and after the marker line returns the rest. */
    private static byte[] read(InputStream out, ByteArrayOutputStream before, String marker, AtomicInteger prompts,
                               OutputStream in, String password, CountDownLatch escalated) {
        return BecomeRunner.readAfterMarker(out, marker, escalated, (b, line) -> {
            synchronized (before) {
                before.write(b);
            }
            // a prompt has no newline: look at the line so far whenever it could have just ended one
            if ((b == ':' || b == 0x9A) && PROMPT.matcher(line.toString(StandardCharsets.UTF_8)).find()) {
                line.reset();
                BecomeRunner.answerFirstPrompt(prompts, in, password);
            }
        });
    }
}
