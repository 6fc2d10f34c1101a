package playbook.modules.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The host's TCP connections, for wait_for state=drained: parsed from Linux's /proc/net/tcp and
 * tcp6 (GNU and BusyBox alike), else from {@code ss -Htan}, else from BSD/macOS
 * {@code netstat -an -p tcp}. The probe prints a {@code ==> source} line before each section.
 * States use Ansible's names (ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, TIME_WAIT).
 */
final class TcpTable {
    private TcpTable() {}

    /** The probe: the first source that answers, each announced by a marker line. */
    static final String PROBE = ""
            + "if [ -r /proc/net/tcp ]; then echo '==> proc tcp'; cat /proc/net/tcp;"
            + " if [ -r /proc/net/tcp6 ]; then echo '==> proc tcp6'; cat /proc/net/tcp6; fi\n"
            + "elif command -v ss >/dev/null 2>&1; then echo '==> ss'; ss -Htan\n"
            + "elif command -v netstat >/dev/null 2>&1; then echo '==> netstat'; netstat -an -p tcp\n"
            + "else echo 'no /proc/net/tcp, ss or netstat to list TCP connections' >&2; exit 2; fi\n";

    /** One connection: local and remote address, local port, Ansible's state name, and whether it came from an IPv6 table. */
    record Conn(InetAddress local, int localPort, InetAddress remote, String state, boolean v6) {}

    private static final Map<String, String> PROC_STATES = Map.of(
            "01", "ESTABLISHED", "02", "SYN_SENT", "03", "SYN_RECV", "04", "FIN_WAIT1", "05", "FIN_WAIT2", "06", "TIME_WAIT");
    private static final Map<String, String> SS_STATES = Map.of(
            "ESTAB", "ESTABLISHED", "SYN-SENT", "SYN_SENT", "SYN-RECV", "SYN_RECV", "FIN-WAIT-1", "FIN_WAIT1",
            "FIN-WAIT-2", "FIN_WAIT2", "TIME-WAIT", "TIME_WAIT");
    private static final Map<String, String> BSD_STATES = Map.of(
            "ESTABLISHED", "ESTABLISHED", "SYN_SENT", "SYN_SENT", "SYN_RCVD", "SYN_RECV", "FIN_WAIT_1", "FIN_WAIT1",
            "FIN_WAIT_2", "FIN_WAIT2", "TIME_WAIT", "TIME_WAIT");

    /** Every connection the probe's output lists in a state we know (listeners and closing sockets are left out). */
    static List<Conn> parse(String output) {
        List<Conn> out = new ArrayList<>();
        String section = "";
        for (String raw : output.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("==> ")) { section = line.substring(4); continue; }
            if (line.isEmpty()) continue;
            String[] f = line.split("\\s+");
            Conn c = switch (section) {
                case "proc tcp", "proc tcp6" -> proc(f, section.endsWith("6"));
                case "ss" -> ss(f);
                case "netstat" -> bsd(f);
                default -> null;
            };
            if (c != null) out.add(c);
        }
        return out;
    }

    /**
     * Ansible's count: connections on {@code port} in one of {@code states} whose local address is
     * one of {@code hosts} (0.0.0.0 means any IPv4, :: any IPv6) and whose peer is not excluded.
     */
    static long active(List<Conn> conns, int port, Collection<InetAddress> hosts, Collection<InetAddress> exclude,
                       Collection<String> states) {
        boolean anyV4 = hosts.stream().anyMatch(a -> a instanceof Inet4Address && a.isAnyLocalAddress());
        boolean anyV6 = hosts.stream().anyMatch(a -> !(a instanceof Inet4Address) && a.isAnyLocalAddress());
        return conns.stream()
                .filter(c -> c.localPort() == port && states.contains(c.state()) && !exclude.contains(c.remote()))
                .filter(c -> hosts.contains(c.local()) || (anyV4 && c.local() instanceof Inet4Address) || (anyV6 && c.v6()))
                .count();
    }

    // sl local_address rem_address st ...   e.g.  1: 0100007F:AD72 0100007F:9D09 01 ...
    private static Conn proc(String[] f, boolean v6) {
        if (f.length < 4 || !f[0].endsWith(":")) return null;
        String state = PROC_STATES.get(f[3]);
        if (state == null) return null;
        String[] local = f[1].split(":");
        String[] remote = f[2].split(":");
        if (local.length != 2 || remote.length != 2) return null;
        try {
            return new Conn(procAddress(local[0]), Integer.parseInt(local[1], 16), procAddress(remote[0]), state, v6);
        } catch (IllegalArgumentException | UnknownHostException e) {
            return null;
        }
    }

    /** /proc/net/tcp* addresses: each 32-bit word in host (little-endian) order, as hex. */
    static InetAddress procAddress(String hex) throws UnknownHostException {
        if (hex.length() != 8 && hex.length() != 32) throw new IllegalArgumentException(hex);
        byte[] b = new byte[hex.length() / 2];
        for (int word = 0; word < b.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(b);  // an IPv4-mapped IPv6 address comes back as IPv4
    }

    // State Recv-Q Send-Q Local:Port Peer:Port   e.g.  ESTAB 0 0 [::ffff:127.0.0.1]:22 [::ffff:127.0.0.1]:5000
    private static Conn ss(String[] f) {
        if (f.length < 5) return null;
        String state = SS_STATES.get(f[0].toUpperCase(Locale.ROOT));
        if (state == null) return null;
        return endpoints(f[3], f[4], ':', state);
    }

    // Proto Recv-Q Send-Q Local Foreign (state)   e.g.  tcp4 0 0 127.0.0.1.22 127.0.0.1.5000 ESTABLISHED
    private static Conn bsd(String[] f) {
        if (f.length < 6 || !f[0].startsWith("tcp")) return null;
        String state = BSD_STATES.get(f[5]);
        if (state == null) return null;
        return endpoints(f[3], f[4], '.', state);
    }

    private static Conn endpoints(String local, String remote, char sep, String state) {
        int l = local.lastIndexOf(sep);
        int r = remote.lastIndexOf(sep);
        if (l <= 0 || r <= 0) return null;
        try {
            String la = strip(local.substring(0, l));
            InetAddress localAddress = literal(la);
            InetAddress remoteAddress = literal(strip(remote.substring(0, r)));
            if (localAddress == null || remoteAddress == null) return null;
            return new Conn(localAddress, Integer.parseInt(local.substring(l + 1)), remoteAddress, state, la.contains(":"));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String strip(String a) {
        String s = a.startsWith("[") && a.endsWith("]") ? a.substring(1, a.length() - 1) : a;
        int zone = s.indexOf('%');
        return zone >= 0 ? s.substring(0, zone) : s;
    }

    /** An IP literal as an address, never through DNS; null when the text is not one ({@code *} included). */
    static InetAddress literal(String text) {
        String s = text.strip();
        boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = s.contains(":") && s.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) return null;
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
