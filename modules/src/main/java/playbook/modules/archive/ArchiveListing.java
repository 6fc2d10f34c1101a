package playbook.modules.archive;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import playbook.engine.ModuleException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A controller-side archive, read completely with commons-compress before anything is sent
 * to the host: every member is decompressed and hashed, so a corrupt or truncated archive
 * (bad gzip/bzip2 stream, short tar member, zip CRC mismatch) is refused with a message naming
 * the archive. The result is the member list with sha256 per regular file, for list_files and
 * for comparing with what dest already holds.
 */
record ArchiveListing(Path archive, ArchiveFormat format, List<Entry> entries) {

    /** One member. {@code name} is as extraction lays it out: no leading "/" or "./". */
    record Entry(String name, String type, long size, int mode, String linkTarget, String sha256) {
        boolean isDir() { return type.equals("directory"); }
        boolean isFile() { return type.equals("file"); }
        boolean isLink() { return type.equals("link"); }
    }

    /** Reads and checks {@code archive}; throws ModuleException naming it when it is not a sound archive. */
    static ArchiveListing read(Path archive) {
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(archive)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new ModuleException("can't read archive " + archive + ": " + e.getMessage());
        }
        ArchiveFormat f = ArchiveFormat.sniff(java.util.Arrays.copyOf(head, n));
        if (f == null)
            throw new ModuleException("can't unarchive " + archive + ": it is not a tar (optionally gz, bz2, xz or zst"
                    + " compressed) or zip archive" + (n == 0 ? " (the file is empty)" : ""));
        try {
            List<Entry> entries = f == ArchiveFormat.ZIP ? zip(archive) : tar(archive, f);
            return new ArchiveListing(archive, f, Collections.unmodifiableList(entries));
        } catch (IOException | RuntimeException e) {
            if (e instanceof ModuleException me) throw me;
            throw new ModuleException("can't unarchive " + archive + ": the archive is corrupt or truncated ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "); nothing was sent to the host");
        }
    }

    /** Member names as list_files reports them (directories with a trailing slash). */
    List<String> names() {
        return entries.stream().map(e -> e.isDir() ? e.name() + "/" : e.name()).toList();
    }

    private static List<Entry> tar(Path archive, ArchiveFormat f) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             Counting plain = new Counting(decompressed(raw, f, archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(plain)) {
            TarArchiveEntry e;
            long needed = 1024; // the two zero blocks that end a tar archive
            while ((e = tar.getNextEntry()) != null) {
                needed += 512 + (e.isFile() ? (e.getSize() + 511) / 512 * 512 : 0);
                String type = e.isDirectory() ? "directory" : e.isSymbolicLink() ? "link"
                        : e.isLink() ? "hard" : e.isFile() ? "file" : "other";
                String sum = null;
                if (type.equals("file")) sum = hash(tar, e.getSize(), e.getName());
                out.add(new Entry(clean(e.getName(), archive), type, e.getSize(), e.getMode() & 07777,
                        e.isSymbolicLink() || e.isLink() ? e.getLinkName() : null, sum));
            }
            // read to the end: a compressed stream checks its trailer, and a tar cut short at a
            // header boundary lacks the end-of-archive blocks (commons-compress reads it as EOF)
            plain.transferTo(OutputSink.INSTANCE);
            if (plain.count < needed)
                throw new IOException("the tar stream ends after " + plain.count + " bytes, before its end-of-archive"
                        + " marker (at least " + needed + " bytes expected)");
        }
        if (out.isEmpty()) throw new IOException("no members found");
        return out;
    }

    private static InputStream decompressed(InputStream raw, ArchiveFormat f, Path archive) throws IOException {
        String name = switch (f) {
            case GZ -> CompressorStreamFactory.GZIP;
            case BZ2 -> CompressorStreamFactory.BZIP2;
            case XZ -> CompressorStreamFactory.XZ;
            case ZST -> CompressorStreamFactory.ZSTANDARD;
            default -> null;
        };
        if (name == null) return raw;
        String needed = f == ArchiveFormat.XZ ? "org.tukaani.xz.XZInputStream"
                : f == ArchiveFormat.ZST ? "com.github.luben.zstd.ZstdInputStream" : null;
        if (needed != null) {
            try {
                Class.forName(needed);
            } catch (ClassNotFoundException e) {
                throw new ModuleException("can't validate " + archive + " on the controller: " + f.ext
                        + " archives need " + needed + ", which this build does not include; use a gz or bz2"
                        + " archive, or copy it to the host and use remote_src: true");
            }
        }
        try {
            return new CompressorStreamFactory(true).createCompressorInputStream(name, raw);
        } catch (org.apache.commons.compress.compressors.CompressorException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static List<Entry> zip(Path archive) throws IOException {
        List<Entry> out = new ArrayList<>();
        try (ZipFile zf = ZipFile.builder().setPath(archive).get()) {
            for (ZipArchiveEntry e : Collections.list(zf.getEntries())) {
                String type = e.isDirectory() ? "directory" : e.isUnixSymlink() ? "link" : "file";
                String sum = null;
                String link = null;
                try (InputStream in = zf.getInputStream(e)) {
                    if (type.equals("link")) link = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    else if (type.equals("file")) sum = hashZip(in, e);
                }
                int mode = e.getUnixMode() & 07777;
                out.add(new Entry(clean(e.getName(), archive), type, e.getSize(), mode, link, sum));
            }
        }
        if (out.isEmpty()) throw new IOException("no members found");
        return out;
    }

    private static String hashZip(InputStream in, ZipArchiveEntry e) throws IOException {
        MessageDigest md = sha256();
        CRC32 crc = new CRC32();
        byte[] buf = new byte[65536];
        long total = 0;
        for (int r; (r = in.read(buf)) > 0; ) { md.update(buf, 0, r); crc.update(buf, 0, r); total += r; }
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc())
            throw new IOException("CRC mismatch in member " + e.getName());
        if (e.getSize() != -1 && total != e.getSize())
            throw new IOException("member " + e.getName() + " is " + total + " bytes, expected " + e.getSize());
        return HexFormat.of().formatHex(md.digest());
    }

    private static String hash(InputStream in, long size, String name) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[65536];
        long total = 0;
        for (int r; (r = in.read(buf)) > 0; ) { md.update(buf, 0, r); total += r; }
        if (total != size) throw new IOException("member " + name + " is truncated: " + total + " of " + size + " bytes");
        return HexFormat.of().formatHex(md.digest());
    }

    /** The path extraction uses: leading "/" and "./" removed; ".." refused (it would escape dest). */
    private static String clean(String name, Path archive) {
        String n = name;
        while (n.startsWith("/")) n = n.substring(1);
        while (n.startsWith("./")) n = n.substring(2);
        if (n.endsWith("/")) n = n.substring(0, n.length() - 1);
        for (String part : n.split("/"))
            if (part.equals(".."))
                throw new ModuleException("can't unarchive " + archive + ": member '" + name
                        + "' contains '..' and would be written outside dest");
        return n.isEmpty() ? "." : n;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the bytes read through it. */
    private static final class Counting extends java.io.FilterInputStream {
        long count;
        Counting(InputStream in) { super(in); }
        @Override public int read() throws IOException { int b = super.read(); if (b >= 0) count++; return b; }
        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
        @Override public long skip(long n) throws IOException { long k = super.skip(n); count += k; return k; }
    }

    /** Discards bytes (used to read a compressed stream to its end, which checks its trailer). */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();
        @Override public void write(int b) { }
        @Override public void write(byte[] b, int off, int len) { }
    }
}
