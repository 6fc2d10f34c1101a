package playbook.engine.connection;

import playbook.engine.ConnectionException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Merges inventory vars, run options, ssh args and ssh config into {@link SshSettings}. The ssh
 * config is evaluated by {@code ssh -G} when the binary exists (exact OpenSSH semantics,
 * Match and Include included), else by {@link SshConfigParser}.
 */
final class SshSettingsResolver {
    private final ConnectionOptions options;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final Path home = Path.of(System.getProperty("user.home"));

    SshSettingsResolver(ConnectionOptions options) {
        this.options = options;
    }

    SshSettings resolve(String alias, Map<String, Object> vars) {
        String host = str(vars, "ansible_host", "ansible_ssh_host");
        if (host == null) host = alias;
        SshArgs args = SshArgs.parse(options.sshArgs(), str(vars, "ansible_ssh_common_args"), str(vars, "ansible_ssh_extra_args"));
        for (String ig : args.ignored()) {
            if (reported.add(ig)) options.verbose().accept(1, "ssh argument not supported by the sshj transport, ignored: " + ig);
        }
        Map<String, String> o = new LinkedHashMap<>();
        put(o, "port", str(vars, "ansible_port", "ansible_ssh_port"));
        put(o, "user", firstNonNull(str(vars, "ansible_user", "ansible_ssh_user"), options.remoteUser()));
        args.options().forEach((k, v) -> o.putIfAbsent(k, v));
        List<String> explicit = new ArrayList<>();
        String key = firstNonNull(str(vars, "ansible_ssh_private_key_file", "ansible_private_key_file"), options.privateKeyFile());
        if (key != null) explicit.add(expand(key));
        args.identities().forEach(i -> explicit.add(expand(i)));
        if (o.containsKey("identityfile")) explicit.add(expand(o.remove("identityfile")));
        Path config = args.configFile() != null ? Path.of(expand(args.configFile()))
                : options.sshConfigFile() != null ? options.sshConfigFile() : home.resolve(".ssh/config");
        // ssh reads the system config too unless a file was named (-F): so do we
        boolean named = args.configFile() != null || options.sshConfigFile() != null;
        Map<String, List<String>> v = effective(host, o, config, named);

        int timeout = intOr(str(vars, "ansible_timeout", "ansible_ssh_timeout"), options.timeoutSeconds());
        String ct = one(v, "connecttimeout");
        if (ct != null && !ct.equals("none") && !o.containsKey("connecttimeout") && str(vars, "ansible_timeout") == null) {
            timeout = intOr(ct, timeout);
        } else if (o.containsKey("connecttimeout")) {
            timeout = intOr(o.get("connecttimeout"), timeout);
        }
        List<String> ids = new ArrayList<>(explicit);
        for (String f : v.getOrDefault("identityfile", List.of())) {
            String e = expand(f);
            if (!ids.contains(e)) ids.add(e);
        }
        List<String> known = new ArrayList<>();
        for (String f : v.getOrDefault("userknownhostsfile", List.of("~/.ssh/known_hosts"))) {
            for (String part : f.split("\\s+")) known.add(expand(part));
        }
        String strict = options.hostKeyChecking() ? normalizeStrict(one(v, "stricthostkeychecking")) : "no";
        String jump = one(v, "proxyjump");
        return new SshSettings(alias, firstNonNull(one(v, "hostname"), host), intOr(one(v, "port"), 22),
                firstNonNull(one(v, "user"), System.getProperty("user.name")), explicit, ids,
                "yes".equalsIgnoreCase(one(v, "identitiesonly")), jump == null || jump.equals("none") ? null : jump,
                timeout, intOr(one(v, "serveraliveinterval"), 0), intOr(one(v, "serveralivecountmax"), 3), known, strict,
                firstNonNull(str(vars, "ansible_password", "ansible_ssh_pass", "ansible_ssh_password"), options.password()),
                intOr(str(vars, "ansible_ssh_retries"), options.retries()), persistSeconds(one(v, "controlmaster"), one(v, "controlpersist")));
    }

    /** The longest a kept connection may stay: ControlPersist=yes (OpenSSH: until closed) is read as this. */
    static final int MAX_PERSIST_SECONDS = 3600;

    /**
     * Seconds to keep the connection after the run, as OpenSSH's ControlMaster and ControlPersist
     * say (Ansible's default ssh_args: {@code -o ControlMaster=auto -o ControlPersist=60s}); 0 when
     * either is off. Times as ssh reads them: 60, 60s, 10m, 1h.
     */
    static int persistSeconds(String master, String persist) {
        if (master == null || persist == null) return 0;
        String m = master.toLowerCase(Locale.ROOT);
        if (!(m.equals("auto") || m.equals("yes") || m.equals("true") || m.equals("autoask") || m.equals("ask"))) return 0;
        String p = persist.toLowerCase(Locale.ROOT).strip();
        if (p.equals("no") || p.equals("false")) return 0;
        if (p.equals("yes") || p.equals("true")) return MAX_PERSIST_SECONDS;
        java.util.regex.Matcher t = java.util.regex.Pattern.compile("(\\d+)([smhdw]?)").matcher(p);
        if (!t.matches()) return 0;
        long n = Long.parseLong(t.group(1)) * switch (t.group(2)) {
            case "m" -> 60L;
            case "h" -> 3600L;
            case "d" -> 86400L;
            case "w" -> 604800L;
            default -> 1L;
        };
        return (int) Math.min(n, MAX_PERSIST_SECONDS);
    }

