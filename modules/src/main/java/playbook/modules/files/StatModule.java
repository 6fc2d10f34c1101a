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
            .arg("follow", ArgType.BOOL).defaultValue(false)
            .arg("get_checksum", ArgType.BOOL).defaultValue(true)
            .arg("checksum_algorithm", ArgType.STR).defaultValue("sha1").aliases("checksum", "checksum_algo")
            .choices("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
            .arg("get_mime", ArgType.BOOL).defaultValue(true).aliases("mime", "mime_type", "mime-type")
            .arg("get_attributes", ArgType.BOOL).defaultValue(true).aliases("attr", "attributes")
            .arg("get_md5", ArgType.BOOL).defaultValue(false)
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
