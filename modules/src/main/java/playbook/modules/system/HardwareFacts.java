package playbook.modules.system;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hardware and network facts from {@link FactsScript}'s sections: mounts (real devices only, as
 * Ansible lists them, sized by {@code df -P -k}), memory, processors, default_ipv4,
 * all_ipv4_addresses and interfaces. Linux and macOS formats.
 */
final class HardwareFacts {
    private static final Pattern MAC_MOUNT = Pattern.compile("^(\\S+) on (.+) \\(([^,)]+)(?:, ([^)]*))?\\)$");
    private static final Pattern IP_ADDR = Pattern.compile("^\\d+:\\s+(\\S+?)\\s+inet\\s+([\\d.]+)/(\\d+)(?:\\s+brd\\s+([\\d.]+))?");
    private static final Pattern IFCONFIG_IF = Pattern.compile("^([A-Za-z0-9_.-]+):? ");
    private static final Pattern IFCONFIG_INET = Pattern.compile("inet (?:addr:)?([\\d.]+)\\s+(?:netmask|Mask:?)\\s*(0x[0-9a-f]+|[\\d.]+)(?:.*broadcast ([\\d.]+))?");

    private HardwareFacts() {}

    static void parse(Map<String, List<String>> s, Map<String, Object> f) {
        f.put("mounts", mounts(s.getOrDefault("mounts", List.of()), s.getOrDefault("df", List.of())));
        memory(s, f);
        processors(s, f);
        network(s, f);
    }

    static List<Map<String, Object>> mounts(List<String> mountLines, List<String> df) {
        Map<String, long[]> sizes = new LinkedHashMap<>();
        Map<String, String> dfDevice = new LinkedHashMap<>();
        for (String l : df) {
            String[] w = l.trim().split("\\s+", 6);
            if (w.length < 6 || !w[1].matches("\\d+")) continue;
            sizes.put(w[5], new long[]{Long.parseLong(w[1]) * 1024, Long.parseLong(w[3]) * 1024});
            dfDevice.put(w[5], w[0]);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String l : mountLines) {
            String device;
            String mount;
            String fstype;
            String options;
            Matcher mac = MAC_MOUNT.matcher(l.trim());
            if (mac.matches()) {
                device = mac.group(1);
                mount = mac.group(2);
                fstype = mac.group(3);
                options = mac.group(4) == null ? "" : mac.group(4).replace(", ", ",");
            } else {
                String[] w = l.trim().split("\\s+");
                if (w.length < 4) continue;
                device = unescape(w[0]);
                mount = unescape(w[1]);
                fstype = w[2];
                options = w[3];
            }
            if (!device.startsWith("/") && !device.startsWith("\\") && !device.contains(":/")) continue;
            if (fstype.equals("none") || !seen.add(mount)) continue;
            out.add(mount(device, mount, fstype, options, sizes.get(mount)));
        }
        if (mountLines.isEmpty()) {
            for (Map.Entry<String, String> e : dfDevice.entrySet()) {
                if (e.getValue().startsWith("/")) out.add(mount(e.getValue(), e.getKey(), "", "", sizes.get(e.getKey())));
            }
        }
        return out;
    }

