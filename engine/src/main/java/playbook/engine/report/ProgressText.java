package playbook.engine.report;

import playbook.engine.connection.TransferListener;

import java.util.Locale;

/** The words and bars of {@link LiveProgress}, as pure functions of their inputs (ASCII only). */
final class ProgressText {
    private static final String SPINNER = "|/-\\";

    private ProgressText() {}

    /** "7s", "2m05s", "1h02m". */
    static String elapsed(long millis) {
        long s = Math.max(0, millis) / 1000;
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s / 60) % 60);
    }

    /** "512 B", "1.5 KiB", "12.0 MiB", "3.2 GiB". */
    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** One spinner frame, turning every 200 ms. */
    static char spinner(long nowMillis) {
        return SPINNER.charAt((int) ((nowMillis / 200) % SPINNER.length()));
    }

    /**
     * "pi: upload app.tar.gz  45% [=========>          ] 120.0 MiB/266.0 MiB 11.2 MiB/s ETA 0:13"; without a
     * known size: "pi: fetch app.tar.gz 120.0 MiB 11.2 MiB/s". {@code barWidth} 0 leaves the bar out.
     */
    static String transfer(TransferListener.Event e, int barWidth) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.host()).append(": ").append(e.upload() ? "upload " : "fetch ").append(baseName(e.path())).append(' ');
        String rate = bytes(Math.round(e.bytesPerSecond())) + "/s";
        if (e.total() <= 0) {
            return sb.append(bytes(e.bytes())).append(' ').append(rate).toString();
        }
        long done = Math.min(e.bytes(), e.total());
        int percent = (int) (done * 100 / e.total());
        sb.append(String.format(Locale.ROOT, "%3d%% ", percent));
        if (barWidth > 0) sb.append(bar(done, e.total(), barWidth)).append(' ');
        sb
                .append(bytes(done)).append('/').append(bytes(e.total())).append(' ').append(rate);
        if (e.bytesPerSecond() > 0 && done < e.total()) {
            long left = (long) ((e.total() - done) / e.bytesPerSecond());
            sb.append(" ETA ").append(clock(left));
        }
        return sb.toString();
    }

    /** "[=====>    ]" with {@code width} cells inside the brackets. */
    static String bar(long done, long total, int width) {
        int filled = total <= 0 ? 0 : (int) Math.min(width, done * width / total);
        StringBuilder sb = new StringBuilder(width + 2).append('[');
        for (int i = 0; i < width; i++) {
            sb.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        return sb.append(']').toString();
    }

    /** "0:13", "12:05", "1:02:03". */
    static String clock(long seconds) {
        if (seconds >= 3600) return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    /** Cuts {@code text} to {@code columns} characters (a wrapped live line could not be redrawn in place). */
    static String fit(String text, int columns) {
        if (columns <= 3 || text.length() <= columns) return text;
        return text.substring(0, columns - 3) + "...";
    }

    /** Modules upload to a hidden temp sibling (".app.tar.gz.pbtmp1a2b", ".app.tar.gz.pb-1a2b3c4d.tmp"): shown as "app.tar.gz". */
    private static final java.util.regex.Pattern TEMP = java.util.regex.Pattern.compile("^\\.(.+?)(?:\\.pbtmp[0-9a-f]+|\\.pb-[0-9a-f]+\\.tmp)$");

    static String baseName(String path) {
        if (path == null) return "";
        int slash = path.lastIndexOf('/');
        String name = slash < 0 || slash == path.length() - 1 ? path : path.substring(slash + 1);
        java.util.regex.Matcher m = TEMP.matcher(name);
        return m.matches() ? m.group(1) : name;
    }
}
