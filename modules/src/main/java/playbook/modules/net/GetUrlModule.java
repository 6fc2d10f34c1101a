package playbook.modules.net;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.modules.common.RemotePath;
import playbook.modules.files.DestWriter;
import playbook.modules.files.FileAttributes;
import playbook.modules.files.FileCommonArgs;
import playbook.modules.files.FileInfo;
import playbook.modules.files.StatProbe;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ansible.builtin.get_url. One probe stats dest (and its checksum); when it already holds the
 * file (matching checksum, or any file without checksum and force=false) nothing is downloaded.
 * Otherwise the host downloads ({@link HttpClient}) into a temp file beside dest (or in
 * tmp_dest), and a second apply verifies the checksum and renames it over dest
 * ({@link DestWriter}); a mismatch leaves dest untouched and the temp file removed. Unlike
 * Ansible, a wrong checksum never deletes an existing dest.
 */
public final class GetUrlModule implements Module {
    private static final ArgSpec SPEC = FileCommonArgs.add(ArgSpec.builder()
            .arg("url", ArgType.STR).required()
            .doc("http or https URL to download; the host downloads it, not the controller.")
            .arg("dest", ArgType.PATH).required()
            .doc("The file to write on the host (or a directory: the name comes from the URL).")
            .arg("checksum", ArgType.STR).defaultValue("")
            .doc("algorithm:hex (sha256:...) the file must have; a file that already has it is not downloaded again, and a download with another one fails and leaves dest untouched.")
            .arg("force", ArgType.BOOL).defaultValue(false).aliases("thirsty")
            .doc("Download again even if dest exists (without checksum, an existing dest is otherwise kept).")
            .arg("backup", ArgType.BOOL).defaultValue(false)
            .doc("Keep a timestamped copy of the old dest.")
            .arg("headers", ArgType.DICT)
            .doc("HTTP request headers.")
            .arg("url_username", ArgType.STR).aliases("username")
            .doc("User for HTTP basic auth.")
            .arg("url_password", ArgType.STR).aliases("password").noLog()
            .doc("Password for HTTP basic auth; never on a command line (curl reads it from stdin).")
            .arg("force_basic_auth", ArgType.BOOL).defaultValue(false)
            .doc("Send credentials with the first request instead of after a 401.")
            .arg("timeout", ArgType.INT).defaultValue(10)
            .doc("Seconds the request may take.")
            .arg("validate_certs", ArgType.BOOL).defaultValue(true)
            .doc("Verify the server's TLS certificate.")
            .arg("tmp_dest", ArgType.PATH)
            .doc("Directory for the temporary download instead of dest's directory.")
            .arg("use_proxy", ArgType.BOOL).defaultValue(true)
            .doc("Use the proxy from the environment."))
            .summary("Download a file over HTTP or HTTPS onto the host")
            .description("One probe stats dest (with its checksum); if it already holds the file, nothing is downloaded. Otherwise the host downloads with curl (or wget) into a temp file beside dest, verifies the checksum, and renames it over dest.")
            .notes("Idempotent with checksum, or with force=false. Unlike Ansible, a wrong checksum never deletes an existing dest. Check mode reports whether a download would happen.",
                    "The host needs curl, GNU wget or BusyBox wget; BusyBox wget cannot send credentials or an Authorization header, and such requests are refused there.")
            .returns("dest", "The file written.")
            .returns("checksum_src", "sha1 of the download.")
            .returns("status_code", "The HTTP status.")
            .returns("msg", "OK or the error.")
            .example("""
                - name: restic binary for the Pi, pinned by checksum
                  get_url:
                    url: https://github.com/restic/restic/releases/download/v0.16.4/restic_0.16.4_linux_arm64.bz2
                    dest: /usr/local/src/restic.bz2
                    checksum: "sha256:{{ restic_sha256 }}"
                    mode: "0644"
                  become: true
                """)
            .build();

