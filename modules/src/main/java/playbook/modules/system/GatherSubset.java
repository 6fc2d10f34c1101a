package playbook.modules.system;

import playbook.engine.ModuleException;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * setup's {@code gather_subset}, resolved as ansible-core 2.14's get_collector_names does: the
 * minimal collectors always, plus what is named (or everything when only exclusions are named,
 * {@code all} by default), minus {@code !name} exclusions that were not also named; {@code !all}
 * leaves the minimal set, {@code !min} drops it too. A name may be a collector ({@code network})
 * or one of its fact ids ({@code interfaces}). Each fact we gather belongs to one collector.
 */
final class GatherSubset {
    private GatherSubset() {}

    /** Ansible's minimal_gather_subset. */
    static final Set<String> MINIMAL = Set.of("apparmor", "caps", "cmdline", "date_time", "distribution", "dns", "env",
            "fips", "local", "lsb", "pkg_mgr", "platform", "python", "selinux", "service_mgr", "ssh_pub_keys", "user");

    /** Collectors that are not minimal. */
    private static final Set<String> OTHERS = Set.of("hardware", "network", "virtual", "facter", "ohai", "chroot",
            "devices", "fibre_channel_wwn", "iscsi", "loadavg", "nvme", "system_capabilities");

    /** Fact ids Ansible accepts as subset names, with the collector each belongs to. */
    private static final Map<String, String> FACT_IDS = Map.ofEntries(
            Map.entry("all_ipv4_addresses", "network"), Map.entry("all_ipv6_addresses", "network"),
            Map.entry("default_ipv4", "network"), Map.entry("default_ipv6", "network"), Map.entry("interfaces", "network"),
            Map.entry("architecture", "platform"), Map.entry("kernel", "platform"), Map.entry("kernel_version", "platform"),
            Map.entry("machine", "platform"), Map.entry("machine_id", "platform"), Map.entry("system", "platform"),
            Map.entry("python_version", "platform"),
            Map.entry("distribution_major_version", "distribution"), Map.entry("distribution_release", "distribution"),
            Map.entry("distribution_version", "distribution"), Map.entry("os_family", "distribution"),
            Map.entry("effective_group_ids", "user"), Map.entry("effective_user_id", "user"), Map.entry("real_user_id", "user"),
            Map.entry("user_dir", "user"), Map.entry("user_gecos", "user"), Map.entry("user_gid", "user"),
            Map.entry("user_id", "user"), Map.entry("user_shell", "user"), Map.entry("user_uid", "user"),
            Map.entry("is_chroot", "chroot"), Map.entry("mounts", "hardware"), Map.entry("processor", "hardware"),
            Map.entry("processor_cores", "hardware"), Map.entry("processor_count", "hardware"),
            Map.entry("ssh_host_key_dsa_public", "ssh_pub_keys"), Map.entry("ssh_host_key_ecdsa_public", "ssh_pub_keys"),
            Map.entry("ssh_host_key_ed25519_public", "ssh_pub_keys"), Map.entry("ssh_host_key_rsa_public", "ssh_pub_keys"),
            Map.entry("ssh_host_pub_keys", "ssh_pub_keys"), Map.entry("system_capabilities_enforced", "system_capabilities"),
            Map.entry("virtualization_role", "virtual"), Map.entry("virtualization_tech_guest", "virtual"),
            Map.entry("virtualization_tech_host", "virtual"), Map.entry("virtualization_type", "virtual"));

    /** The collectors a gather_subset list selects. */
    static Set<String> collectors(List<String> gatherSubset) {
        Set<String> valid = new HashSet<>(MINIMAL);
        valid.addAll(OTHERS);
        Set<String> add = new HashSet<>(MINIMAL);  // 'min' is always first
        Set<String> exclude = new HashSet<>();
        Set<String> explicit = new HashSet<>();
        for (String raw : gatherSubset.isEmpty() ? List.of("all") : gatherSubset) {
            String s = raw.strip();
            if (s.equals("min")) { add.addAll(MINIMAL); continue; }
            if (s.equals("all")) { add.addAll(valid); continue; }
            if (s.startsWith("!")) {
                String x = s.substring(1);
                if (x.equals("min")) { exclude.addAll(MINIMAL); continue; }
                if (x.equals("all")) { exclude.addAll(OTHERS); continue; }
                exclude.add(collector(x));
                continue;
            }
            if (!valid.contains(s) && !FACT_IDS.containsKey(s)) {
                Set<String> names = new java.util.TreeSet<>(valid);
                names.addAll(FACT_IDS.keySet());
                throw new ModuleException("Bad subset '" + s + "' given to Ansible. gather_subset options allowed: all, "
                        + String.join(", ", names));
            }
            explicit.add(collector(s));
            add.add(collector(s));
        }
        Set<String> drop = new HashSet<>(exclude);
        drop.removeAll(explicit);
        add.removeAll(drop);
        return add;
    }

    private static String collector(String name) {
        return FACT_IDS.getOrDefault(name, name);
    }

    /** The collector of one of our facts (names without the ansible_ prefix). */
    static String collectorOf(String fact) {
        if (fact.startsWith("processor") || fact.startsWith("mem") || fact.startsWith("swap") || fact.equals("mounts")) {
            return "hardware";
        }
        if (fact.equals("all_ipv4_addresses") || fact.equals("default_ipv4") || fact.equals("interfaces")
                || fact.equals("all_ipv6_addresses") || fact.equals("default_ipv6")) return "network";
        if (fact.startsWith("user_")) return "user";
        if (fact.startsWith("distribution") || fact.equals("os_family")) return "distribution";
        if (fact.startsWith("virtualization")) return "virtual";
        return switch (fact) {
            case "system", "kernel", "kernel_version", "machine", "architecture", "nodename", "hostname", "fqdn", "domain",
                 "machine_id", "python_version", "userspace_bits", "userspace_architecture" -> "platform";
            case "date_time", "env", "lsb", "pkg_mgr", "service_mgr", "dns", "cmdline", "selinux", "apparmor", "fips" -> fact;
            default -> "hardware";
        };
    }
}
