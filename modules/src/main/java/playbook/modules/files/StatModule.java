package playbook.modules.files;

import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ansible.builtin.stat: one {@link StatProbe} round trip. Returns the {@code stat} dict with the
 * keys playbooks use (exists, isdir, isreg, islnk, mode, uid, gid, pw_name, gr_name, size, times,
 * checksum, lnk_source, lnk_target, permission booleans). mime and attributes are not gathered.
 */
public final class StatModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("path", ArgType.PATH).required().aliases("dest", "name")
            .doc("The path on the host to look at.")
            .arg("follow", ArgType.BOOL).defaultValue(false)
            .doc("Follow a symlink and describe its target.")
            .arg("get_checksum", ArgType.BOOL).defaultValue(true)
            .doc("Compute the checksum of a regular file (reads the whole file on the host).")
            .arg("checksum_algorithm", ArgType.STR).defaultValue("sha1").aliases("checksum", "checksum_algo")
            .choices("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
            .doc("Hash for checksum, computed with sha1sum-style tools, shasum, md5 -q or openssl, whichever the host has.")
            .arg("get_mime", ArgType.BOOL).defaultValue(true).aliases("mime", "mime_type", "mime-type")
            .doc("Accepted for compatibility; mime type is not gathered.")
            .arg("get_attributes", ArgType.BOOL).defaultValue(true).aliases("attr", "attributes")
            .doc("Accepted for compatibility; attributes are not gathered.")
            .arg("get_md5", ArgType.BOOL).defaultValue(false)
            .doc("Accepted for compatibility; use checksum_algorithm: md5.")
            .summary("Read facts about a file or directory")
            .description("One read-only command reads the path's type, mode, owner, size, times, link target and (for regular files) checksum. Nothing is changed.")
            .notes("Works on GNU coreutils, BusyBox and BSD/macOS userlands: the probe detects stat -c or stat -f on the host.",
                    "Never changed; runs in check mode too.")
            .returns("stat", "A dict: exists, and when it exists isdir, isreg, islnk, mode, uid, gid, pw_name, gr_name, size, mtime, atime, ctime, checksum, lnk_source, lnk_target, readable, writeable, executable and more.")
            .example("""
                - name: Is the HDD mounted (the marker file lives on the disk, not the mount point)
                  stat:
                    path: /mnt/hdd/.backup-disk
                    get_checksum: false
                  register: hdd_mount

                - name: sha256 of the archive, to compare with the manifest
                  stat:
                    path: "/mnt/hdd/backups/{{ archive_name }}"
                    checksum_algorithm: sha256
                  register: archive_stat
                """)
            .build();

    @Override public String name() { return "stat"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String path = args.str("path");
        String algo = args.bool("get_checksum") ? args.str("checksum_algorithm") : null;
        StatProbe probe = new StatProbe().add("p", path, algo);
        StatProbe.Entry e = StatProbe.parse(target.probe(probe.command())).get("p");
        return Result.ok().put("stat", describe(path, e, args.bool("follow"), algo != null));
    }

    /** The Ansible {@code stat} dict for a probe entry. */
    static Map<String, Object> describe(String path, StatProbe.Entry e, boolean follow, boolean checksum) {
        Map<String, Object> st = new LinkedHashMap<>();
        FileInfo fi = e == null ? FileInfo.absent() : follow ? e.resolved() : e.info();
        if (!fi.exists()) {
            st.put("exists", false);
            return st;
        }
        st.put("exists", true);
        st.putAll(fi.statinfo(path));
        st.put("pw_name", fi.owner());
        st.put("gr_name", fi.group());
        st.put("readable", e.access().contains("r"));
        st.put("writeable", e.access().contains("w"));
        st.put("executable", e.access().contains("x"));
        if (fi.isLink()) {
            st.put("lnk_source", e.realPath());
            st.put("lnk_target", e.linkTarget());
        }
        if (checksum && fi.isFile() && e.checksum() != null) st.put("checksum", e.checksum());
        return st;
    }
}
