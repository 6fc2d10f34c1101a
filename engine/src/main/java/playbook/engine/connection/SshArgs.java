package playbook.engine.connection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The subset of ssh command-line arguments we honour from {@code ssh_args},
 * {@code ansible_ssh_common_args} and {@code ansible_ssh_extra_args}: {@code -o Key=Value} for
 * the keys in {@link #KEYS}, {@code -J}, {@code -F}, {@code -i} and {@code -p}. Everything else
 * is collected in {@link #ignored()} so the caller can report it once at -v.
 */
record SshArgs(Map<String, String> options, List<String> identities, String configFile, List<String> ignored) {
    static final Set<String> KEYS = Set.of("hostname", "user", "port", "identityfile", "identitiesonly", "proxyjump",
            "connecttimeout", "serveraliveinterval", "serveralivecountmax", "userknownhostsfile", "stricthostkeychecking",
            "include", "controlmaster", "controlpersist");

    static SshArgs parse(String... sources) {
        Map<String, String> opts = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        String config = null;
        for (String src : sources) {
            if (src == null || src.isBlank()) continue;
            List<String> w = split(src);
            for (int i = 0; i < w.size(); i++) {
                String a = w.get(i);
                String flag = a.length() >= 2 && a.startsWith("-") ? a.substring(0, 2) : a;
                String inline = a.length() > 2 && a.startsWith("-") ? a.substring(2) : null;
                switch (flag) {
                    case "-o", "-J", "-F", "-i", "-p" -> {
                        String v = inline != null ? inline : (i + 1 < w.size() ? w.get(++i) : "");
                        switch (flag) {
                            case "-o" -> option(v, opts, ignored);
                            case "-J" -> opts.putIfAbsent("proxyjump", v);
                            case "-F" -> { if (config == null) config = v; }
                            case "-i" -> ids.add(v);
                            default -> opts.putIfAbsent("port", v);
                        }
                    }
                    default -> ignored.add(a);
                }
            }
        }
        return new SshArgs(opts, ids, config, ignored);
    }

    private static void option(String kv, Map<String, String> opts, List<String> ignored) {
        String s = kv.trim();
        int eq = s.indexOf('=');
        int sp = s.indexOf(' ');
        int cut = eq < 0 ? sp : (sp < 0 ? eq : Math.min(eq, sp));
        if (cut <= 0) {
            ignored.add("-o " + kv);
            return;
        }
        String key = s.substring(0, cut).trim().toLowerCase(Locale.ROOT);
        String value = s.substring(cut + 1).trim();
        if (value.startsWith("=")) value = value.substring(1).trim();
        if (KEYS.contains(key)) opts.putIfAbsent(key, value); // ssh: the first value wins
        else ignored.add("-o " + kv);
    }

    /** Shell-like word splitting with single and double quotes and backslashes. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean in = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else if (c == '\\' && quote == '"' && i + 1 < s.length()) cur.append(s.charAt(++i));
                else cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                in = true;
            } else if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
                in = true;
            } else if (Character.isWhitespace(c)) {
                if (in) out.add(cur.toString());
                cur.setLength(0);
                in = false;
            } else {
                cur.append(c);
                in = true;
            }
        }
        if (in) out.add(cur.toString());
        return out;
    }
}
