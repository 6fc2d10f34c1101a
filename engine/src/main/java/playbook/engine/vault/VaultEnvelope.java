package playbook.engine.vault;

import playbook.engine.VaultException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The text around vault ciphertext: {@code $ANSIBLE_VAULT;1.1;AES256} or
 * {@code $ANSIBLE_VAULT;1.2;AES256;label} on the first line, then the hex body in lines of 80
 * columns, each ending in a newline, exactly as ansible-vault writes it.
 *
 * @param version "1.1" or "1.2"
 * @param cipher  "AES256" (the only cipher Ansible still reads)
 * @param label   the vault id of a 1.2 envelope, or null
 * @param body    the hex body with the line breaks removed
 */
public record VaultEnvelope(String version, String cipher, String label, String body) {
    public static final String HEADER = "$ANSIBLE_VAULT";
    public static final String DEFAULT_LABEL = "default";
    private static final byte[] HEADER_BYTES = HEADER.getBytes(StandardCharsets.US_ASCII);
    private static final int COLUMNS = 80;

    /** True when the data starts with {@code $ANSIBLE_VAULT} (Ansible's own test; it reads nothing else). */
    public static boolean isVaulted(byte[] data) {
        if (data == null || data.length < HEADER_BYTES.length) return false;
        for (int i = 0; i < HEADER_BYTES.length; i++) if (data[i] != HEADER_BYTES[i]) return false;
        return true;
    }

    /** The same test for text, e.g. a {@code !vault} scalar. Leading whitespace is ignored. */
    public static boolean isVaulted(CharSequence text) {
        return text != null && text.toString().stripLeading().startsWith(HEADER);
    }

    /** Wraps a hex body: the 1.2 header with the label when there is one other than "default", else 1.1. */
    public static VaultEnvelope of(String body, String label) {
        boolean labelled = label != null && !label.isEmpty() && !label.equals(DEFAULT_LABEL);
        return new VaultEnvelope(labelled ? "1.2" : "1.1", "AES256", labelled ? label : null, body);
    }

    /**
     * Reads an envelope. {@code where} names the file or location for the error message.
     *
     * @throws VaultException when the header or the body is malformed
     */
    public static VaultEnvelope parse(String text, String where) {
        String s = text == null ? "" : text.strip();
        if (!s.startsWith(HEADER)) {
            throw new VaultException(where + ": input is not vault encrypted data (it does not start with " + HEADER
                    + "); pass a file written by 'ansible-vault encrypt' or 'playbook vault encrypt'");
        }
        String[] lines = s.split("\r?\n|\r");
        String[] header = lines[0].strip().split(";", -1);
        if (header.length < 3 || header[1].strip().isEmpty() || header[2].strip().isEmpty()) {
            throw format(where, "the header '" + abbreviate(lines[0]) + "' should look like " + HEADER + ";1.1;AES256");
        }
        String version = header[1].strip();
        String cipher = header[2].strip();
        String label = header.length >= 4 ? header[3].strip() : null;
        if (!cipher.equals("AES256")) {
            throw format(where, "cipher '" + abbreviate(cipher) + "' is not supported; only AES256 is (rekey the file with ansible-vault)");
        }
        StringBuilder body = new StringBuilder(s.length());
        for (int i = 1; i < lines.length; i++) body.append(lines[i].strip());
        if (body.length() == 0) throw format(where, "there is no ciphertext after the header (the file is truncated)");
        return new VaultEnvelope(version, cipher, label, body.toString());
    }

    /** The envelope as ansible-vault writes it: header, 80-column lines, a newline after each. */
    public String format() {
        StringBuilder sb = new StringBuilder(body.length() + body.length() / COLUMNS + 40);
        sb.append(HEADER).append(';').append(version).append(';').append(cipher);
        if (label != null && version.equals("1.2")) sb.append(';').append(label);
        sb.append('\n');
        for (int i = 0; i < body.length(); i += COLUMNS) {
            sb.append(body, i, Math.min(body.length(), i + COLUMNS)).append('\n');
        }
        return sb.toString();
    }

    /** The label Ansible matches secrets against: the envelope's, else "default". */
    public String labelOrDefault() {
        return label == null || label.isEmpty() ? DEFAULT_LABEL : label;
    }

    /** The envelope's lines (for an indented {@code !vault |} block). */
    public List<String> lines() {
        return new ArrayList<>(List.of(format().split("\n")));
    }

    @Override public String toString() {
        return "VaultEnvelope[" + version + ";" + cipher + (label == null ? "" : ";" + label) + ", " + body.length() + " hex chars]";
    }

    static VaultException format(String where, String what) {
        return new VaultException("Vault format error in " + where + ": " + what);
    }

    private static String abbreviate(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 60 ? t.substring(0, 60) + "..." : t;
    }
}
