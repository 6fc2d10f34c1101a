package playbook.modules.net;

import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Fact;
import playbook.engine.api.Shell;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request made on the host by {@code curl} when it is there, else by {@code wget}
 * (GNU or BusyBox). The request becomes one POSIX sh script that saves the body to a file and
 * prints the tool's exit code, the response headers and the tool's errors between markers;
 * {@link #parse} turns that into a {@link Response}. With curl every option, the URL and the
 * credentials included, goes through its stdin ({@code -K -}), so nothing of the request is on a
 * command line. GNU wget gets headers and credentials in a wgetrc written from stdin into a private
 * (0700) temp dir. BusyBox wget has no such channel: a request with a user, password or an
 * Authorization header is refused there, and it also cannot use methods other than GET and POST,
 * turn off redirects, or return the body of an error response.
 */
final class HttpClient {
    /** Which client the host has. */
    enum Tool { CURL, WGET, BUSYBOX_WGET, NONE }

    /** The client, and whether a {@code timeout} command exists (BusyBox wget's own -T crashes in 1.35). */
    record Tools(Tool tool, boolean hasTimeout) {}

    static final Fact<Tools> TOOLS = new Fact<>("http_client", String.join("\n",
            "if command -v curl >/dev/null 2>&1; then echo curl",
            "elif command -v wget >/dev/null 2>&1; then",
            "  if wget --help 2>&1 | grep -q BusyBox; then echo busybox_wget; else echo wget; fi",
            "else echo none; fi",
            "command -v timeout >/dev/null 2>&1 && echo timeout",
            "exit 0"), HttpClient::parseTools);

    static final String RC = "__pb_rc=";
    static final String WRITE_OUT = "__pb_w";
    static final String HEADERS = "__pb_hdr";
    static final String ERRORS = "__pb_err";
    static final String BODY = "__pb_body";

    /**
     * What to ask. {@code body} may be null; {@code follow} is Ansible's follow_redirects. {@code bodyFile} is
     * a file on the host sent as the body; {@code parts} a multipart/form-data body (curl only). The client
     * certificate, key and CA file are paths on the host.
     */
    record Request(String url, String method, Map<String, String> headers, String body, String user, String password,
                   boolean validateCerts, long timeout, String follow, boolean forceBasicAuth, String clientCert,
                   String clientKey, String caPath, String bodyFile, List<Part> parts) {
        Request(String url, String method, Map<String, String> headers, String body, String user, String password,
                boolean validateCerts, long timeout, String follow) {
            this(url, method, headers, body, user, password, validateCerts, timeout, follow, false, null, null, null, null, List.of());
        }

        boolean hasSecret() {
            return password != null && !password.isEmpty()
                    || headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Authorization") || h.equalsIgnoreCase("Proxy-Authorization"));
        }

        boolean follows() {
            return switch (follow) {
                case "all", "yes" -> true;
                case "safe", "urllib2" -> method.equals("GET") || method.equals("HEAD");
                default -> false;
            };
        }
    }

    /**
     * One part of a multipart/form-data body: a text field ({@code file} and {@code filename} null), a file
     * on the host ({@code file}), or inline {@code content} sent as a file named {@code filename}.
     */
    record Part(String name, String content, String file, String filename, String mimeType) {}

    /** The script and its stdin. */
    record Call(String script, byte[] stdin) {}

    /** What came back; status is -1 when no response arrived ({@code error} says why). */
    record Response(int status, String reason, String url, boolean redirected, Map<String, String> headers,
                    Map<String, String> cookies, String error, String body) {
        /** Ansible's {@code msg} for a response: "OK (N bytes)" or "HTTP Error 503: Service Unavailable". */
        String message() {
            if (status < 0) return "Request failed: " + error;
            if (status >= 400) return "HTTP Error " + status + ": " + reason;
            return "OK (" + headers.getOrDefault("content_length", "unknown") + " bytes)";
        }
    }

    private HttpClient() {}

    static Tools parseTools(ExecResult er) {
        Tool t = Tool.NONE;
        boolean timeout = false;
        for (String line : er.stdout().split("\n")) {
            switch (line.strip()) {
                case "curl" -> t = Tool.CURL;
                case "wget" -> t = Tool.WGET;
                case "busybox_wget" -> t = Tool.BUSYBOX_WGET;
                case "timeout" -> timeout = true;
                default -> { }
            }
        }
        return new Tools(t, timeout);
    }

    /**
     * Checks a URL before anything runs: one line, http or https. Returns an error message or
     * null when it is fine.
     */
    static String checkUrl(String url) {
        if (url == null || url.isBlank()) return "url is empty";
        for (int i = 0; i < url.length(); i++)
            if (url.charAt(i) < 0x20 || url.charAt(i) == 0x7f)
                return "url contains a control character (newline?): " + url.replace("\n", "\\n").replace("\r", "\\r");
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://"))
            return "url must start with http:// or https://, got: " + url;
        try {
            URI u = new URI(url);
            if (u.getHost() == null) return "url has no host: " + url;
        } catch (java.net.URISyntaxException e) {
            return "url is not valid: " + e.getMessage();
        }
        return null;
    }

    /**
     * The script for {@code req} with {@code tools}; the body goes to {@code outWord} (a shell word,
     * or null for a private temp file) and is printed after the metadata when {@code printBody}.
     * Throws a ModuleException when the host's client cannot make this request safely.
     */
    static Call build(Request req, Tools tools, String outWord, boolean printBody, String host) {
        for (Map.Entry<String, String> h : req.headers().entrySet())
            if (h.getKey().isBlank() || (h.getKey() + h.getValue()).chars().anyMatch(c -> c == '\n' || c == '\r'))
                throw new ModuleException("header " + h.getKey() + " has a line break or an empty name; refused");
        String out = outWord != null ? outWord : "\"$__d/b\"";
        StringBuilder s = new StringBuilder("__d=$(mktemp -d \"${TMPDIR:-/tmp}/.playbook-http-XXXXXXXX\") || exit 97\n");
        byte[] stdin;
        switch (tools.tool()) {
            case CURL -> {
                s.append("curl -sS -K - -o ").append(out).append(" -D \"$__d/h\" -w '%{http_code} %{num_redirects} %{url_effective}\\n'")
                        .append(" >\"$__d/w\" 2>\"$__d/e\"; __rc=$?\n");
                stdin = curlConfig(req).getBytes(StandardCharsets.UTF_8);
            }
            case WGET, BUSYBOX_WGET -> {
                boolean busybox = tools.tool() == Tool.BUSYBOX_WGET;
                String name = busybox ? "BusyBox wget" : "wget";
                if (busybox && req.hasSecret())
                    throw new ModuleException(host + " has no curl, and " + name + " can only take a password or an"
                            + " Authorization header on its command line, where any user can read it (ps); install curl on " + host);
                // GNU wget reads credentials and headers from a wgetrc: written from stdin into the private dir
                boolean rc = !busybox && (req.hasSecret() || req.user() != null);
                if (!req.parts().isEmpty())
                    throw new ModuleException(name + " on " + host + " cannot send a multipart/form-data body"
                            + " (body_format: form-multipart); install curl on " + host);
                if (busybox && (req.clientCert() != null || req.clientKey() != null))
                    throw new ModuleException("BusyBox wget on " + host + " cannot present a client certificate"
                            + " (client_cert, client_key); install curl on " + host);
                if (busybox && req.caPath() != null)
                    throw new ModuleException("BusyBox wget on " + host + " cannot verify the server against a CA file"
                            + " (ca_path); install curl on " + host);
                if (rc && req.body() != null)
                    throw new ModuleException("wget on " + host + " cannot send a body together with a password or an"
                            + " Authorization header without putting one of them on its command line; install curl on " + host);
                if (busybox && req.user() != null)
                    throw new ModuleException("BusyBox wget on " + host + " can only take a user name inside the URL, on its"
                            + " command line; url_username needs curl on " + host);
                if (busybox && !req.method().equals("GET") && !req.method().equals("POST"))
                    throw new ModuleException("BusyBox wget on " + host + " can only send GET and POST, not " + req.method()
                            + "; install curl on " + host);
                // BusyBox wget always follows; with "safe" a POST's redirect is followed too (Ansible would stop)
                if (busybox && (req.follow().equals("none") || req.follow().equals("no")))
                    throw new ModuleException("BusyBox wget on " + host + " always follows redirects; follow_redirects="
                            + req.follow() + " needs curl on " + host);
                if ((req.body() != null || req.bodyFile() != null) && !req.method().equals("POST") && busybox)
                    throw new ModuleException("BusyBox wget on " + host + " can only send a body with POST");
                StringBuilder cmd = new StringBuilder();
                if (req.body() != null) s.append("cat > \"$__d/in\" || exit 97\n");
                if (rc) s.append("(umask 077 && cat > \"$__d/rc\") || exit 97\n");
                if (busybox && req.timeout() > 0 && tools.hasTimeout()) cmd.append("timeout ").append(req.timeout()).append(' ');
                cmd.append("wget -S -O ").append(out);
                if (!busybox) {
                    if (rc) cmd.append(" --config=\"$__d/rc\"");
                    cmd.append(" -q --tries=1 --content-on-error");
                    if (req.timeout() > 0) cmd.append(" --timeout=").append(req.timeout());
                    if (!req.follows()) cmd.append(" --max-redirect=0");
                    if (!req.method().equals("GET") && !req.method().equals("POST"))
                        cmd.append(" --method=").append(Shell.quote(req.method()));
                    if (req.body() != null) cmd.append(req.method().equals("POST") ? " --post-file=\"$__d/in\"" : " --body-file=\"$__d/in\"");
                    if (req.bodyFile() != null)
                        cmd.append(req.method().equals("POST") ? " --post-file=" : " --body-file=").append(Shell.quote(req.bodyFile()));
                    if (req.clientCert() != null) cmd.append(" --certificate=").append(Shell.quote(req.clientCert()));
                    if (req.clientKey() != null) cmd.append(" --private-key=").append(Shell.quote(req.clientKey()));
                    if (req.caPath() != null) cmd.append(" --ca-certificate=").append(Shell.quote(req.caPath()));
                } else if (req.body() != null) {
                    cmd.append(" --post-file \"$__d/in\"");
                } else if (req.bodyFile() != null) {
                    cmd.append(" --post-file ").append(Shell.quote(req.bodyFile()));
                }
                if (!req.validateCerts()) cmd.append(" --no-check-certificate");
                if (!rc)
                    for (Map.Entry<String, String> h : req.headers().entrySet())
                        cmd.append(" --header ").append(Shell.quote(h.getKey() + ": " + h.getValue()));
                cmd.append(' ').append(Shell.quote(req.url()));
                // BusyBox timeout leaves a watcher process holding the fds for up to a second: keep it off the channel
                s.append(cmd).append(" </dev/null >/dev/null 2>\"$__d/h\"; __rc=$?\n");
                stdin = rc ? wgetrc(req, host).getBytes(StandardCharsets.UTF_8)
                        : req.body() == null ? null : req.body().getBytes(StandardCharsets.UTF_8);
            }
            default -> throw new ModuleException(host + " has neither curl nor wget on its PATH; install curl");
        }
        s.append("echo \"" + RC + "$__rc\"\n")
                .append("echo " + WRITE_OUT + "; cat \"$__d/w\" 2>/dev/null\n")
                .append("echo " + HEADERS + "; cat \"$__d/h\" 2>/dev/null\n")
                .append("echo " + ERRORS + "; cat \"$__d/e\" 2>/dev/null\n");
        if (printBody) s.append("echo " + BODY + "; cat ").append(out).append(" 2>/dev/null\n");
        s.append("rm -rf \"$__d\"\nexit 0\n");
        return new Call(s.toString(), stdin);
    }

    /**
     * GNU wget's startup file with the headers and credentials; a wgetrc value is the rest of its
     * line with the blanks around it trimmed, so values with line breaks or outer blanks are refused.
     */
    static String wgetrc(Request req, String host) {
        StringBuilder c = new StringBuilder();
        for (Map.Entry<String, String> h : req.headers().entrySet()) c.append("header = ").append(rcValue(h.getKey() + ": " + h.getValue(), host)).append('\n');
        if (req.user() != null) c.append("user = ").append(rcValue(req.user(), host)).append('\n');
        if (req.user() != null && req.forceBasicAuth()) c.append("auth_no_challenge = on\n");
        if (req.password() != null) c.append("password = ").append(rcValue(req.password(), host)).append('\n');
        return c.toString();
    }

    private static String rcValue(String v, String host) {
        if (v.chars().anyMatch(ch -> ch == '\n' || ch == '\r') || !v.equals(v.strip()))
            throw new ModuleException("wget on " + host + " cannot take a user, password or header with a line break or"
                    + " leading/trailing blanks; install curl on " + host);
        return v;
    }

    /** curl's config file (read from stdin): every option, URL and credentials included. */
    static String curlConfig(Request req) {
        StringBuilder c = new StringBuilder();
        opt(c, "url", req.url());
        if (req.method().equals("HEAD")) c.append("head\n");
        else opt(c, "request", req.method());
        for (Map.Entry<String, String> h : req.headers().entrySet()) opt(c, "header", h.getKey() + ": " + h.getValue());
        if (req.body() != null) opt(c, "data-raw", req.body());
        if (req.bodyFile() != null) opt(c, "data-binary", "@" + req.bodyFile());
        for (Part p : req.parts()) {
            if (p.file() == null && p.filename() == null) {
                opt(c, "form-string", p.name() + "=" + p.content());
                continue;
            }
            StringBuilder f = new StringBuilder(p.name()).append('=');
            if (p.file() != null) f.append('@').append(formQuoted(p.file()));
            else f.append(formQuoted(p.content()));
            String fn = p.filename() != null ? p.filename() : p.file().substring(p.file().lastIndexOf('/') + 1);
            f.append(";filename=").append(formQuoted(fn));
            if (p.mimeType() != null) f.append(";type=").append(p.mimeType());
            opt(c, "form", f.toString());
        }
        if (req.user() != null) {
            opt(c, "user", req.user() + ":" + (req.password() == null ? "" : req.password()));
            // without force_basic_auth, wait for the server's challenge (as Ansible's urllib handlers do)
            c.append(req.forceBasicAuth() ? "basic\n" : "anyauth\n");
        }
        if (req.clientCert() != null) opt(c, "cert", req.clientCert());
        if (req.clientKey() != null) opt(c, "key", req.clientKey());
        if (req.caPath() != null) opt(c, "cacert", req.caPath());
        if (!req.validateCerts()) c.append("insecure\n");
        if (req.timeout() > 0) opt(c, "max-time", String.valueOf(req.timeout()));
        if (req.follows()) c.append("location\n").append("max-redirs = 50\n");
        return c.toString();
    }

    /** A value in curl's -F syntax: double-quoted, with {@code "} and {@code \\} escaped. */
    private static String formQuoted(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void opt(StringBuilder c, String name, String value) {
        c.append(name).append(" = \"");
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '\\' -> c.append("\\\\");
                case '"' -> c.append("\\\"");
                case '\n' -> c.append("\\n");
                case '\r' -> c.append("\\r");
                case '\t' -> c.append("\\t");
                default -> c.append(ch);
            }
        }
        c.append("\"\n");
    }

    /** Parses the script's output. */
    static Response parse(ExecResult er, Request req, Tools tools) {
        String out = er.stdout();
        String rcText = section(out, RC, WRITE_OUT);
        if (rcText == null)
            return new Response(-1, "", req.url(), false, Map.of(), Map.of(), "the request could not start (rc=" + er.rc() + "): "
                    + er.stderr().strip(), null);
        int toolRc = parseInt(rcText.strip(), -1);
        String writeOut = section(out, WRITE_OUT + "\n", HEADERS);
        String headerText = section(out, HEADERS + "\n", ERRORS);
        String errors = section(out, ERRORS + "\n", BODY);
        int b = out.indexOf("\n" + BODY + "\n");
        String body = b < 0 ? null : out.substring(b + BODY.length() + 2);
        boolean wget = tools.tool() != Tool.CURL;

        int status = -1;
        String reason = "";
        int hops = 0;
        String url = req.url();
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> cookies = new LinkedHashMap<>();
        StringBuilder wgetErrors = new StringBuilder();
        for (String raw : (headerText == null ? "" : headerText).split("\n")) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (wget) {
                if (!line.startsWith("  ")) {
                    if (!line.isBlank() && !line.startsWith("Connecting to") && !line.startsWith("saving to")
                            && !line.contains("ETA") && !line.endsWith("saved")) wgetErrors.append(line.strip()).append('\n');
                    continue;
                }
                line = line.substring(2);
            }
            if (line.startsWith("HTTP/")) {
                if (status >= 300 && status < 400 && headers.containsKey("location")) url = resolve(url, headers.get("location"));
                String[] p = line.split(" ", 3);
                status = p.length > 1 ? parseInt(p[1], -1) : -1;
                reason = p.length > 2 ? p[2] : "";
                headers = new LinkedHashMap<>();
                hops++;
            } else if (line.indexOf(':') > 0 && status >= 0) {
                int colon = line.indexOf(':');
                String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT).replace('-', '_');
                String value = line.substring(colon + 1).strip();
                headers.merge(key, value, (a, x) -> a + ", " + x);
                if (key.equals("set_cookie")) {
                    String pair = value.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    if (eq > 0) cookies.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
            }
        }
        // curl: 1xx interim responses come before the real one
        if (!wget && writeOut != null) {
            String[] w = writeOut.strip().split(" ", 3);
            if (w.length == 3) {
                int code = parseInt(w[0], 0);
                if (code > 0) status = code;
                hops = parseInt(w[1], 0) + 1;
                url = w[2];
            }
        }
        if (headers.containsKey("location")) headers.put("location", resolve(url, headers.get("location")));
        String error = wget ? wgetErrors.toString().strip() : (errors == null ? "" : errors.strip());
        if (status <= 0) {
            status = -1;
            if (error.isEmpty()) error = "the HTTP client exited with " + toolRc;
        }
        return new Response(status, reason, url, hops > 1 || !url.equals(req.url()), headers, cookies, error, body);
    }

    private static String section(String out, String start, String end) {
        int s = out.indexOf(start);
        if (s < 0) return null;
        s += start.length();
        int e = out.indexOf("\n" + end, s - 1);
        return e < 0 ? out.substring(s) : out.substring(s, Math.max(s, e + 1));
    }

    private static String resolve(String base, String location) {
        try {
            return new URI(base).resolve(location).toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            return location;
        }
    }

    private static int parseInt(String s, int dflt) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
