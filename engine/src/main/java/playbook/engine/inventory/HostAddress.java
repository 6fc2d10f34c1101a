package playbook.engine.inventory;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's parse_address: splits an optional {@code :port} off a host name, IPv4 address or
 * bracketed IPv6 address, allowing {@code [x:y]} ranges, and says whether what is left is a
 * valid host identifier.
 */
public record HostAddress(String host, Integer port) {
    private static final String NUMERIC_RANGE = "\\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
    private static final String HEX_RANGE = "\\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\\]";
    private static final String ALNUM_RANGE = "\\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\\]";
    private static final String IPV6_PART = "(?:[0-9a-f]{1,4}|" + HEX_RANGE + ")";
    private static final String IPV4_PART = "(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|" + NUMERIC_RANGE + ")";
    // runs of plain chars are taken possessively (here and in HOSTPORT): one regex step per char overflowed the stack on a long name
    private static final String LABEL = "(?:\\w|" + ALNUM_RANGE + ")(?:[\\w_-]++|" + ALNUM_RANGE + ")*(?<![_-])";

    private static final Pattern BRACKETED_HOSTPORT = Pattern.compile("^\\[(.+)\\]:([0-9]+)$");
    private static final Pattern HOSTPORT = Pattern.compile("^((?:[^:\\[\\]]++|\\[[^\\]]*+\\])*):([0-9]+)$");
    static final Pattern IPV4 = Pattern.compile("^(?:" + IPV4_PART + "\\.){3}" + IPV4_PART + "$", Pattern.CASE_INSENSITIVE);
    static final Pattern IPV6 = Pattern.compile(("^(?:"
            + "(?:P:){7}P|(?:P:){1,6}:|(?:P:)(?::P){1,6}|(?:P:){2}(?::P){1,5}|(?:P:){3}(?::P){1,4}|"
            + "(?:P:){4}(?::P){1,3}|(?:P:){5}(?::P){1,2}|(?:P:){6}(?::P)|:(?::P){1,6}|P?::|"
            + "(?:0:){6}(?:P\\.){3}P|::(?:ffff:)?(?:P\\.){3}P|(?:0:){5}ffff:(?:P\\.){3}P"
            + ")$").replace("P", IPV6_PART), Pattern.CASE_INSENSITIVE);
    private static final Pattern HOSTNAME = Pattern.compile("^" + LABEL + "(?:\\." + LABEL + ")*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);

    /** The parsed address, or empty when the text is not a valid host identifier (with optional port). */
    public static Optional<HostAddress> parse(String address) {
        Integer port = null;
        String rest = address;
        if (simpleHostname(address)) return Optional.of(new HostAddress(address, null));
        if (address.indexOf(':') < 0 && address.indexOf('[') < 0) {
            return HOSTNAME.matcher(address).matches() || IPV4.matcher(address).matches()
                    ? Optional.of(new HostAddress(address, null)) : Optional.empty();
        }
        Matcher m = BRACKETED_HOSTPORT.matcher(rest);
        if (m.matches()) {
            rest = m.group(1);
            port = toPort(m.group(2));
        }
        m = HOSTPORT.matcher(rest);
        if (m.matches()) {
            rest = m.group(1);
            port = toPort(m.group(2));
        }
        if (port != null && port < 0) return Optional.empty();
        if (IPV4.matcher(rest).matches() || IPV6.matcher(rest).matches() || HOSTNAME.matcher(rest).matches()) {
            return Optional.of(new HostAddress(rest, port));
        }
        return Optional.empty();
    }

    /** The common case without a regex: ASCII labels of [A-Za-z0-9_-], not ending in '_' or '-'. */
    static boolean simpleHostname(String s) {
        int labelStart = 0;
        int n = s.length();
        if (n == 0) return false;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? s.charAt(i) : '.';
            if (c == '.') {
                if (i == labelStart) return false;
                char last = s.charAt(i - 1);
                if (last == '-' || last == '_' || s.charAt(labelStart) == '-') return false;
                labelStart = i + 1;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static Integer toPort(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
