package playbook.modules.archive;

import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;

/**
 * Free space on the host, asked before extracting (so a full disk fails before anything is
 * written) and recognised in tar's and unzip's errors afterwards.
 */
final class NoSpace {

    private NoSpace() {}

    /**
     * A failed result when {@code dest}'s file system has less than {@code bytes} free
     * ({@code df -Pk}, POSIX), null when it has enough or can't tell.
     */
    static Result before(Target target, String dest, long bytes, String what) {
        if (bytes <= 0) return null;
        ExecResult r = target.probe("df -Pk " + RemotePath.word(dest) + " | awk 'NR == 2 { print $4 }'");
        long freeKiB;
        try {
            freeKiB = Long.parseLong(r.stdout().strip());
        } catch (NumberFormatException e) {
            return null;
        }
        long neededKiB = (bytes + 1023) / 1024;
        if (!r.ok() || freeKiB >= neededKiB) return null;
        return Result.failed("no space left on " + target.host() + ":" + dest + ": can't " + what + " there, it needs "
                + neededKiB + " KiB and " + freeKiB + " KiB are free; nothing was extracted");
    }

    /** True when a tool's stderr says the disk filled up (GNU tar, BusyBox tar, bsdtar, unzip). */
    static boolean reported(String stderr) {
        String e = stderr.toLowerCase(java.util.Locale.ROOT);
        return e.contains("no space left on device") || e.contains("wrote only") || e.contains("disk full");
    }
}
