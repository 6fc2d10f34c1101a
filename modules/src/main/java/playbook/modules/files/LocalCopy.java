package playbook.modules.files;

import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;
import playbook.engine.api.LocalChecksums;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * copy with a controller-side {@code src}: one file, or a directory (with Ansible's trailing
 * slash rule: {@code dir/} copies the contents, {@code dir} the directory itself). One probe
 * stats every destination with its sha1; files whose checksum differs are uploaded with
 * {@link Target#put} to a temp file beside their destination and renamed over it in one apply.
 * Missing directories are created first (directory_mode, owner, group).
 */
final class LocalCopy {
    private final Target target;
    private final CopyOptions opt;

    LocalCopy(Target target, CopyOptions opt) {
        this.target = target;
        this.opt = opt;
    }

    /** One planned file: local source, remote destination, checksum, what the probe found there. */
    private record Planned(Path local, String remote, String sha1, StatProbe.Entry found) {}

    /**
     * Copies one controller file. {@code basename} names it inside a directory dest;
     * {@code afterHeader} heads the diff's new side.
     */
    Result file(Path local, String basename, String afterHeader) {
        String dest = expandTilde(opt.dest());
        // sha1 (Ansible's checksum) and md5 in one read, alongside the probe and the upload; when
        // nothing can see the result, only the sha1 and only when the comparison needs it
        Sums sums = Sums.start(local, target.resultObserved());
        boolean slash = dest.endsWith("/");
        String direct = slash ? dest + basename : dest;
        String under = (slash ? dest : dest + "/") + basename;
        String parent = RemotePath.dirname(direct);
        StatProbe probe = new StatProbe().add("d", direct, "sha1").add("p", parent, null);
        if (!slash) probe.add("b", under, "sha1");
        Map<String, StatProbe.Entry> found = StatProbe.parse(target.probe(probe.command()));
        String remote = direct;
        StatProbe.Entry e = found.get("d");
        if (e.resolved().isDir()) {
            remote = under;
            e = found.get("b");
            parent = RemotePath.dirname(remote);
        }
        boolean parentMissing = !found.get("p").resolved().isDir() && remote.equals(direct);
        if (parentMissing && !slash) {
            if (target.checkMode()) return Result.changed().put("dest", remote).put("checksum", sums.sha1());
            return Result.failed("Destination directory " + parent + " does not exist").put("checksum", sums.sha1());
        }
        FileInfo cur = e.info();
        if (cur.exists() && !opt.force()) {
            sums.cancel();
            return Result.ok().put("dest", dest).put("src", local.toString()).put("changed", false);
        }
        FileAttributes attrs = opt.fileAttrs(localMode(local));
        String w = RemotePath.word(remote);
        String curSum = cur.isLink() && !opt.follow() ? null : e.checksum();
        // a missing file, or one of another size, differs without waiting for the local checksum
        boolean contentChanged = !cur.exists() || curSum == null || (cur.isFile() && cur.size() != sums.size())
                || !sums.sha1().equals(curSum);
        Result r = Result.changed().put("dest", remote).put("src", local.toString());
        List<String> cmds = new ArrayList<>();
        List<String> temps = new ArrayList<>();
        if (contentChanged) {
            if (target.diffMode()) addDiff(r, remote, e.resolved(), local, afterHeader);
            String tmp = DestWriter.tempPath(remote);
            temps.add(RemotePath.word(tmp));
            if (parentMissing) mkdirs(List.of(parent));
            if (!target.checkMode()) {
                try {
                    target.put(local, tmp);
                } catch (RuntimeException ex) {
                    sums.cancel(); // the run reports the failure; no need to finish reading a large file
                    throw ex;
                }
            }
            cmds.addAll(DestWriter.install(RemotePath.word(tmp), w, cur, opt.validate(), opt.backup(), true));
            cmds.addAll(cur.exists() ? attrs.commands(w, cur, false, new LinkedHashMap<>(), new LinkedHashMap<>())
                    : attrs.commandsForNew(List.of(w), false));
        } else {
            cmds.addAll(attrs.commands(w, e.resolved(), false, new LinkedHashMap<>(), new LinkedHashMap<>()));
        }
        String sum = sums.sha1IfKnown();
        if (sum != null) r.put("checksum", sum);
        if (sums.md5IfKnown() != null) r.put("md5sum", sums.md5IfKnown());
        if (cmds.isEmpty()) {
            Result ok = Result.ok().put("dest", remote).put("src", local.toString()).put("checksum", sum);
            FileStates.pathInfo(ok, e.resolved());
            return ok;
        }
        ExecResult er = target.apply(DestWriter.script(cmds, temps, w));
        if (!er.ran()) {
            if (cur.exists()) FileStates.pathInfo(r, attrs.predict(e.resolved()));
            return r;
        }
        Result failed = failure(er, remote, sums::sha1); // the sha1 only for a failed validate: a GiB is read again otherwise
        if (failed != null) return failed;
        DestWriter.finish(er, r, "backup_file");
        return r;
    }

    /** Copies a controller directory: its contents when {@code contentsOnly}, else the directory itself. */
    Result directory(Path local, boolean contentsOnly) {
        String dest = expandTilde(opt.dest());
        String root = dest.endsWith("/") ? dest : dest + "/";
        String prefix = contentsOnly ? "" : local.getFileName() + "/";
        List<String> dirs = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        if (!contentsOnly) dirs.add(root + local.getFileName());
        try (Stream<Path> walk = Files.walk(local, FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : walk.sorted().toList()) {
                if (p.equals(local)) continue;
                if (Files.isDirectory(p)) dirs.add(root + prefix + local.relativize(p));
                else if (Files.isRegularFile(p)) files.add(p);
            }
        } catch (IOException | java.io.UncheckedIOException ex) {
            throw new ModuleException("can't read " + local + ": " + ex.getMessage());
        }
        StatProbe probe = new StatProbe().add("r", root.substring(0, root.length() - 1), null);
        for (int i = 0; i < dirs.size(); i++) probe.add("d" + i, dirs.get(i), null);
        for (int i = 0; i < files.size(); i++)
            probe.add("f" + i, root + prefix + local.relativize(files.get(i)), "sha1");
        Map<String, StatProbe.Entry> found = StatProbe.parse(target.probe(probe.command()));

        List<String> missing = new ArrayList<>();
        List<String> dirCmds = new ArrayList<>();
        FileAttributes dirAttrs = opt.dirAttrs();
        if (!found.get("r").resolved().exists()) missing.add(root.substring(0, root.length() - 1));
        for (int i = 0; i < dirs.size(); i++) {
            FileInfo fi = found.get("d" + i).resolved();
            if (!fi.exists()) missing.add(dirs.get(i));
            else if (fi.isDir()) dirCmds.addAll(dirAttrs.commands(RemotePath.word(dirs.get(i)), fi, false,
                    new LinkedHashMap<>(), new LinkedHashMap<>()));
            else return Result.failed("can't copy into " + dirs.get(i) + ": it exists and is not a directory");
        }
        List<Planned> upload = new ArrayList<>();
        List<String> fileCmds = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            String remote = root + prefix + local.relativize(f);
            StatProbe.Entry e = found.get("f" + i);
            FileInfo cur = e.info();
            if (cur.exists() && !opt.force()) continue;
            String sum = digest(f, "SHA-1");
            String curSum = cur.isLink() ? null : e.checksum();
            if (!cur.exists() || !sum.equals(curSum)) upload.add(new Planned(f, remote, sum, e));
            else fileCmds.addAll(opt.fileAttrs(localMode(f)).commands(RemotePath.word(remote), cur, false,
                    new LinkedHashMap<>(), new LinkedHashMap<>()));
        }
        boolean changed = !missing.isEmpty() || !dirCmds.isEmpty() || !upload.isEmpty() || !fileCmds.isEmpty();
        Result r = Result.of(changed).put("dest", root).put("src", local.toString());
        if (!changed || target.checkMode()) return r;
        if (!missing.isEmpty() || !dirCmds.isEmpty()) {
            List<String> cmds = new ArrayList<>();
            if (!missing.isEmpty()) cmds.add(mkdirCommand(missing));
            cmds.addAll(dirAttrs.commandsForNew(missing.stream().map(RemotePath::word).toList(), true));
            cmds.addAll(dirCmds);
            ExecResult er = target.apply(String.join(" && ", cmds));
            if (!er.ok()) return Result.failed("can't create directories under " + root + ": " + er.stderr().trim());
        }
        List<String> temps = new ArrayList<>();
        List<String> cmds = new ArrayList<>(fileCmds);
        for (Planned p : upload) {
            String tmp = DestWriter.tempPath(p.remote());
            String w = RemotePath.word(p.remote());
            target.put(p.local(), tmp);
            temps.add(RemotePath.word(tmp));
            FileInfo cur = p.found().info();
            FileAttributes attrs = opt.fileAttrs(localMode(p.local()));
            cmds.addAll(DestWriter.install(RemotePath.word(tmp), w, cur, opt.validate(), false, true));
            cmds.addAll(cur.exists() ? attrs.commands(w, cur, false, new LinkedHashMap<>(), new LinkedHashMap<>())
                    : attrs.commandsForNew(List.of(w), false));
        }
        if (!cmds.isEmpty()) {
            ExecResult er = target.apply(DestWriter.script(cmds, temps, null));
            Result failed = failure(er, root, () -> null);
            if (failed != null) return failed;
        }
        return r;
    }

    private void mkdirs(List<String> dirs) {
        if (target.checkMode()) return;
        List<String> cmds = new ArrayList<>();
        cmds.add(mkdirCommand(dirs));
        cmds.addAll(opt.dirAttrs().commandsForNew(dirs.stream().map(RemotePath::word).toList(), true));
        ExecResult er = target.apply(String.join(" && ", cmds));
        if (!er.ok()) throw new ModuleException("can't create " + String.join(", ", dirs) + " on " + target.host()
                + ": " + er.stderr().trim());
    }

    private static String mkdirCommand(List<String> dirs) {
        return "mkdir -p " + String.join(" ", dirs.stream().map(RemotePath::word).toList());
    }

    private static Result failure(ExecResult er, String dest, java.util.function.Supplier<String> sum) {
        if (er.ok()) return null;
        if (DestWriter.validateFailed(er))
            return Result.failed("failed to validate").put("exit_status", er.rc()).put("stdout", er.stdout())
                    .put("stderr", DestWriter.validateStderr(er)).put("checksum", sum.get());
        return Result.failed("copy to " + dest + " failed: " + er.stderr().trim()).put("dest", dest);
    }

    private void addDiff(Result r, String remote, FileInfo cur, Path local, String afterHeader) {
        String before = DestWriter.readForDiff(target, remote, cur);
        try {
            if (Files.size(local) > CopyModule.MAX_DIFF_BYTES) return;
            byte[] data = Files.readAllBytes(local);
            if (before != null && DestWriter.isText(data))
                r.diff(remote, before, afterHeader, DestWriter.text(data));
        } catch (IOException ex) {
            throw new ModuleException("can't read " + local + " for the diff: " + ex.getMessage());
        }
    }

    /** Expands a leading {@code ~} on the host (put needs a real path); one probe, only for such paths. */
    private String expandTilde(String dest) {
        if (!dest.startsWith("~")) return dest;
        String out = target.probe("printf '%s\\n' " + RemotePath.word(dest)).stdout();
        String expanded = out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
        return dest.endsWith("/") && !expanded.endsWith("/") ? expanded + "/" : expanded;
    }

    /** The permission bits of a local file, for {@code mode: preserve}. */
    static Integer localMode(Path p) {
        try {
            int m = 0;
            for (PosixFilePermission perm : Files.getPosixFilePermissions(p)) m |= 1 << (8 - perm.ordinal());
            return m;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * The sha1 and md5 of a local file, computed in one read on a helper thread, so that they
     * overlap the probe and the upload instead of adding two passes over a large file before it.
     * The size is read up front (for the quick "it differs" decision). When nothing can see the
     * task's result ({@link playbook.engine.api.Target#resultObserved}), nothing is started: the
     * sha1 is computed only if the comparison asks for it (a destination of the same size), and
     * the md5 (result only, 1.4 s of CPU per GiB here) not at all.
     */
    static final class Sums {
        private static final java.util.concurrent.ExecutorService POOL = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "copy-checksum");
            t.setDaemon(true);
            return t;
        });
        private final Path file;
        private final long size;
        private final boolean withMd5;
        private java.util.concurrent.Future<String[]> hex;

        private Sums(Path file, long size, boolean withMd5, java.util.concurrent.Future<String[]> hex) {
            this.file = file;
            this.size = size;
            this.withMd5 = withMd5;
            this.hex = hex;
        }

        static Sums start(Path file) {
            return start(file, true);
        }

        /** {@code observed}: start both digests now; else none until {@link #sha1()} is asked for. */
        static Sums start(Path file, boolean observed) {
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                throw new ModuleException("can't read " + file + ": " + e.getMessage());
            }
            if (!observed) return new Sums(file, size, false, null);
            return new Sums(file, size, true, POOL.submit(() -> digests(file, "SHA-1", "MD5")));
        }

        long size() { return size; }

        /** The sha1, computed now if nothing has started it. */
        synchronized String sha1() {
            if (hex == null) hex = java.util.concurrent.CompletableFuture.completedFuture(digests(file, "SHA-1"));
            return get()[0];
        }

        /** The sha1 when it was computed (or is being computed), else null. */
        synchronized String sha1IfKnown() { return hex == null ? null : get()[0]; }

        /** The md5 when the result is observed, else null (Ansible's copy also leaves md5sum out where it has none, FIPS). */
        synchronized String md5IfKnown() { return withMd5 && hex != null ? get()[1] : null; }

        /** Stops the read when the checksums are not needed after all. */
        synchronized void cancel() { if (hex != null) hex.cancel(true); }

        private String[] get() {
            try {
                return hex.get();
            } catch (InterruptedException e) {
                hex.cancel(true);
                Thread.currentThread().interrupt();
                throw new ModuleException("interrupted while computing the checksum of " + file);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new ModuleException("can't read " + file + ": " + e.getCause());
            }
        }
    }

    /** Hex digests of a local file for each algorithm, from one read (through the keeper for a C1-only run). */
    static String[] digests(Path p, String... algorithms) {
        try {
            return LocalChecksums.hex(p, algorithms);
        } catch (java.io.InterruptedIOException e) {
            throw new ModuleException(e.getMessage());
        } catch (IOException e) {
            throw new ModuleException("can't read " + p + ": " + e.getMessage());
        }
    }

    /** Hex digest of a local file. */
    static String digest(Path p, String algorithm) {
        return digests(p, algorithm)[0];
    }
}
