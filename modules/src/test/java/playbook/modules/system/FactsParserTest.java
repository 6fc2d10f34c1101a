package playbook.modules.system;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The facts parser on output recorded on this Debian machine and on handcrafted macOS/Alpine samples. */
class FactsParserTest {
    private static Map<String, Object> facts(String resource) throws Exception {
        try (InputStream in = FactsParserTest.class.getResourceAsStream("/facts/" + resource)) {
            assertNotNull(in, resource);
            return FactsParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    @Test void debianRecordedMatchesAnsibleSetup() throws Exception {
        Map<String, Object> f = facts("debian12.txt");
        // values as `ansible localhost -m setup` printed them on the same machine
        assertEquals("vm", f.get("hostname"));
        assertEquals("Debian", f.get("os_family"));
        assertEquals("Debian", f.get("distribution"));
        assertEquals("12.11", f.get("distribution_version"));
        assertEquals("12", f.get("distribution_major_version"));
        assertEquals("bookworm", f.get("distribution_release"));
        assertEquals("Linux", f.get("system"));
        assertEquals("6.18.44-fc-v669", f.get("kernel"));
        assertEquals("#1 SMP PREEMPT_DYNAMIC @0", f.get("kernel_version"));
        assertEquals("x86_64", f.get("architecture"));
        assertEquals("root", f.get("user_id"));
        assertEquals(0L, f.get("user_uid"));
        assertEquals("/root", f.get("user_dir"));
        assertEquals("/bin/bash", f.get("user_shell"));
        assertEquals(24105L, f.get("memtotal_mb"));
        assertEquals(23227L, f.get("memfree_mb"));
        assertEquals(1L, f.get("processor_count"));
        assertEquals(2L, f.get("processor_cores"));
        assertEquals(2L, f.get("processor_vcpus"));
        assertEquals(1L, f.get("processor_threads_per_core"));
        Map<String, Object> ip = (Map<String, Object>) f.get("default_ipv4");
        assertEquals("192.0.2.2", ip.get("address"));
        assertEquals("eth0", ip.get("interface"));
        assertEquals("192.0.2.1", ip.get("gateway"));
        assertEquals("255.255.255.0", ip.get("netmask"));
        assertEquals("192.0.2.0", ip.get("network"));
        assertEquals(List.of("192.0.2.2"), f.get("all_ipv4_addresses"));
        assertEquals("apt", f.get("pkg_mgr"));
        assertEquals("process_api", f.get("service_mgr"));
        List<Map<String, Object>> mounts = (List<Map<String, Object>>) f.get("mounts");
        assertEquals(1, mounts.size(), "only real devices, as Ansible");
        assertEquals("/", mounts.get(0).get("mount"));
        assertEquals("/dev/vda", mounts.get(0).get("device"));
        assertEquals("ext4", mounts.get(0).get("fstype"));
        assertEquals(270553174016L, mounts.get(0).get("size_total"));
        Map<String, String> dt = (Map<String, String>) f.get("date_time");
        assertEquals("1795334454", dt.get("epoch"));
        assertEquals("2026-11-22", dt.get("date"));
        assertEquals("08:00:54", dt.get("time"));
        assertEquals("2026-11-22T08:00:54Z", dt.get("iso8601"));
        assertEquals("46", dt.get("weeknumber"));
        Map<String, String> env = (Map<String, String>) f.get("env");
        assertEquals("/root", env.get("HOME"));
        assertEquals("line1\nline2", env.get("MULTI"));
    }

    @SuppressWarnings("unchecked")
    @Test void macos() throws Exception {
        Map<String, Object> f = facts("macos14.txt");
        assertEquals("Darwin", f.get("system"));
        assertEquals("Darwin", f.get("os_family"));
        assertEquals("MacOSX", f.get("distribution"));
        assertEquals("14.2.1", f.get("distribution_version"));
        assertEquals("14", f.get("distribution_major_version"));
        assertEquals("arm64", f.get("architecture"));
        assertEquals("offsite", f.get("hostname"));
        assertEquals("local", f.get("domain"));
        assertEquals("/Users/alice", f.get("user_dir"));
        assertEquals("/bin/zsh", f.get("user_shell"));
        assertEquals(16384L, f.get("memtotal_mb"));
        assertEquals(10L, f.get("processor_vcpus"));
        assertEquals("homebrew", f.get("pkg_mgr"));
        assertEquals("launchd", f.get("service_mgr"));
        Map<String, Object> ip = (Map<String, Object>) f.get("default_ipv4");
        assertEquals("192.168.1.20", ip.get("address"));
        assertEquals("192.168.1.1", ip.get("gateway"));
        assertEquals("255.255.255.0", ip.get("netmask"));
        List<Map<String, Object>> mounts = (List<Map<String, Object>>) f.get("mounts");
        assertEquals(List.of("/", "/System/Volumes/Data", "/Volumes/Backup Disk"), mounts.stream().map(m -> m.get("mount")).toList());
        assertEquals(1553514552L * 1024, mounts.get(2).get("size_available"));
        assertEquals("apfs", mounts.get(0).get("fstype"));
        assertEquals("+0100", ((Map<String, String>) f.get("date_time")).get("tz_offset"));
    }

    @SuppressWarnings("unchecked")
    @Test void alpineOnAPi() throws Exception {
        Map<String, Object> f = facts("alpine319.txt");
        assertEquals("Alpine", f.get("distribution"));
        assertEquals("Alpine", f.get("os_family"));
        assertEquals("3.19.0", f.get("distribution_version"));
        assertEquals("3", f.get("distribution_major_version"));
        assertEquals("aarch64", f.get("architecture"));
        assertEquals(4L, f.get("processor_count"), "no physical id: each processor counts, as Ansible on ARM");
        assertEquals(1L, f.get("processor_cores"));
        assertEquals(4L, f.get("processor_vcpus"));
        assertEquals("openrc", f.get("service_mgr"));
        assertEquals("apk", f.get("pkg_mgr"));
        assertEquals("10.0.0.9", ((Map<String, Object>) f.get("default_ipv4")).get("address"));
        List<Map<String, Object>> mounts = (List<Map<String, Object>>) f.get("mounts");
        assertEquals("/mnt/back up", mounts.get(1).get("mount"));
        assertEquals(50000000L * 1024, mounts.get(1).get("size_available"));
    }
}
