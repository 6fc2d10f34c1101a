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
 * ansible.cfg, found and read the way ansible-core 2.14 does it, with ANSIBLE_* environment
 * variables winning over the file.
 *
 * <p>The file is the first that exists of: {@code $ANSIBLE_CONFIG} (a directory means its
 * ansible.cfg), {@code ./ansible.cfg} (skipped, with a warning, when the directory is world
 * writable), {@code ~/.ansible.cfg}, {@code /etc/ansible/ansible.cfg}. It is INI as Python's
 * configparser reads it for Ansible: {@code key = value} or {@code key: value}, keys case-insensitive,
 * whole-line comments with {@code #} or {@code ;}, inline comments with {@code " ;"}, indented
 * continuation lines. Unknown sections and keys are kept ({@link #get}) and otherwise ignored.
 *
 * <p>Path settings expand {@code $VARS} and {@code ~}; a relative path from the file is resolved
 * against the file's directory, one from the environment against the working directory. String
 * settings lose one pair of surrounding quotes. Booleans are Ansible's: yes/on/1/true/t/y are true.
 */
public final class AnsibleConfig {
    static final Path SYSTEM_CONFIG = Path.of("/etc/ansible/ansible.cfg");
    private static final Pattern VAR = Pattern.compile("\\$(?:\\{([A-Za-z0-9_]+)}|([A-Za-z0-9_]+))");

    private final Path source;
    private final Map<String, Map<String, String>> sections;
    private final Map<String, String> env;
    private final Path cwd;
    private final List<String> warnings;

    private AnsibleConfig(Path source, Map<String, Map<String, String>> sections, Map<String, String> env, Path cwd,
                          List<String> warnings) {
        this.source = source;
        this.sections = sections;
        this.env = Map.copyOf(env);
        this.cwd = cwd;
        this.warnings = List.copyOf(warnings);
    }

    /** Finds and reads the config for this environment and working directory. */
    public static AnsibleConfig load(Map<String, String> env, Path cwd) {
        return load(env, cwd, SYSTEM_CONFIG);
    }

    static AnsibleConfig load(Map<String, String> env, Path cwd, Path systemConfig) {
        List<String> warnings = new ArrayList<>();
        Path file = ConfigFileReader.find(env, cwd, systemConfig, warnings);
        Map<String, Map<String, String>> sections = Map.of();
        if (file != null) {
            try {
                sections = ConfigFileReader.parse(Files.readString(file, StandardCharsets.UTF_8), file);
            } catch (IOException e) {
                throw new PlaybookException("can't read config file " + file + ": " + e.getMessage()
                        + "; fix its permissions or point ANSIBLE_CONFIG elsewhere", e);
            }
        }
        return new AnsibleConfig(file, sections, env, cwd, warnings);
    }

    /** The file in use, or null when none was found. */
    public Path source() { return source; }

    /** Warnings found while looking for the file (world-writable working directory). */
    public List<String> warnings() { return warnings; }

    /**
     * The value of {@code key} in {@code [section]} of the file (no environment), or null: falls back
     * to {@code [DEFAULT]} like configparser, and expands {@code %(other)s} and {@code %%}.
     */
    public String get(String section, String key) {
        return get(section, key, 0);
    }

    private String get(String section, String key, int depth) {
        Map<String, String> s = sections.get(section);
        if (s == null) return null;
        String k = key.toLowerCase(java.util.Locale.ROOT);
        String v = s.containsKey(k) ? s.get(k) : sections.getOrDefault("DEFAULT", Map.of()).get(k);
        return v == null ? null : interpolate(v, section, depth);
    }

    private String interpolate(String v, String section, int depth) {
        if (v.indexOf('%') < 0) return v;
        if (depth > 10) throw new PlaybookException("config file " + source + ": [" + section + "] values refer to each "
                + "other in a loop through %(name)s; break the loop");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '%' && i + 1 < v.length() && v.charAt(i + 1) == '%') {
                sb.append('%');
                i++;
            } else if (c == '%' && i + 1 < v.length() && v.charAt(i + 1) == '(' && v.indexOf(")s", i) > 0) {
                int end = v.indexOf(")s", i);
                String ref = get(section, v.substring(i + 2, end), depth + 1);
                sb.append(ref == null ? v.substring(i, end + 2) : ref);
                i = end + 1;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Every section of the file with its raw values, unknown ones included. */
    public Map<String, Map<String, String>> sections() { return Collections.unmodifiableMap(sections); }

    /** The first non-empty of the environment variables, else the first file entry present; its origin decides path resolution. */
    private record Setting(String value, boolean fromFile) {}

    private Optional<Setting> setting(List<String> envVars, String... sectionKeys) {
        for (String v : envVars) {
            String val = env.get(v);
            if (val != null && !val.isEmpty()) return Optional.of(new Setting(val, false));
        }
        for (int i = 0; i + 1 < sectionKeys.length; i += 2) {
            String val = get(sectionKeys[i], sectionKeys[i + 1]);
            if (val != null) return Optional.of(new Setting(val, true));
        }
        return Optional.empty();
    }

    private Optional<String> string(List<String> envVars, String... sectionKeys) {
        return setting(envVars, sectionKeys).map(s -> unquote(s.value));
    }

    private boolean bool(boolean dflt, List<String> envVars, String... sectionKeys) {
        return setting(envVars, sectionKeys).map(s -> isTrue(s.value)).orElse(dflt);
    }

    private int integer(int dflt, List<String> envVars, String... sectionKeys) {
        Optional<Setting> s = setting(envVars, sectionKeys);
        if (s.isEmpty()) return dflt;
        try {
            return Integer.parseInt(s.get().value.strip());
        } catch (NumberFormatException e) {
            throw new PlaybookException("invalid integer '" + s.get().value + "' for " + String.join("/", envVars) + " in "
                    + (s.get().fromFile ? String.valueOf(source) : "the environment") + "; use a whole number");
        }
    }

    private Optional<Path> path(List<String> envVars, String... sectionKeys) {
        return setting(envVars, sectionKeys).filter(s -> !s.value.isBlank()).map(this::resolvePath);
    }

    private Path resolvePath(Setting s) {
        Path base = s.fromFile && source != null ? source.toAbsolutePath().getParent() : cwd;
        return resolve(s.value.strip(), base, env);
    }

    /** Ansible's unfrackpath without following links: $VARS, ~, then relative to {@code base}. */
    static Path resolve(String value, Path base, Map<String, String> env) {
        Matcher m = VAR.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String val = env.get(name);
            m.appendReplacement(sb, Matcher.quoteReplacement(val != null ? val : m.group()));
        }
        m.appendTail(sb);
        String p = sb.toString();
        if (p.equals("~") || p.startsWith("~/")) {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            p = home + p.substring(1);
        }
        return base.resolve(p).normalize();
    }

    static boolean isTrue(String v) {
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "y", "yes", "on", "1", "true", "t", "1.0" -> true;
            default -> false;
        };
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    // ---- [defaults] ---------------------------------------------------------------------------

    /** inventory: comma-separated sources, each resolved as a path; empty when unset (Ansible then uses /etc/ansible/hosts). */
    public List<Path> inventory() {
        Optional<Setting> s = setting(List.of("ANSIBLE_INVENTORY"), "defaults", "inventory");
        List<Path> out = new ArrayList<>();
        if (s.isPresent()) {
            for (String part : s.get().value.split(",")) {
                if (!part.isBlank()) out.add(resolvePath(new Setting(part.strip(), s.get().fromFile)));
            }
        }
        return out;
    }

    public Optional<String> remoteUser() { return string(List.of("ANSIBLE_REMOTE_USER"), "defaults", "remote_user"); }

    public OptionalInt remotePort() {
        int port = integer(-1, List.of("ANSIBLE_REMOTE_PORT"), "defaults", "remote_port");
        return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    public int forks() { return integer(5, List.of("ANSIBLE_FORKS"), "defaults", "forks"); }

    public boolean hostKeyChecking() {
        return bool(true, List.of("ANSIBLE_HOST_KEY_CHECKING", "ANSIBLE_SSH_HOST_KEY_CHECKING"),
                "defaults", "host_key_checking", "ssh_connection", "host_key_checking");
    }

    /** roles_path: colon-separated, as configured; empty when unset (the caller adds Ansible's default locations). */
    public List<Path> rolesPath() {
        Optional<Setting> s = setting(List.of("ANSIBLE_ROLES_PATH"), "defaults", "roles_path");
        List<Path> out = new ArrayList<>();
        if (s.isPresent()) {
            for (String part : s.get().value.split(":")) {
                if (!part.isBlank()) out.add(resolvePath(new Setting(part.strip(), s.get().fromFile)));
            }
        }
        return out;
    }

    /** The run log: PLAYBOOK_LOG, else ANSIBLE_LOG_PATH, else log_path; empty when none is set. */
    public Optional<Path> logPath() {
        return path(List.of("PLAYBOOK_LOG", "ANSIBLE_LOG_PATH"), "defaults", "log_path");
    }

    public int timeout() { return integer(10, List.of("ANSIBLE_TIMEOUT"), "defaults", "timeout"); }

    /** Seconds a task may run (ANSIBLE_TASK_TIMEOUT, [defaults] task_timeout); 0, the default, for no limit. */
    public int taskTimeout() { return integer(0, List.of("ANSIBLE_TASK_TIMEOUT"), "defaults", "task_timeout"); }

    public Optional<Path> privateKeyFile() {
        return path(List.of("ANSIBLE_PRIVATE_KEY_FILE"), "defaults", "private_key_file");
    }

    public Optional<Path> vaultPasswordFile() {
        return path(List.of("ANSIBLE_VAULT_PASSWORD_FILE"), "defaults", "vault_password_file");
    }

    /** implicit (default), explicit or smart. */
    public String gathering() { return string(List.of("ANSIBLE_GATHERING"), "defaults", "gathering").orElse("implicit"); }

    /** Accepted for compatibility; only "default" output exists. */
    public String stdoutCallback() {
        return string(List.of("ANSIBLE_STDOUT_CALLBACK"), "defaults", "stdout_callback").orElse("default");
    }

    /** Accepted for compatibility; no retry files are written. */
    public boolean retryFilesEnabled() {
        return bool(false, List.of("ANSIBLE_RETRY_FILES_ENABLED"), "defaults", "retry_files_enabled");
    }

    /** nocolor: ANSIBLE_NOCOLOR or NO_COLOR (an Ansible boolean) or [defaults] nocolor. */
    public boolean noColor() { return bool(false, List.of("ANSIBLE_NOCOLOR", "NO_COLOR"), "defaults", "nocolor"); }

    public boolean forceColor() { return bool(false, List.of("ANSIBLE_FORCE_COLOR"), "defaults", "force_color"); }

    public boolean forceHandlers() { return bool(false, List.of("ANSIBLE_FORCE_HANDLERS"), "defaults", "force_handlers"); }

    public boolean askPass() { return bool(false, List.of("ANSIBLE_ASK_PASS"), "defaults", "ask_pass"); }

    public int verbosity() { return integer(0, List.of("ANSIBLE_VERBOSITY"), "defaults", "verbosity"); }

    public boolean diffAlways() { return bool(false, List.of("ANSIBLE_DIFF_ALWAYS"), "diff", "always"); }

    public int diffContext() { return integer(3, List.of("ANSIBLE_DIFF_CONTEXT"), "diff", "context"); }

    // ---- [privilege_escalation] (also accepted under [defaults]) -------------------------------

    public boolean become() {
        return bool(false, List.of("ANSIBLE_BECOME"), "privilege_escalation", "become", "defaults", "become");
    }

    public String becomeUser() {
        return string(List.of("ANSIBLE_BECOME_USER"), "privilege_escalation", "become_user", "defaults", "become_user")
                .orElse("root");
    }

    public String becomeMethod() {
        return string(List.of("ANSIBLE_BECOME_METHOD"), "privilege_escalation", "become_method", "defaults", "become_method")
                .orElse("sudo");
    }

    public boolean becomeAskPass() {
        return bool(false, List.of("ANSIBLE_BECOME_ASK_PASS"), "privilege_escalation", "become_ask_pass",
                "defaults", "become_ask_pass");
    }

    // ---- [ssh_connection] ---------------------------------------------------------------------

    public String sshArgs() {
        return string(List.of("ANSIBLE_SSH_ARGS"), "ssh_connection", "ssh_args")
                .orElse("-C -o ControlMaster=auto -o ControlPersist=60s");
    }

    public boolean pipelining() {
        return bool(false, List.of("ANSIBLE_PIPELINING", "ANSIBLE_SSH_PIPELINING"), "ssh_connection", "pipelining",
                "connection", "pipelining", "defaults", "pipelining");
    }

    public int sshRetries() { return integer(0, List.of("ANSIBLE_SSH_RETRIES"), "ssh_connection", "retries"); }

    /** Accepted for compatibility (one sshj connection per host needs no control socket). */
    public Optional<String> controlPath() {
        return string(List.of("ANSIBLE_SSH_CONTROL_PATH"), "ssh_connection", "control_path");
    }
}
