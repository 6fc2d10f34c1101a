package playbook.modules.system;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pure parser of {@link FactsScript}'s output into Ansible fact names (without the
 * {@code ansible_} prefix): platform, distribution, user, date_time, pkg_mgr, service_mgr, lsb,
 * env; hardware and network facts come from {@link HardwareFacts}.
 */
public final class FactsParser {
    private FactsParser() {}

    /** Splits the output into sections; the env section runs to the end. */
    public static Map<String, List<String>> sections(String out) {
        Map<String, List<String>> s = new LinkedHashMap<>();
        List<String> cur = null;
        boolean inEnv = false;
        for (String line : out.split("\n", -1)) {
            if (!inEnv && line.matches("\\[[a-z_-]+]")) {
                String name = line.substring(1, line.length() - 1);
                cur = new ArrayList<>();
                s.put(name, cur);
                inEnv = name.equals("env");
                continue;
            }
            if (cur != null && !(line.isEmpty() && !inEnv)) cur.add(line);
        }
        return s;
    }

    public static Map<String, Object> parse(String out) {
        Map<String, List<String>> s = sections(out);
        Map<String, Object> f = new LinkedHashMap<>();
        List<String> uname = s.getOrDefault("uname", List.of());
        String system = line(uname, 0);
        f.put("system", system);
        f.put("kernel", line(uname, 1));
        f.put("kernel_version", line(uname, 2));
        String machine = line(uname, 3);
        f.put("machine", machine);
        f.put("architecture", machine.matches("i[3-6]86") ? "i386" : machine);
        String nodename = line(uname, 4);
        f.put("nodename", nodename);
        f.put("hostname", nodename.contains(".") ? nodename.substring(0, nodename.indexOf('.')) : nodename);
        String fqdn = line(s.getOrDefault("fqdn", List.of()), 0);
        if (fqdn.isEmpty()) fqdn = nodename;
        f.put("fqdn", fqdn);
        f.put("domain", fqdn.contains(".") ? fqdn.substring(fqdn.indexOf('.') + 1) : "");
        user(s, f);
        distribution(s, system, f);
        f.put("date_time", dateTime(line(s.getOrDefault("date", List.of()), 0)));
        f.put("pkg_mgr", pkgMgr(line(s.getOrDefault("pkg", List.of()), 0)));
        f.put("service_mgr", serviceMgr(s.getOrDefault("init", List.of()), system));
        f.put("env", env(s.getOrDefault("env", List.of())));
        HardwareFacts.parse(s, f);
        return f;
    }

    static String line(List<String> l, int i) {
        return i < l.size() ? l.get(i).trim() : "";
    }

    private static void user(Map<String, List<String>> s, Map<String, Object> f) {
        List<String> id = s.getOrDefault("id", List.of());
        f.put("user_id", line(id, 2));
        f.put("user_uid", toLong(line(id, 0)));
        f.put("user_gid", toLong(line(id, 1)));
        String[] pw = line(s.getOrDefault("passwd", List.of()), 0).split(":", -1);
        List<String> home = s.getOrDefault("home", List.of());
        f.put("user_gecos", pw.length >= 7 ? pw[4] : "");
        f.put("user_dir", pw.length >= 7 ? pw[5] : line(home, 0));
        f.put("user_shell", pw.length >= 7 ? pw[6] : line(home, 1));
    }

