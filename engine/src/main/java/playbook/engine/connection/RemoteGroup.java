package playbook.engine.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The process group of a command run over SSH, so that a timed-out task's remote processes can
 * be ended. The command is prefixed with one line that prints {@code $$} (the shell sshd started,
 * a session leader, whose PID is the group's ID) on stderr; {@link #stderr()} drops that line.
 */
final class RemoteGroup {
    /** Starts the line on stderr that carries the group ID; not something a command prints by chance. */
    static final String TAG = "playbook-remote-pgid:";

    private final AtomicLong pgid = new AtomicLong(-1);
    private final java.util.concurrent.CountDownLatch headerRead = new java.util.concurrent.CountDownLatch(1);
    private final InputStream stderr;

    RemoteGroup(InputStream rawStderr) {
        this.stderr = new TagStripping(rawStderr);
    }

    /** The command with the reporting line in front; a line of its own, so the command's text is untouched. */
    static String wrap(String command) {
        return "printf '" + TAG + "%s\\n' \"$$\" >&2\n" + command;
    }

    /**
     * TERM to the group, then KILL if anything is left after about five seconds; a group that is
     * already gone (or belongs to someone we may not signal) ends it at once. {@code kill -TERM -N}
     * is the one spelling dash, bash, BusyBox and zsh all read as a process group: dash refuses
     * POSIX's {@code kill -s TERM -- -N}, BusyBox refuses the {@code --}.
     */
    static String killCommand(long pgid) {
        String g = "-" + pgid;
        return "kill -TERM " + g + " 2>/dev/null || exit 0; n=0; while [ $n -lt 5 ]; do kill -0 " + g
                + " 2>/dev/null || exit 0; sleep 1; n=$((n + 1)); done; kill -KILL " + g + " 2>/dev/null; exit 0";
    }

    /** The group ID once the first line of stderr has been read; -1 before that or when it never came. */
    long pgid() { return pgid.get(); }

    /**
     * The group ID, waiting up to {@code millis} for whoever drains stderr to read the first
     * line (a command killed right after it started may not have printed it yet); -1 if it never came.
     */
    long awaitPgid(long millis) {
        try {
            headerRead.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return pgid.get();
    }

    InputStream stderr() { return stderr; }

    /** Reads the first line; when it is the tag, records the ID and drops the line, else hands it on. */
    private final class TagStripping extends InputStream {
        private final InputStream in;
        private byte[] pending;
        private int pos;
        private boolean headerDone;

        TagStripping(InputStream in) {
            this.in = in;
        }

        private void header() throws IOException {
            if (headerDone) return;
            headerDone = true;
            try {
                readHeader();
            } finally {
                headerRead.countDown();
            }
        }

        private void readHeader() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                line.write(b);
                if (b == '\n' || line.size() > 200) break;
            }
            String s = line.toString(StandardCharsets.UTF_8);
            if (s.startsWith(TAG) && s.endsWith("\n")) {
                try {
                    pgid.set(Long.parseLong(s.substring(TAG.length()).strip()));
                    return;
                } catch (NumberFormatException e) {
                    // not ours after all: hand it on
                }
            }
            pending = line.toByteArray();
        }

        @Override
        public int read() throws IOException {
            header();
            if (pending != null && pos < pending.length) return pending[pos++] & 0xff;
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            header();
            if (pending != null && pos < pending.length) {
                int n = Math.min(len, pending.length - pos);
                System.arraycopy(pending, pos, b, off, n);
                pos += n;
                return n;
            }
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
