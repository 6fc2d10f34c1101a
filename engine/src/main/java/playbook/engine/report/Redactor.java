package playbook.engine.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Secret strings that must never be printed: the runner registers them (values of {@code -e}
 * variables named like password/secret/token/key, vault-decrypted values...) and every reporter
 * passes each line through {@link #apply}, which replaces them with {@value #MASK}.
 *
 * <p>Secrets shorter than {@value #MIN_LENGTH} characters are ignored: masking "a" or "yes"
 * would mangle ordinary output. A secret is also masked in its JSON-escaped and Python-repr forms,
 * which is how it appears inside result JSON and item labels. Registration copies the set
 * (rare); {@link #apply} reads an immutable snapshot without locking (frequent), so it is
 * thread-safe and costs nothing while no secret is registered.
 */
public final class Redactor {
    public static final String MASK = "********";
    public static final int MIN_LENGTH = 4;

    private static final Redactor SHARED = new Redactor();

    private final Object lock = new Object();
    /** Longest first, so that a secret containing another is masked whole. */
    private volatile String[] secrets = new String[0];

    /** The process-wide instance the runner registers into and reporters use by default. */
    public static Redactor shared() { return SHARED; }

    /** Registers a secret (ignored when null or shorter than {@value #MIN_LENGTH} characters). */
    public void register(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) return;
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        forms.add(AnsibleJson.escape(secret));
        String repr = PythonRepr.repr(secret);
        forms.add(repr.substring(1, repr.length() - 1));
        synchronized (lock) {
            List<String> all = new ArrayList<>(Arrays.asList(secrets));
            for (String f : forms) if (f.length() >= MIN_LENGTH && !all.contains(f)) all.add(f);
            all.sort(Comparator.comparingInt(String::length).reversed());
            secrets = all.toArray(new String[0]);
        }
    }

    /** Forgets every secret (tests; a new run). */
    public void clear() {
        synchronized (lock) { secrets = new String[0]; }
    }

    public boolean isEmpty() { return secrets.length == 0; }

    /** {@code text} with every registered secret replaced by {@value #MASK}. */
    public String apply(String text) {
        String[] s = secrets;
        if (s.length == 0 || text == null) return text;
        String out = text;
        for (String secret : s) {
            if (out.contains(secret)) out = out.replace(secret, MASK);
        }
        return out;
    }
}