    /** KEY=value / KEY="value" lines. */
    static Map<String, String> keyValues(List<String> lines) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : lines) {
            int eq = l.indexOf('=');
            if (eq <= 0) continue;
            String v = l.substring(eq + 1).trim();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'")))
                v = v.substring(1, v.length() - 1);
            m.put(l.substring(0, eq).trim(), v);
        }
        return m;
    }

    private static void distribution(Map<String, List<String>> s, String system, Map<String, Object> f) {
        String dist;
        String version;
        String release;
        if (system.equals("Darwin")) {
            Map<String, String> sw = new LinkedHashMap<>();
            for (String l : s.getOrDefault("sw_vers", List.of())) {
                int c = l.indexOf(':');
                if (c > 0) sw.put(l.substring(0, c).trim(), l.substring(c + 1).trim());
            }
            dist = "MacOSX";
            version = sw.getOrDefault("ProductVersion", "");
            release = line(s.getOrDefault("uname", List.of()), 1);
        } else {
            Map<String, String> os = keyValues(s.getOrDefault("os-release", List.of()));
            String id = os.getOrDefault("ID", "").toLowerCase(Locale.ROOT);
            dist = distName(id, os.getOrDefault("NAME", system));
            version = os.getOrDefault("VERSION_ID", "");
            release = os.getOrDefault("VERSION_CODENAME", "");
            String debianVersion = line(s.getOrDefault("debian_version", List.of()), 0);
            if (id.equals("debian") || id.equals("raspbian")) {
                if (debianVersion.matches("\\d+(\\.\\d+)*")) version = debianVersion;
            }
            String alpine = line(s.getOrDefault("alpine-release", List.of()), 0);
            if (id.equals("alpine") && !alpine.isEmpty()) version = alpine;
            if (release.isEmpty()) release = id.equals("alpine") ? "NA" : "";
            if (id.isEmpty()) { dist = system; release = "NA"; }
        }
        f.put("distribution", dist);
        f.put("distribution_version", version.isEmpty() ? "NA" : version);
        f.put("distribution_major_version", version.isEmpty() ? "NA" : version.split("\\.")[0]);
        f.put("distribution_release", release.isEmpty() ? "NA" : release);
        f.put("os_family", osFamily(dist));
        Map<String, String> lsb = lsb(s.getOrDefault("lsb-release", List.of()));
        if (!lsb.isEmpty()) f.put("lsb", lsb);
    }

    static String distName(String id, String name) {
        return switch (id) {
            case "debian" -> "Debian";
            case "ubuntu" -> "Ubuntu";
            case "raspbian" -> "Raspbian";
            case "alpine" -> "Alpine";
            case "rhel" -> "RedHat";
            case "centos" -> "CentOS";
            case "fedora" -> "Fedora";
            case "rocky" -> "Rocky";
            case "almalinux" -> "AlmaLinux";
            case "arch", "archarm" -> "Archlinux";
            case "opensuse-leap", "opensuse", "opensuse-tumbleweed" -> "openSUSE Leap".equals(name) ? "openSUSE Leap" : name;
            case "sles" -> "SLES";
            case "linuxmint" -> "Linux Mint";
            default -> id.isEmpty() ? name : Character.toUpperCase(id.charAt(0)) + id.substring(1);
        };
    }

    static String osFamily(String dist) {
        return switch (dist) {
            case "Debian", "Ubuntu", "Raspbian", "Linux Mint", "Kali", "Devuan", "Pop!_OS" -> "Debian";
            case "RedHat", "CentOS", "Fedora", "Rocky", "AlmaLinux", "OracleLinux", "Amazon" -> "RedHat";
            case "Alpine" -> "Alpine";
            case "Archlinux", "Manjaro" -> "Archlinux";
            case "SLES", "openSUSE Leap", "openSUSE Tumbleweed", "SLED" -> "Suse";
            case "MacOSX" -> "Darwin";
            default -> dist;
        };
    }

    /** /etc/lsb-release (DISTRIB_*) or lsb_release -a ("Key:\tvalue"). */
    static Map<String, String> lsb(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : lines) {
            String k;
            String v;
            int eq = l.indexOf('=');
            int colon = l.indexOf(':');
            if (l.startsWith("DISTRIB_") && eq > 0) {
                k = l.substring(8, eq);
                v = keyValues(List.of(l)).values().iterator().next();
            } else if (colon > 0) {
                k = l.substring(0, colon).trim();
                v = l.substring(colon + 1).trim();
            } else continue;
            switch (k) {
                case "ID", "Distributor ID" -> out.put("id", v);
                case "RELEASE", "Release" -> { out.put("release", v); out.put("major_release", v.split("\\.")[0]); }
                case "CODENAME", "Codename" -> out.put("codename", v);
                case "DESCRIPTION", "Description" -> out.put("description", v);
                default -> { }
            }
        }
        return out;
    }

    /** From {@code date '+%s|%Y|%m|%d|%H|%M|%S|%Z|%z|%A|%w|%W|%j|%B'}. */
    static Map<String, String> dateTime(String line) {
        Map<String, String> d = new LinkedHashMap<>();
        String[] p = line.split("\\|", -1);
        if (p.length < 12 || !p[0].matches("\\d+")) return d;
        Instant now = Instant.ofEpochSecond(Long.parseLong(p[0]));
        d.put("year", p[1]);
        d.put("month", p[2]);
        d.put("weekday", p[9]);
        d.put("weekday_number", p[10]);
        d.put("weeknumber", p[11]);
        d.put("day", p[3]);
        d.put("hour", p[4]);
        d.put("minute", p[5]);
        d.put("second", p[6]);
        d.put("epoch", p[0]);
        d.put("epoch_int", p[0]);
        d.put("date", p[1] + "-" + p[2] + "-" + p[3]);
        d.put("time", p[4] + ":" + p[5] + ":" + p[6]);
        var utc = now.atOffset(ZoneOffset.UTC);
        d.put("iso8601_micro", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").format(utc));
        d.put("iso8601", DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").format(utc));
        d.put("iso8601_basic", p[1] + p[2] + p[3] + "T" + p[4] + p[5] + p[6] + "000000");
        d.put("iso8601_basic_short", p[1] + p[2] + p[3] + "T" + p[4] + p[5] + p[6]);
        d.put("tz", p[7]);
        d.put("tz_dst", p[7]);
        d.put("tz_offset", p[8]);
        return d;
    }

    static String pkgMgr(String found) {
        return switch (found) {
            case "apt-get" -> "apt";
            case "brew" -> "homebrew";
            case "port" -> "macports";
            case "pkg", "pkgng" -> "pkgng";
            case "emerge" -> "portage";
            case "" -> "unknown";
            default -> found;
        };
    }

    static String serviceMgr(List<String> init, String system) {
        if (init.contains("launchd") || system.equals("Darwin")) return "launchd";
        if (init.contains("systemd-running")) return "systemd";
        String comm = line(init, 0);
        if (comm.equals("systemd")) return "systemd";
        if (init.contains("openrc")) return "openrc";
        if (comm.isEmpty() || comm.equals("init") || comm.equals("systemd-running") || comm.equals("openrc")) return "service";
        return comm;
    }

    static Map<String, String> env(List<String> lines) {
        Map<String, String> m = new LinkedHashMap<>();
        String last = null;
        for (String l : lines) {
            int eq = l.indexOf('=');
            if (eq > 0 && l.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                last = l.substring(0, eq);
                m.put(last, l.substring(eq + 1));
            } else if (last != null && !l.isEmpty()) {
                m.put(last, m.get(last) + "\n" + l);
            }
        }
        return m;
    }

    static Object toLong(String s) {
        try { return Long.parseLong(s.trim()); } catch (NumberFormatException e) { return s; }
    }
}