    /** Settings for one ProxyJump hop {@code [user@]host[:port]}: only the ssh config applies to it. */
    SshSettings hop(String spec, SshSettings target) {
        String user = null;
        String hostPort = spec;
        int at = spec.lastIndexOf('@');
        if (at >= 0) {
            user = spec.substring(0, at);
            hostPort = spec.substring(at + 1);
        }
        String port = null;
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && !hostPort.endsWith("]")) {
            port = hostPort.substring(colon + 1);
            hostPort = hostPort.substring(0, colon);
        }
        if (hostPort.startsWith("[") && hostPort.endsWith("]")) hostPort = hostPort.substring(1, hostPort.length() - 1);
        Map<String, Object> vars = new LinkedHashMap<>();
        if (user != null) vars.put("ansible_user", user);
        if (port != null) vars.put("ansible_port", port);
        ConnectionOptions hopOptions = options.withSshArgs("").withRemoteUser(null);
        SshSettings s = new SshSettingsResolver(hopOptions).resolve(hostPort, vars);
        // a hop inherits the target's known_hosts files, strictness and timeout unless its own config says otherwise
        return new SshSettings(spec, s.hostName(), s.port(), s.user(), s.explicitIdentities(), merge(s.identities(), target.identities()),
                s.identitiesOnly(), s.proxyJump(), target.connectTimeoutSeconds(), s.serverAliveInterval(), s.serverAliveCountMax(),
                merge(target.knownHostsFiles(), s.knownHostsFiles()), target.strictHostKeyChecking(), null, target.retries(), 0);
    }

    private Map<String, List<String>> effective(String host, Map<String, String> overrides, Path config, boolean named) {
        if (options.useSshBinary()) {
            Path ssh = findSsh();
            if (ssh != null) return sshG(ssh, host, overrides, named ? config : null);
        }
        SshConfigParser p = SshConfigParser.resolve(config, host, home);
        for (String u : p.unsupported()) {
            if (reported.add(u)) options.verbose().accept(1, "ssh config: not supported without the ssh binary, ignored: " + u);
        }
        Map<String, List<String>> v = new LinkedHashMap<>();
        overrides.forEach((k, x) -> v.put(k, new ArrayList<>(List.of(x))));
        p.values().forEach((k, x) -> {
            if (k.equals("identityfile") || k.equals("userknownhostsfile")) v.computeIfAbsent(k, q -> new ArrayList<>()).addAll(x);
            else v.putIfAbsent(k, x);
        });
        for (String k : List.of("hostname", "user", "port")) {
            if (v.containsKey(k)) v.put(k, List.of(v.get(k).get(0).replace("%h", host)));
        }
        return v;
    }

    private Map<String, List<String>> sshG(Path ssh, String host, Map<String, String> overrides, Path config) {
        List<String> cmd = new ArrayList<>(List.of(ssh.toString(), "-G"));
        if (config != null) cmd.addAll(List.of("-F", config.toString()));
        overrides.forEach((k, x) -> cmd.addAll(List.of("-o", k + "=" + x)));
        cmd.add(host);
        // ssh's answer, remembered between runs while nothing it read has changed (SshConfigCache)
        Path cacheDir = KeeperProtocol.socketDir();
        String print = KeeperClient.safeDir(cacheDir, false)
                ? SshConfigCache.fingerprint(ssh, config, home)
                : null;
        String cached = print == null ? null : SshConfigCache.get(cacheDir, cmd, print);
        if (cached != null) return parseSshG(cached);
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            var err = ProcessIO.drain(p.getErrorStream());
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ConnectionException("`ssh -G " + host + "` did not answer in 10 s");
            }
            if (p.exitValue() != 0) {
                throw new ConnectionException("can't read the ssh config for " + host + ": `" + String.join(" ", cmd) + "` failed: "
                        + new String(err.join(), StandardCharsets.UTF_8).strip());
            }
            if (print != null) SshConfigCache.put(cacheDir, cmd, print, out);
            return parseSshG(out);
        } catch (IOException e) {
            throw new ConnectionException("can't run `ssh -G " + host + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("interrupted while reading the ssh config for " + host, e);
        }
    }

    private static Map<String, List<String>> parseSshG(String out) {
        Map<String, List<String>> v = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp <= 0) continue;
            v.computeIfAbsent(line.substring(0, sp).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(line.substring(sp + 1).strip());
        }
        return v;
    }

    private static Path findSsh() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String d : path.split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, "ssh");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static String normalizeStrict(String v) {
        if (v == null) return "yes";
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "no", "off", "false" -> "no";
            case "accept-new" -> "accept-new";
            default -> "yes"; // yes, ask, true: nobody is there to ask
        };
    }

    private String expand(String p) {
        if (p.equals("~")) return home.toString();
        if (p.startsWith("~/")) return home.resolve(p.substring(2)).toString();
        return p.replace("%d", home.toString()).replace("%u", System.getProperty("user.name"));
    }

    private static List<String> merge(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        for (String x : b) if (!out.contains(x)) out.add(x);
        return out;
    }

    private static String one(Map<String, List<String>> v, String k) {
        List<String> l = v.get(k);
        return l == null || l.isEmpty() ? null : l.get(0);
    }

    private static void put(Map<String, String> o, String k, String v) {
        if (v != null && !v.isBlank()) o.put(k, v);
    }

    static String str(Map<String, Object> vars, String... keys) {
        for (String k : keys) {
            Object v = vars.get(k);
            if (v != null && !String.valueOf(v).isBlank()) return String.valueOf(v);
        }
        return null;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... xs) {
        for (T x : xs) if (x != null) return x;
        return null;
    }

    private static int intOr(String s, int d) {
        if (s == null) return d;
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return d;
        }
    }
}