    private static Map<String, Object> mount(String device, String mount, String fstype, String options, long[] size) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mount", mount);
        m.put("device", device);
        m.put("fstype", fstype);
        m.put("options", options);
        m.put("size_total", size == null ? 0L : size[0]);
        m.put("size_available", size == null ? 0L : size[1]);
        return m;
    }

    /** /proc/mounts escapes space, tab, newline and backslash as octal. */
    static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    private static void memory(Map<String, List<String>> s, Map<String, Object> f) {
        Map<String, Long> kb = new LinkedHashMap<>();
        for (String l : s.getOrDefault("meminfo", List.of())) {
            String[] w = l.split("[:\\s]+");
            if (w.length >= 2 && w[1].matches("\\d+")) kb.put(w[0], Long.parseLong(w[1]));
        }
        if (kb.containsKey("MemTotal")) {
            f.put("memtotal_mb", kb.get("MemTotal") / 1024);
            f.put("memfree_mb", kb.getOrDefault("MemFree", 0L) / 1024);
            f.put("swaptotal_mb", kb.getOrDefault("SwapTotal", 0L) / 1024);
            f.put("swapfree_mb", kb.getOrDefault("SwapFree", 0L) / 1024);
            return;
        }
        List<String> sysctl = s.getOrDefault("sysctl", List.of());
        if (!sysctl.isEmpty() && sysctl.get(0).trim().matches("\\d+"))
            f.put("memtotal_mb", Long.parseLong(sysctl.get(0).trim()) / 1024 / 1024);
    }

    private static void processors(Map<String, List<String>> s, Map<String, Object> f) {
        List<String> cpu = s.getOrDefault("cpuinfo", List.of());
        List<String> sysctl = s.getOrDefault("sysctl", List.of());
        if (cpu.isEmpty() && sysctl.size() >= 3) {
            long ncpu = parseLong(sysctl.get(1));
            long physical = parseLong(sysctl.get(2));
            f.put("processor_count", 1L);
            f.put("processor_cores", physical);
            f.put("processor_vcpus", ncpu);
            f.put("processor_threads_per_core", physical == 0 ? 1L : Math.max(1, ncpu / physical));
            return;
        }
        long processors = 0;
        Set<String> sockets = new HashSet<>();
        long coresPerSocket = 0;
        List<String> models = new ArrayList<>();
        for (String l : cpu) {
            int c = l.indexOf(':');
            if (c < 0) continue;
            String k = l.substring(0, c).trim();
            String v = l.substring(c + 1).trim();
            switch (k) {
                case "processor" -> processors++;
                case "physical id" -> sockets.add(v);
                case "cpu cores" -> coresPerSocket = parseLong(v);
                case "model name" -> models.add(v);
                default -> { }
            }
        }
        if (processors == 0) processors = parseLong(FactsParser.line(s.getOrDefault("nproc", List.of()), 0));
        long count = sockets.isEmpty() ? processors : sockets.size();
        long cores = sockets.isEmpty() ? 1 : Math.max(1, coresPerSocket);
        long threads = sockets.isEmpty() ? 1 : Math.max(1, processors / Math.max(1, count * cores));
        f.put("processor_count", count);
        f.put("processor_cores", cores);
        f.put("processor_threads_per_core", threads);
        f.put("processor_vcpus", sockets.isEmpty() ? processors : count * cores * threads);
        f.put("processor_nproc", parseLong(FactsParser.line(s.getOrDefault("nproc", List.of()), 0)));
        if (!models.isEmpty()) f.put("processor_model", models.get(0));
    }

    private static void network(Map<String, List<String>> s, Map<String, Object> f) {
        Map<String, Map<String, Object>> byIf = new LinkedHashMap<>();
        List<String> all = new ArrayList<>();
        List<String> interfaces = new ArrayList<>();
        String current = null;
        for (String l : s.getOrDefault("addr", List.of())) {
            Matcher ip = IP_ADDR.matcher(l);
            if (ip.find()) {
                addAddress(byIf, all, interfaces, ip.group(1), ip.group(2), Integer.parseInt(ip.group(3)), ip.group(4));
                continue;
            }
            Matcher ifc = IFCONFIG_IF.matcher(l);
            if (ifc.find() && !l.startsWith("\t") && !l.startsWith(" ")) {
                current = ifc.group(1);
                if (!interfaces.contains(current)) interfaces.add(current);
                continue;
            }
            Matcher inet = IFCONFIG_INET.matcher(l);
            if (inet.find() && current != null) {
                String mask = inet.group(2);
                int prefix = mask.startsWith("0x") ? Long.bitCount(Long.parseLong(mask.substring(2), 16)) : prefixOf(mask);
                addAddress(byIf, all, interfaces, current, inet.group(1), prefix, inet.group(3));
            }
        }
        f.put("all_ipv4_addresses", all);
        f.put("interfaces", interfaces);
        Map<String, Object> def = new LinkedHashMap<>();
        for (String l : s.getOrDefault("route", List.of())) {
            String[] w = l.trim().split("\\s+");
            for (int i = 0; i + 1 < w.length; i++) {
                switch (w[i]) {
                    case "via", "gateway:" -> def.put("gateway", w[i + 1]);
                    case "dev", "interface:" -> def.put("interface", w[i + 1]);
                    case "src" -> def.put("address", w[i + 1]);
                    default -> { }
                }
            }
        }
        if (def.containsKey("interface")) {
            Map<String, Object> info = byIf.get((String) def.get("interface"));
            if (info != null) {
                def.putIfAbsent("address", info.get("address"));
                for (String k : List.of("broadcast", "netmask", "network", "prefix")) if (info.get(k) != null) def.put(k, info.get(k));
            }
            def.put("alias", def.get("interface"));
        }
        f.put("default_ipv4", def);
    }

    private static void addAddress(Map<String, Map<String, Object>> byIf, List<String> all, List<String> interfaces,
                                   String iface, String address, int prefix, String broadcast) {
        if (!interfaces.contains(iface)) interfaces.add(iface);
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("address", address);
        info.put("broadcast", broadcast == null ? "" : broadcast);
        info.put("netmask", dotted(mask));
        info.put("network", dotted(toLong(address) & mask));
        info.put("prefix", String.valueOf(prefix));
        byIf.putIfAbsent(iface, info);
        if (!address.startsWith("127.")) all.add(address);
    }

    private static int prefixOf(String dotted) {
        return Long.bitCount(toLong(dotted));
    }

    private static long toLong(String dotted) {
        long v = 0;
        for (String p : dotted.split("\\.")) v = (v << 8) | Long.parseLong(p);
        return v;
    }

    private static String dotted(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    private static long parseLong(String s) {
        try { return Long.parseLong(s.trim()); } catch (NumberFormatException e) { return 0; }
    }
}
