package playbook.engine.report;

import java.io.PrintStream;

/**
 * The one redrawable line at the bottom of a terminal (the spinner and transfer bars of
 * {@link LiveProgress}). {@link ScreenDisplay} erases it before it prints a real line, under the
 * same lock, so a real line never lands in the middle of it; the next tick draws it again.
 */
final class StatusLine {
    private final PrintStream out;
    private String shown;

    StatusLine(PrintStream out) {
        this.out = out;
    }

    /** Draws {@code text} over the current line (carriage return, text, erase to the end of the line). */
    void show(String text) {
        synchronized (ScreenDisplay.LOCK) {
            if (text.equals(shown)) return;
            out.print("\r" + text + "\033[K");
            out.flush();
            shown = text;
        }
    }

    /** Erases the line if one is shown; the cursor stays at the start of the empty line. Call with the lock held or not. */
    void clear() {
        synchronized (ScreenDisplay.LOCK) {
            if (shown == null) return;
            out.print("\r\033[K");
            out.flush();
            shown = null;
        }
    }

    boolean showing() {
        synchronized (ScreenDisplay.LOCK) {
            return shown != null;
        }
    }
}
