package playbook.engine.vault;

import playbook.engine.VaultException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * File handling for the vault commands: atomic replacement (a 0600 temporary file next to the
 * target, then a rename), and editing plaintext in {@code $EDITOR} through a 0600 file in a
 * private 0700 directory that is overwritten and deleted afterwards, whatever happens.
 */
public final class VaultFiles {
    /** rw------- : what ansible-vault gives the files it writes. */
    public static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");

    private VaultFiles() {}

    /** Reads a file; the error names it. */
    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new VaultException("Unable to read source file (" + file + "): " + describe(e));
        }
    }

    /** The file's permissions, to keep them on rewrite (0600 when unknown). */
    public static Set<PosixFilePermission> permissions(Path file) {
        try {
            return Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return PRIVATE;
        }
    }

    /**
     * Replaces {@code target} with {@code data} atomically: readers see the old content or the
     * new, never a part. The temporary file is 0600 from its creation and is removed on failure.
     */
    public static void writeAtomically(Path target, byte[] data, Set<PosixFilePermission> mode) {
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        try {
            if (Files.exists(abs)) abs = abs.toRealPath(); // through a symlink to the file, as ansible-vault does
            Path dir = abs.getParent();
            tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp", PosixFilePermissions.asFileAttribute(PRIVATE));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                out.write(data);
                out.flush();
                ch.force(true);
            }
            if (!mode.equals(PRIVATE)) Files.setPosixFilePermissions(tmp, mode);
            keepOwner(abs, tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new VaultException("Unable to write " + abs + ": " + describe(e) + "; check the directory's permissions and free space");
        } finally {
            if (tmp != null) deleteQuietly(tmp);
        }
    }

    /** Gives the replacement the old file's owner and group (root editing another user's file); best effort. */
    private static void keepOwner(Path old, Path replacement) {
        if (!Files.exists(old)) return;
        try {
            PosixFileAttributes a = Files.readAttributes(old, PosixFileAttributes.class);
            PosixFileAttributeView v = Files.getFileAttributeView(replacement, PosixFileAttributeView.class);
            if (!a.owner().equals(Files.getOwner(replacement))) v.setOwner(a.owner());
            if (!a.group().equals(Files.readAttributes(replacement, PosixFileAttributes.class).group())) v.setGroup(a.group());
        } catch (IOException | UnsupportedOperationException e) {
            // not permitted for a normal user; the file keeps the writer's ownership
        }
    }

    /**
     * Lets the user edit {@code initial} in an editor and returns the edited bytes.
     *
     * @param editor the editor command line, split like a shell would ({@code $EDITOR}, e.g. "code --wait")
     * @param suffix the file name ending to keep for syntax highlighting, e.g. ".yml" (may be empty)
     * @throws VaultException the editor could not start or exited non-zero (nothing is changed then)
     */
    public static byte[] edit(byte[] initial, String editor, String suffix) {
        Path dir = null;
        Path file = null;
        try {
            dir = Files.createTempDirectory("playbook-vault-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            file = Files.createTempFile(dir, "edit-", safeSuffix(suffix), PosixFilePermissions.asFileAttribute(PRIVATE));
            Files.write(file, initial);
            int rc = runEditor(editor, file);
            if (rc != 0) throw new VaultException("The editor '" + editor + "' exited with code " + rc + "; the vault file was not changed");
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new VaultException("Unable to edit the decrypted data in a private temporary file: " + describe(e));
        } finally {
            if (file != null) shred(file);
            if (dir != null) deleteQuietly(dir);
        }
    }

    private static int runEditor(String editor, Path file) throws IOException {
        // the shell splits $EDITOR as Ansible's shlex.split does; the file name is passed as "$1", never parsed
        ProcessBuilder pb = new ProcessBuilder(List.of("/bin/sh", "-c", editor + " \"$1\"", "sh", file.toString())).inheritIO();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new VaultException("Unable to execute the editor '" + editor + "': " + describe(e) + "; set $EDITOR");
        }
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw new VaultException("Interrupted while the editor was running; the vault file was not changed");
        }
    }

    /** Overwrites with zeros, then deletes: the plaintext does not stay on disk. */
    static void shred(Path file) {
        try {
            long size = Files.size(file);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                byte[] zeros = new byte[8192];
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(zeros);
                for (long pos = 0; pos < size; pos += zeros.length) {
                    buf.clear();
                    buf.limit((int) Math.min(zeros.length, size - pos));
                    ch.write(buf, pos);
                }
                ch.force(true);
            }
        } catch (IOException ignored) {
            // best effort; the delete below is what matters
        } finally {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a 0700 directory in the temp dir; nothing more to do
        }
    }

    private static String safeSuffix(String suffix) {
        return suffix == null || !suffix.matches("\\.[A-Za-z0-9_-]{1,10}") ? "" : suffix;
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }

    /** Zeroes a buffer that held plaintext or a password. */
    public static void wipe(byte[] b) {
        if (b != null) Arrays.fill(b, (byte) 0);
    }
}
