package playbook.modules.net;

import playbook.engine.ModuleException;
import playbook.engine.api.ArgSpec;
import playbook.engine.api.ArgType;
import playbook.engine.api.Args;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Module;
import playbook.engine.api.Result;
import playbook.engine.api.Target;
import playbook.modules.common.Json;
import playbook.modules.common.RemotePath;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ansible.builtin.uri: one HTTP request from the host ({@link HttpClient}: curl, else wget).
 * The JSON body is built and the JSON response parsed on the controller; response headers come
 * back lower-cased with '-' as '_', as Ansible returns them. With {@code dest} the body is saved
 * beside dest and moved over it only when it differs ({@code cmp}). Like Ansible's uri it does
 * not support check mode.
 */
public final class UriModule implements Module {
    private static final ArgSpec SPEC = ArgSpec.builder()
            .arg("url", ArgType.STR).required()
            .doc("The http or https URL; the request is made from the host, not the controller.")
            .arg("method", ArgType.STR).defaultValue("GET")
            .doc("The HTTP method. BusyBox wget can only do GET and POST.")
            .arg("body", ArgType.RAW)
            .doc("The request body: text, or a dict/list with body_format json or form-urlencoded; with form-multipart a dict of fields, each a string or {filename: a file on the host} or {content: ..., filename: name}, with an optional mime_type.")
            .arg("body_format", ArgType.STR).defaultValue("raw").choices("raw", "json", "form-urlencoded", "form-multipart")
            .doc("json encodes body as JSON and sets Content-Type; form-urlencoded encodes a dict as a form; form-multipart sends a multipart/form-data upload (curl only).")
            .arg("headers", ArgType.DICT)
            .doc("Request headers.")
            .arg("status_code", ArgType.LIST).defaultValue(List.of(200))
            .doc("The statuses that count as success.")
            .arg("return_content", ArgType.BOOL).defaultValue(false)
            .doc("Return the body as content (a JSON body is always parsed into json).")
            .arg("dest", ArgType.PATH)
            .doc("Save the body to this file on the host; it is replaced only when the content differs.")
            .arg("url_username", ArgType.STR).aliases("user")
            .doc("User for HTTP basic auth.")
            .arg("url_password", ArgType.STR).aliases("password").noLog()
            .doc("Password for HTTP basic auth; never on a command line, never printed.")
            .arg("force_basic_auth", ArgType.BOOL).defaultValue(false)
            .doc("Send the credentials with the first request instead of after a 401.")
            .arg("validate_certs", ArgType.BOOL).defaultValue(true)
            .doc("Verify the server's TLS certificate.")
            .arg("timeout", ArgType.INT).defaultValue(30)
            .doc("Seconds the request may take.")
            .arg("follow_redirects", ArgType.STR).defaultValue("safe").choices("all", "no", "none", "safe", "urllib2", "yes")
            .doc("safe follows redirects of GET and HEAD only; all/yes follows every redirect; none/no follows none.")
            .arg("creates", ArgType.PATH)
            .doc("A path on the host; when it exists the request is not made.")
            .arg("removes", ArgType.PATH)
            .doc("A path on the host; when it does not exist the request is not made.")
            .arg("src", ArgType.PATH)
            .doc("Send this file as the body: a file on the controller (looked up in files/), or on the host with remote_src.")
            .arg("remote_src", ArgType.BOOL).defaultValue(false)
            .doc("src is a path on the host, not on the controller.")
            .arg("client_cert", ArgType.PATH)
            .doc("A PEM client certificate on the host, for servers that ask for TLS client authentication.")
            .arg("client_key", ArgType.PATH)
            .doc("The PEM private key of client_cert, on the host (a path: the key itself never travels on a command line).")
            .arg("ca_path", ArgType.PATH)
            .doc("A PEM CA bundle on the host to verify the server with, instead of the system's.")
            .mutuallyExclusive("body", "src")
            .summary("Make an HTTP request from the host (health checks, REST APIs)")
            .description("Sends one request from the host with curl (or wget when curl is missing). A JSON body is built and a JSON response parsed on the controller; response headers come back lower-cased with - turned into _, as Ansible returns them.")
            .notes("Reports ok, unless dest was written. Skipped in check mode, as Ansible's uri does not support it.",
                    "The host needs curl, GNU wget or BusyBox wget; BusyBox wget cannot send credentials or an Authorization header, change the method beyond GET/POST, or return an error response's body. form-multipart needs curl; client certificates need curl or GNU wget. What a host's tool cannot do fails naming the host and the capability, before anything is sent.")
            .returns("status", "The HTTP status code.")
            .returns("json", "The parsed body, when it is JSON.")
            .returns("content", "The body, with return_content.")
            .returns("url", "The final URL after redirects.")
            .returns("redirected", "Whether a redirect was followed.")
            .returns("elapsed", "Seconds the request took.")
            .example("""
                - name: Grafana is healthy after the restore
                  uri:
                    url: http://127.0.0.1:3000/api/health
                    return_content: true
                  register: health
                  until: health.status == 200 and health.json.database == 'ok'
                  retries: 30
                  delay: 2
                """)
            .build();