    @Override public String name() { return "get_url"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String url = args.str("url");
        String bad = HttpClient.checkUrl(url);
        if (bad != null) throw new ModuleException("get_url: " + bad);
        Map<String, String> headers = new LinkedHashMap<>();
        args.map("headers").forEach((k, v) -> headers.put(k, v == null ? "" : String.valueOf(v)));
        String dest = args.str("dest");
        boolean force = args.bool("force");
        String algorithm = null;
        String expected = null;
        String checksum = args.str("checksum");
        if (!checksum.isEmpty()) {
            int colon = checksum.indexOf(':');
            if (colon < 0) return Result.failed("The checksum parameter has to be in format <algorithm>:<checksum>");
            algorithm = checksum.substring(0, colon).toLowerCase(Locale.ROOT);
            if (!StatProbe.ALGORITHMS.contains(algorithm))
                return Result.failed("get_url: unsupported checksum algorithm '" + algorithm + "'; use one of "
                        + String.join(", ", new java.util.TreeSet<>(StatProbe.ALGORITHMS)));
            expected = checksum.substring(colon + 1);
        }
        HttpClient.Request req = new HttpClient.Request(url, "GET", headers, null, args.str("url_username"),
                args.str("url_password"), args.bool("validate_certs"), args.integer("timeout"), "safe",
                args.bool("force_basic_auth"), null, null, null, null, List.of());
        String filename = urlFilename(url);
        String file = dest + (dest.endsWith("/") ? "" : "/") + filename;
        StatProbe probe = new StatProbe().add("d", dest, "sha1").add("f", file, "sha1")
                .add("p", RemotePath.dirname(dest), null);
        if (algorithm != null) probe.add("c", dest, algorithm).add("g", file, algorithm);
        Map<String, StatProbe.Entry> found = StatProbe.parse(target.probe(probe.command()));
        boolean destIsDir = found.get("d").resolved().isDir();
        String path = destIsDir ? file : dest;
        StatProbe.Entry cur = found.get(destIsDir ? "f" : "d");
        StatProbe.Entry curSum = algorithm == null ? null : found.get(destIsDir ? "g" : "c");
        if (!destIsDir && !found.get("p").resolved().isDir())
            return Result.failed("Destination " + RemotePath.dirname(dest) + " does not exist").put("dest", dest).put("url", url);

        HttpClient.Tools tools = null;
        if (expected != null && isUrl(expected)) {
            tools = target.fact(HttpClient.TOOLS);
            expected = fetchChecksum(target, tools, req, expected, filename);
        }
        if (expected != null) {
            expected = expected.replaceAll("\\W+", "").toLowerCase(Locale.ROOT);
            if (!expected.matches("[0-9a-f]+")) return Result.failed("The checksum format is invalid");
        }

        FileAttributes attrs = new FileAttributes(args.get("mode"), args.str("owner"), args.str("group"));
        Result base = Result.ok().put("dest", path).put("url", url).put("checksum_dest", null).put("checksum_src", null)
                .put("elapsed", 0);
        FileInfo info = cur.resolved();
        if (info.exists() && info.isFile() && !force
                && (expected == null || expected.equals(curSum.checksum()))) {
            List<String> fix = attrs.commands(RemotePath.word(path), info, false, new LinkedHashMap<>(), new LinkedHashMap<>());
            if (fix.isEmpty()) return base.msg("file already exists");
            ExecResult er = target.apply(String.join(" && ", fix));
            if (er.ran() && !er.ok()) return Result.failed("get_url: can't set the attributes of " + path + " on "
                    + target.host() + ": " + er.stderr().strip());
            return base.changed(true).msg("file already exists but file attributes changed");
        }
        if (target.checkMode()) return base.changed(true).msg("would download " + url + " to " + path);

        if (tools == null) tools = target.fact(HttpClient.TOOLS);
        String tmpDir = args.str("tmp_dest");
        String tmp = tmpDir == null ? DestWriter.tempPath(path)
                : DestWriter.tempPath(tmpDir + (tmpDir.endsWith("/") ? "" : "/") + RemotePath.basename(path));
        String tw = RemotePath.word(tmp);
        HttpClient.Call call = HttpClient.build(req, tools, tw, false, target.host());
        long start = System.nanoTime();
        ExecResult dl = target.apply(call.script(), call.stdin());
        long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
        HttpClient.Response resp = HttpClient.parse(dl, req, tools);
        base.put("elapsed", elapsed);
        if (resp.status() != 200) {
            target.apply("rm -f " + tw);
            String why = resp.status() < 0 ? "Request failed: " + resp.error() : resp.message();
            return Result.failed(why + " (GET " + url + " from " + target.host() + ")").put("status_code", resp.status())
                    .put("url", url).put("dest", path).put("elapsed", elapsed);
        }

        String w = RemotePath.word(path);
        List<String> cmds = new ArrayList<>();
        cmds.add("__s=$(__sum sha1 " + tw + ") && [ -n \"$__s\" ] && echo \"pbsrc=$__s\" && echo \"pbsize=$(wc -c < " + tw + ")\"");
        if (expected != null)
            cmds.add("__c=$(__sum " + algorithm + " " + tw + ") && { [ \"$__c\" = " + expected
                    + " ] || { echo \"pbbad=$__c\"; false; }; }");
        List<String> install = DestWriter.install(tw, w, info.exists() ? info : FileInfo.absent(), null, args.bool("backup"), true);
        cmds.add("if [ -f " + w + " ] && [ \"$__s\" = \"$(__sum sha1 " + w + ")\" ]; then echo pbsame; else "
                + String.join(" && ", install) + " && echo pbmoved; fi");
        cmds.addAll(info.exists() ? attrs.commands(w, info, false, new LinkedHashMap<>(), new LinkedHashMap<>())
                : attrs.commandsForNew(List.of(w), false));
        ExecResult er = target.apply(DestWriter.script(cmds, List.of(tw), w));
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : er.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("pb") && eq > 0) kv.put(line.substring(0, eq), line.substring(eq + 1).strip());
            else if (line.equals("pbsame") || line.equals("pbmoved")) kv.put(line, "");
        }
        Result r = Result.ok().put("dest", path).put("url", url).put("checksum_src", kv.get("pbsrc"))
                .put("checksum_dest", info.exists() ? cur.checksum() : null).put("elapsed", elapsed)
                .put("status_code", resp.status()).msg(resp.message());
        if (kv.containsKey("pbbad"))
            return Result.failed("The checksum for " + path + " did not match " + expected + "; it was " + kv.get("pbbad")
                    + ". " + path + " on " + target.host() + " was left as it was.").put("dest", path).put("url", url)
                    .put("checksum_src", kv.get("pbsrc")).put("status_code", resp.status());
        if (!er.ok()) return Result.failed("get_url: can't put the download in place at " + path + " on " + target.host()
                + ": " + er.stderr().strip()).put("dest", path).put("url", url);
        if (kv.containsKey("pbsize")) r.put("size", Long.parseLong(kv.get("pbsize")));
        boolean attrsChanged = !attrs.commands(w, info.exists() ? info : FileInfo.absent(), false,
                new LinkedHashMap<>(), new LinkedHashMap<>()).isEmpty() && info.exists();
        r.changed(kv.containsKey("pbmoved") || attrsChanged);
        DestWriter.finish(er, r, "backup_file");
        r.put("dest", path);
        return r;
    }

    /** Ansible's url_filename: the last path segment, or index.html. */
    static String urlFilename(String url) {
        try {
            String p = new URI(url).getPath();
            String name = p == null ? "" : RemotePath.basename(p);
            return name.isEmpty() ? "index.html" : name;
        } catch (java.net.URISyntaxException e) {
            return "index.html";
        }
    }

    private static boolean isUrl(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    /** Downloads a checksum file and finds the line for {@code filename} (or its only word). */
    private static String fetchChecksum(Target target, HttpClient.Tools tools, HttpClient.Request like, String url,
                                        String filename) {
        String bad = HttpClient.checkUrl(url);
        if (bad != null) throw new ModuleException("get_url: checksum " + bad);
        HttpClient.Request req = new HttpClient.Request(url, "GET", like.headers(), null, like.user(), like.password(),
                like.validateCerts(), like.timeout(), "safe", like.forceBasicAuth(), null, null, null, null, List.of());
        HttpClient.Call call = HttpClient.build(req, tools, null, true, target.host());
        HttpClient.Response resp = HttpClient.parse(target.probe(call.script(), call.stdin()), req, tools);
        if (resp.status() != 200)
            throw new ModuleException("get_url: can't fetch the checksum file " + url + " on " + target.host() + ": " + resp.message());
        return checksumFor(resp.body() == null ? "" : resp.body(), filename, url);
    }

    /** Ansible's rule: a single word is the checksum; else the line "HEX  name" (or "HEX *name"). */
    static String checksumFor(String text, String filename, String url) {
        List<String> lines = text.lines().toList();
        if (lines.size() == 1 && lines.get(0).strip().split("\\s+").length == 1) return lines.get(0).strip();
        for (String line : lines) {
            String[] parts = line.split(" ", 2);
            if (parts.length != 2) continue;
            String name = parts[1];
            if (name.startsWith(" ") || name.startsWith("*")) name = name.substring(1);
            while (name.startsWith(".") || name.startsWith("/")) name = name.substring(1);
            if (name.equals(filename)) return parts[0];
        }
        throw new ModuleException("Unable to find a checksum for file '" + filename + "' in '" + url + "'");
    }
}
