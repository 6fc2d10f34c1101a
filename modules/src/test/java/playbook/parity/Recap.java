package playbook.parity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PLAY RECAP of a run: per host, its ok/changed/unreachable/failed/skipped/rescued/ignored counts. */
final class Recap {
    static final String[] COUNTERS = {"ok", "changed", "unreachable", "failed", "skipped", "rescued", "ignored"};

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");
    private static final Pattern LINE = Pattern.compile(
            "^(\\S+)\\s*:\\s*ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)"
                    + "\\s+skipped=(\\d+)\\s+rescued=(\\d+)\\s+ignored=(\\d+)\\s*$");

    private Recap() {
    }

    /**
     * Host name to counters, from the lines after the last {@code PLAY RECAP} header (ANSI colours
     * stripped). Empty when the output has no recap, as when a run stops before any play.
     */
    static Map<String, Map<String, Integer>> parse(String output) {
        String text = ANSI.matcher(output).replaceAll("");
        int at = text.lastIndexOf("PLAY RECAP");
        Map<String, Map<String, Integer>> hosts = new TreeMap<>();
        if (at < 0) {
            return hosts;
        }
        for (String line : text.substring(at).split("\\R")) {
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (int i = 0; i < COUNTERS.length; i++) {
                counts.put(COUNTERS[i], Integer.parseInt(m.group(i + 2)));
            }
            hosts.put(m.group(1), counts);
        }
        return hosts;
    }

    /** One line per host, as in {@code web1 ok=2 changed=1 ...}, for messages. */
    static String format(Map<String, Map<String, Integer>> recap) {
        if (recap.isEmpty()) {
            return "(no recap)\n";
        }
        StringBuilder sb = new StringBuilder();
        recap.forEach((host, counts) -> {
            sb.append(host);
            counts.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            sb.append('\n');
        });
        return sb.toString();
    }
}
