package playbook.modules.archive;

import java.util.Locale;

/**
 * A compression format of the archive and unarchive modules: the host tool it needs, the
 * filter commands that compress and decompress a stream (stdin to stdout), and the file
 * extension. {@code tar} is an uncompressed tar stream; {@code zip} is handled by zip/unzip.
 */
enum ArchiveFormat {
    GZ("gz", "gzip", "gzip -c", "gzip -dc"),
    BZ2("bz2", "bzip2", "bzip2 -c", "bzip2 -dc"),
    XZ("xz", "xz", "xz -c", "xz -dc"),
    ZST("zst", "zstd", "zstd -q -c", "zstd -q -dc"),
    TAR("tar", "tar", "cat", "cat"),
    ZIP("zip", "zip", null, null);

    final String ext;
    final String tool;
    final String compress;
    final String decompress;

    ArchiveFormat(String ext, String tool, String compress, String decompress) {
        this.ext = ext;
        this.tool = tool;
        this.compress = compress;
        this.decompress = decompress;
    }

    static ArchiveFormat of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** True for the formats whose output is a tar stream (possibly compressed). */
    boolean isTar() { return this != ZIP; }

    /**
     * The format of an archive file, from the first bytes (magic numbers). Null when they are
     * not a known compressed stream, zip or tar. {@code head} holds up to 512 bytes.
     */
    static ArchiveFormat sniff(byte[] head) {
        if (starts(head, 0x1f, 0x8b)) return GZ;
        if (starts(head, 'B', 'Z', 'h')) return BZ2;
        if (starts(head, 0xfd, '7', 'z', 'X', 'Z', 0x00)) return XZ;
        if (starts(head, 0x28, 0xb5, 0x2f, 0xfd)) return ZST;
        if (starts(head, 'P', 'K', 0x03, 0x04) || starts(head, 'P', 'K', 0x05, 0x06)) return ZIP;
        if (head.length >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't'
                && head[260] == 'a' && head[261] == 'r') return TAR;
        return null;
    }

    private static boolean starts(byte[] b, int... magic) {
        if (b.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) if ((b[i] & 0xff) != magic[i]) return false;
        return true;
    }
}