    @Override public String name() { return "uri"; }

    @Override public ArgSpec spec() { return SPEC; }

    @Override
    public Result run(Args args, Target target) {
        String url = args.str("url");
        String bad = HttpClient.checkUrl(url);
        if (bad != null) throw new ModuleException("uri: " + bad);
        String method = args.str("method").toUpperCase(Locale.ROOT);
        if (!method.matches("[A-Z]+"))
            throw new ModuleException("Parameter 'method' needs to be a single word in uppercase, like GET or POST.");
        List<Integer> codes = statusCodes(args);
        Map<String, String> headers = new LinkedHashMap<>();
        args.map("headers").forEach((k, v) -> headers.put(k, v == null ? "" : String.valueOf(v)));
        boolean multipart = args.str("body_format").equals("form-multipart");
        List<HttpClient.Part> parts = multipart && args.has("body") ? parts(args.get("body"), headers) : List.of();
        String body = multipart ? null : body(args, headers);

        if (args.has("creates") && exists(target, args.str("creates")))
            return Result.ok().put("stdout", "skipped, since '" + args.str("creates") + "' exists");
        if (args.has("removes") && !exists(target, args.str("removes")))
            return Result.ok().put("stdout", "skipped, since '" + args.str("removes") + "' does not exist");
        if (target.checkMode()) return Result.skipped("remote module (uri) does not support check mode");

        String src = args.str("src");
        String srcDir = null;
        java.nio.file.Path local = null;
        if (src != null && !args.bool("remote_src")) {
            local = target.findFile("files", src);
            if (local == null || !java.nio.file.Files.isRegularFile(local))
                return Result.failed("Could not find or access '" + src + "' on the Ansible Controller.\n"
                        + "If you are using a module and expect the file to exist on the remote, see the remote_src option");
            ExecResult mk = target.probe("mktemp -d \"${TMPDIR:-/tmp}/.playbook-uri-XXXXXXXX\"");
            if (!mk.ok() || mk.stdout().isBlank())
                return Result.failed("uri: can't make a temp dir for src on " + target.host() + ": " + mk.stderr().strip());
            srcDir = mk.stdout().strip();
            src = srcDir + "/body";
        }
        try {
            if (srcDir != null) target.put(local, src);
            return request(args, target, new HttpClient.Request(url, method, headers, body, args.str("url_username"),
                    args.str("url_password"), args.bool("validate_certs"), args.integer("timeout"), args.str("follow_redirects"),
                    args.bool("force_basic_auth"), args.str("client_cert"), args.str("client_key"), args.str("ca_path"), src, parts),
                    codes);
        } finally {
            if (srcDir != null) target.probe("rm -rf " + RemotePath.word(srcDir));
        }
    }

