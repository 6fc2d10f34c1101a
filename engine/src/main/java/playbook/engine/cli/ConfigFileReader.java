package playbook.engine.cli;

import playbook.engine.PlaybookException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds ansible.cfg the way Ansible does (ANSIBLE_CONFIG, ./ansible.cfg unless the directory is
 * world-writable, ~/.ansible.cfg, /etc/ansible/ansible.cfg) and reads it as Ansible's
 * configparser does. {@link AnsibleConfig} answers the typed settings from what this returns.
 */
final class ConfigFileReader {
    private ConfigFileReader() {}

    static Path find(Map<String, String> env, Path cwd, Path systemConfig, List<String> warnings) {
        List<Path> candidates = new ArrayList<>();
        Path fromEnv = null;
        String ansibleConfig = env.get("ANSIBLE_CONFIG");
        if (ansibleConfig != null) {
            fromEnv = AnsibleConfig.resolve(ansibleConfig, cwd, env);
            if (Files.isDirectory(fromEnv)) fromEnv = fromEnv.resolve("ansible.cfg");
            candidates.add(fromEnv);
        }
        Path cwdCfg = cwd.resolve("ansible.cfg");
        boolean skippedCwd = false;
        if (worldWritable(cwd)) {
            skippedCwd = Files.exists(cwdCfg);
        } else {
            candidates.add(cwdCfg);
        }
        candidates.add(AnsibleConfig.resolve("~/.ansible.cfg", cwd, env));
        candidates.add(systemConfig);
        Path found = null;
        for (Path p : candidates) {
            if (Files.isRegularFile(p) && Files.isReadable(p)) { found = p; break; }
        }
        if (skippedCwd && (fromEnv == null || !fromEnv.equals(found))) {
            warnings.add("Ansible is being run in a world writable directory (" + cwd + "), ignoring it as an ansible.cfg "
                    + "source. For more information see https://docs.ansible.com/ansible/devel/reference_appendices/"
                    + "config.html#cfg-in-world-writable-dir");
        }
        return found;
    }

    private static boolean worldWritable(Path dir) {
        try {
            return Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** configparser as Ansible configures it ({@code inline_comment_prefixes=(';',)}, strict). */
    static Map<String, Map<String, String>> parse(String text, Path file) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> section = null;
        String lastKey = null;
        String[] lines = text.split("\r\n|\n|\r", -1);
        for (int n = 0; n < lines.length; n++) {
            String raw = lines[n];
            String line = stripInlineComment(raw);
            String trimmed = line.strip();
            if (trimmed.isEmpty() || raw.strip().startsWith("#") || raw.strip().startsWith(";")) {
                if (trimmed.isEmpty()) lastKey = null;
                continue;
            }
            boolean indented = Character.isWhitespace(raw.charAt(0));
            if (indented && section != null && lastKey != null) {
                String prev = section.get(lastKey);
                section.put(lastKey, prev.isEmpty() ? trimmed : prev + "\n" + trimmed);
                continue;
            }
            if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
                String name = trimmed.substring(1, trimmed.length() - 1).strip();
                if (out.containsKey(name)) throw error(file, n, "section [" + name + "] appears twice");
                section = new LinkedHashMap<>();
                out.put(name, section);
                lastKey = null;
                continue;
            }
            if (section == null) throw error(file, n, "a setting comes before any [section] header");
            int eq = line.indexOf('='), colon = line.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            String key = (sep < 0 ? trimmed : line.substring(0, sep)).strip().toLowerCase(java.util.Locale.ROOT);
            String value = sep < 0 ? "" : line.substring(sep + 1).strip();
            if (section.containsKey(key)) throw error(file, n, "option '" + key + "' appears twice in its section");
            section.put(key, value);
            lastKey = key;
        }
        return out;
    }

    private static String stripInlineComment(String line) {
        for (int i = 1; i < line.length(); i++) {
            if (line.charAt(i) == ';' && Character.isWhitespace(line.charAt(i - 1))) return line.substring(0, i);
        }
        return line;
    }

    private static PlaybookException error(Path file, int lineIndex, String what) {
        return new PlaybookException("error reading config file " + file + ":" + (lineIndex + 1) + ": " + what
                + "; fix the file or set ANSIBLE_CONFIG to another one");
    }

    // ---- raw access -------------------------------------------------------------------------

}
