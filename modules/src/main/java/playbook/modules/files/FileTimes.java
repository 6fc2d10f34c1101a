package playbook.modules.files;

import playbook.engine.ModuleException;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code modification_time} / {@code access_time}: "now", "preserve", or a time in
 * {@code %Y%m%d%H%M.%S} (the default format, which is also {@code touch -t}'s). Specific times
 * are compared in the host's UTC offset, so a second run is not a change.
 */
public final class FileTimes {
    static final String DEFAULT_FORMAT = "%Y%m%d%H%M.%S";
    private static final DateTimeFormatter TOUCH = DateTimeFormatter.ofPattern("yyyyMMddHHmm.ss");

    private final String mtime;
    private final String atime;

    /** Nulls mean the state's default: "now" for touch, "preserve" otherwise. */
    public FileTimes(String mtime, String mtimeFormat, String atime, String atimeFormat, String state) {
        this.mtime = normalize(mtime, mtimeFormat, state, "modification_time");
        this.atime = normalize(atime, atimeFormat, state, "access_time");
    }

    private static String normalize(String v, String format, String state, String name) {
        if (v == null) return state.equals("touch") ? "now" : "preserve";
        if (v.equals("now") || v.equals("preserve")) return v;
        if (format != null && !format.equals(DEFAULT_FORMAT))
            throw new ModuleException(name + "_format other than " + DEFAULT_FORMAT + " is not supported yet");
        try {
            TOUCH.parse(v);
        } catch (DateTimeParseException e) {
            throw new ModuleException("Error while obtaining timestamp for time " + v + " using format "
                    + DEFAULT_FORMAT + ": " + e.getMessage());
        }
        return v;
    }

    /** True when a time other than "now" was asked for (a specific time or preserve). */
    public boolean explicit() {
        return !(mtime.equals("now") && atime.equals("now"));
    }

    /** Touch commands for {@code word}; fills the diff. {@code utcOffset} is the host's {@code date +%z}. */
    public List<String> commands(String word, FileInfo fi, String utcOffset,
                                 Map<String, Object> before, Map<String, Object> after) {
        List<String> cmds = new ArrayList<>();
        long now = System.currentTimeMillis() / 1000;
        if (mtime.equals("now") && atime.equals("now")) {
            cmds.add("touch -c " + word);
            before.put("mtime", fi.mtime());
            after.put("mtime", now);
            before.put("atime", fi.atime());
            after.put("atime", now);
            return cmds;
        }
        one(cmds, "-m", mtime, fi.mtime(), "mtime", word, utcOffset, now, before, after);
        one(cmds, "-a", atime, fi.atime(), "atime", word, utcOffset, now, before, after);
        return cmds;
    }

    private static void one(List<String> cmds, String flag, String spec, long current, String key, String word,
                            String utcOffset, long now, Map<String, Object> before, Map<String, Object> after) {
        if (spec.equals("preserve")) return;
        if (spec.equals("now")) {
            cmds.add("touch -c " + flag + " " + word);
            before.put(key, current);
            after.put(key, now);
            return;
        }
        long wanted = epoch(spec, utcOffset);
        if (wanted == current) return;
        cmds.add("touch -c " + flag + " -t " + spec + " " + word);
        before.put(key, current);
        after.put(key, wanted);
    }

    static long epoch(String touchTime, String utcOffset) {
        ZoneOffset off;
        try {
            off = utcOffset == null || utcOffset.isBlank() ? ZoneOffset.UTC
                    : ZoneOffset.of(utcOffset.trim().replaceFirst("^([+-]\\d\\d)(\\d\\d)$", "$1:$2"));
        } catch (RuntimeException e) {
            off = ZoneOffset.UTC;
        }
        return LocalDateTime.parse(touchTime, TOUCH).toEpochSecond(off);
    }
}
