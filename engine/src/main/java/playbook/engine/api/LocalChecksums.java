package playbook.engine.api;

import playbook.engine.connection.KeeperCrypto;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Checksums of files on the controller, for modules (copy's src, fetch's dest). Through here, a
 * run that the launcher started with C1 only leaves large files to the connection keeper, whose
 * C2 has the JDK's SHA and MD5 intrinsics ({@link KeeperCrypto}).
 */
public final class LocalChecksums {
    private LocalChecksums() {}

    /** Lower-case hex digests of {@code file}, one per JCA algorithm name (SHA-1, MD5, SHA-256), from one read. */
    public static String[] hex(Path file, String... algorithms) throws IOException {
        return KeeperCrypto.hex(file, algorithms);
    }
}