    private Result request(Args args, Target target, HttpClient.Request req, List<Integer> codes) {
        String url = req.url();
        String method = req.method();
        HttpClient.Tools tools = target.fact(HttpClient.TOOLS);
        String dest = args.str("dest");
        String tmpWord = dest == null ? null : RemotePath.word(RemotePath.dirname(dest) + "/." + RemotePath.basename(dest)
                + ".pbtmp" + java.util.HexFormat.of().formatHex(randomBytes()));
        HttpClient.Call call = HttpClient.build(req, tools, tmpWord, true, target.host());
        long start = System.nanoTime();
        ExecResult er = dest == null ? target.probe(call.script(), call.stdin()) : target.apply(call.script(), call.stdin());
        long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
        HttpClient.Response resp = HttpClient.parse(er, req, tools);

        Result r = Result.ok();
        r.put("redirected", resp.redirected()).put("url", resp.url()).put("status", resp.status())
                .put("elapsed", elapsed).put("msg", resp.message());
        resp.headers().forEach(r::put);
        r.put("cookies", resp.cookies()).put("cookies_string", String.join("; ",
                resp.cookies().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        if (resp.status() < 0) r.put("content_type", "application/octet-stream");
        String content = resp.body() == null ? "" : resp.body();
        String ct = resp.headers().getOrDefault("content_type", "");
        if (isJson(ct)) {
            try {
                List<Object> all = JsonReader.readAll(content);
                if (all.size() == 1) r.put("json", all.get(0));
            } catch (IllegalArgumentException e) {
                // not JSON after all: Ansible leaves json out too
            }
        }
        boolean ok = codes.contains(resp.status());
        if (dest != null && ok && resp.status() != 304 && resp.status() > 0) {
            r.put("path", dest);
            ExecResult mv = target.apply(install(dest, tmpWord));
            if (!mv.ran()) r.changed(true);
            else if (!mv.ok()) return r.fail("uri: can't write " + dest + " on " + target.host() + ": " + mv.stderr().strip());
            else r.changed(mv.stdout().contains("changed"));
        } else if (dest != null) {
            target.apply("rm -f " + tmpWord);
        }
        if (args.bool("return_content")) r.put("content", content);
        List<String> secrets = secrets(req);
        if (!ok) {
            r.fail("Status code was " + resp.status() + " and not " + codes + ": " + resp.message()
                    + " (" + method + " " + url + " from " + target.host() + ")");
        }
        return masked(r, secrets);
    }

    /** The password and Authorization values of a request: never returned, as Ansible's no_log values. */
    static List<String> secrets(HttpClient.Request req) {
        List<String> out = new ArrayList<>();
        if (req.password() != null && !req.password().isEmpty()) out.add(req.password());
        req.headers().forEach((k, v) -> {
            if ((k.equalsIgnoreCase("Authorization") || k.equalsIgnoreCase("Proxy-Authorization")) && !v.isEmpty()) out.add(v);
        });
        return out;
    }

    /** Replaces every secret in the result's values and msg with Ansible's mask. */
    static Result masked(Result r, List<String> secrets) {
        if (secrets.isEmpty()) return r;
        r.values().replaceAll((k, v) -> mask(v, secrets));
        if (r.msg() != null) r.msg((String) mask(r.msg(), secrets));
        return r;
    }

    private static Object mask(Object v, List<String> secrets) {
        if (v instanceof String s) {
            for (String secret : secrets) s = s.replace(secret, "********");
            return s;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, mask(x, secrets)));
            return out;
        }
        if (v instanceof List<?> l) return l.stream().map(x -> mask(x, secrets)).toList();
        return v;
    }

    static List<Integer> statusCodes(Args args) {
        List<Integer> out = new ArrayList<>();
        for (Object o : args.list("status_code")) {
            try {
                out.add(Integer.parseInt(String.valueOf(o).strip()));
            } catch (NumberFormatException e) {
                throw new ModuleException("uri: status_code must be integers, got: " + o);
            }
        }
        return out;
    }

    /** The request body as text, per body_format; sets the Content-Type header Ansible sets. */
    static String body(Args args, Map<String, String> headers) {
        if (!args.has("body")) return null;
        Object b = args.get("body");
        String format = args.str("body_format");
        boolean hasType = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Content-Type"));
        switch (format) {
            case "json" -> {
                if (!hasType) headers.put("Content-Type", "application/json");
                return b instanceof String s ? s : Json.dumps(b);
            }
            case "form-urlencoded" -> {
                if (!hasType) headers.put("Content-Type", "application/x-www-form-urlencoded");
                if (b instanceof String s) return s;
                if (!(b instanceof Map<?, ?> || b instanceof List<?>))
                    throw new ModuleException("failed to parse body as form_urlencoded: not a dict or list of pairs");
                return formUrlencoded(b);
            }
            default -> {
                return b instanceof String s ? s : Json.dumps(b);
            }
        }
    }

