package playbook.modules.system;

/**
 * The POSIX sh script that gathers facts in one round trip, without Python: it prints
 * {@code [section]} headers followed by the raw output of standard tools. Every probe tolerates
 * a missing tool, so the same script serves GNU/Linux, BusyBox and macOS. {@link FactsParser}
 * turns the output into facts.
 */
public final class FactsScript {
    private FactsScript() {}

    public static final String SCRIPT = String.join("\n",
            "PATH=$PATH:/sbin:/usr/sbin:/usr/bin:/bin; export PATH",
            "s() { echo \"[$1]\"; }",
            "s uname; uname -s; uname -r; uname -v; uname -m; uname -n",
            "s fqdn; hostname -f 2>/dev/null || hostname 2>/dev/null",
            "s id; id -u; id -g; id -un; id -gn 2>/dev/null",
            "s passwd; grep \"^$(id -un):\" /etc/passwd 2>/dev/null",
            "s home; echo \"$HOME\"; echo \"$SHELL\"",
            "s os-release; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null",
            "s lsb-release; cat /etc/lsb-release 2>/dev/null || lsb_release -a 2>/dev/null",
            "s debian_version; cat /etc/debian_version 2>/dev/null",
            "s alpine-release; cat /etc/alpine-release 2>/dev/null",
            "s redhat-release; cat /etc/redhat-release 2>/dev/null",
            "s sw_vers; sw_vers 2>/dev/null",
            "s mounts; cat /proc/mounts 2>/dev/null",
            "s df; df -P -k 2>/dev/null",
            "s meminfo; grep -E '^(MemTotal|MemFree|MemAvailable|Buffers|Cached|SwapTotal|SwapFree):' /proc/meminfo 2>/dev/null",
            "s sysctl; sysctl -n hw.memsize hw.ncpu hw.physicalcpu hw.logicalcpu 2>/dev/null",
            "s cpuinfo; grep -E '^(processor|physical id|core id|cpu cores|model name|Hardware)[[:space:]]*:' /proc/cpuinfo 2>/dev/null",
            "s nproc; nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null",
            "s route; ip -4 route get 8.8.8.8 2>/dev/null || { route -n get default 2>/dev/null | grep -E 'gateway|interface'; }",
            "s addr; ip -4 -o addr show 2>/dev/null || ifconfig 2>/dev/null | grep -E '^[a-z0-9]|inet '",
            "s date; date '+%s|%Y|%m|%d|%H|%M|%S|%Z|%z|%A|%w|%W|%j|%B'",
            "s pkg; for p in apt-get dnf yum apk pacman zypper brew port pkgng pkg emerge; do command -v $p >/dev/null 2>&1 && { echo $p; break; }; done",
            "s init; cat /proc/1/comm 2>/dev/null; [ -d /run/systemd/system ] && echo systemd-running; [ -x /sbin/openrc ] || [ -x /sbin/openrc-run ] && echo openrc; [ \"$(uname -s)\" = Darwin ] && echo launchd",
            "s env; env",
            "");
}