    /**
     * form-multipart: a dict whose values are text fields (strings) or dicts with {@code filename} (a file on
     * the host), {@code content} and {@code mime_type}, as Ansible's prepare_multipart takes them. curl builds
     * the body and sets Content-Type with its boundary, so a Content-Type header given is dropped (Ansible
     * replaces it too).
     */
    static List<HttpClient.Part> parts(Object body, Map<String, String> headers) {
        if (!(body instanceof Map<?, ?> m))
            throw new ModuleException("failed to parse body as form-multipart: body must be a dict, got "
                    + (body instanceof List<?> ? "a list" : "'" + body + "'"));
        headers.keySet().removeIf(h -> h.equalsIgnoreCase("Content-Type"));
        List<HttpClient.Part> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (name.isEmpty() || name.contains("=") || name.chars().anyMatch(c -> c == '\n' || c == '\r' || c == '"'))
                throw new ModuleException("failed to parse body as form-multipart: field name '" + name
                        + "' is empty or has '=', '\"' or a line break, which curl's form syntax cannot carry");
            Object v = e.getValue();
            if (v instanceof String str) {
                out.add(new HttpClient.Part(name, str, null, null, null));
            } else if (v instanceof Map<?, ?> f) {
                Object filename = f.get("filename"), content = f.get("content"), mime = f.get("mime_type");
                if (filename == null && content == null)
                    throw new ModuleException("failed to parse body as form-multipart: " + name
                            + ": at least one of filename or content must be provided");
                String fn = filename == null ? null : String.valueOf(filename);
                String type = mime != null ? String.valueOf(mime) : guessType(fn);
                if (!type.matches("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+"))
                    throw new ModuleException("failed to parse body as form-multipart: " + name + ": mime_type '" + type
                            + "' is not a type/subtype");
                if (content != null) {
                    String base = fn == null ? name : fn.substring(fn.lastIndexOf('/') + 1);
                    out.add(new HttpClient.Part(name, String.valueOf(content), null, base, type));
                } else {
                    out.add(new HttpClient.Part(name, null, fn, null, type));
                }
            } else {
                throw new ModuleException("failed to parse body as form-multipart: value must be a string, or mapping, cannot be "
                        + (v == null ? "null" : v.getClass().getSimpleName()) + " (field " + name + ")");
            }
        }
        return out;
    }

    /** The MIME type for a file name (the JDK's table, like Python's mimetypes), else application/octet-stream. */
    private static String guessType(String filename) {
        String t = filename == null ? null : java.net.URLConnection.guessContentTypeFromName(filename);
        return t == null ? "application/octet-stream" : t;
    }

    private static String formUrlencoded(Object b) {
        List<String> parts = new ArrayList<>();
        if (b instanceof Map<?, ?> m) {
            m.forEach((k, v) -> addPair(parts, k, v));
        } else {
            for (Object o : (List<?>) b) {
                if (o instanceof List<?> pair && pair.size() == 2) addPair(parts, pair.get(0), pair.get(1));
                else throw new ModuleException("failed to parse body as form_urlencoded: " + o + " is not a pair");
            }
        }
        return String.join("&", parts);
    }

    private static void addPair(List<String> parts, Object k, Object v) {
        if (v instanceof List<?> l) {
            for (Object x : l) addPair(parts, k, x);
            return;
        }
        parts.add(URLEncoder.encode(String.valueOf(k), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v == null ? "" : playbook.engine.api.Conversions.toStr(v), StandardCharsets.UTF_8));
    }

    private static boolean isJson(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        if (semi >= 0) t = t.substring(0, semi);
        t = t.strip();
        int slash = t.indexOf('/');
        if (slash < 0) return false;
        String sub = t.substring(slash + 1);
        int plus = sub.indexOf('+');
        if (plus >= 0) sub = sub.substring(plus + 1);
        return sub.equals("json") || sub.equals("javascript") || sub.equals("x-json");
    }

    /** Moves the downloaded temp file over dest unless it is identical; prints "changed" when it moved. */
    private static String install(String dest, String tmpWord) {
        String d = RemotePath.word(dest);
        return "if [ -f " + d + " ] && cmp -s " + tmpWord + " " + d + "; then rm -f " + tmpWord
                + "; else mv -f " + tmpWord + " " + d + " && echo changed; fi";
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        new java.security.SecureRandom().nextBytes(b);
        return b;
    }

    private static boolean exists(Target target, String path) {
        String w = RemotePath.word(path);
        return target.probe("[ -e " + w + " ] || [ -L " + w + " ]").rc() == 0;
    }
}
