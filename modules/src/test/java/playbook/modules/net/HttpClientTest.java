package playbook.modules.net;

import org.junit.jupiter.api.Test;
import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The request script and the parsing of recorded curl, GNU wget and BusyBox wget output. */
class HttpClientTest {
    static final HttpClient.Tools CURL = new HttpClient.Tools(HttpClient.Tool.CURL, true);
    static final HttpClient.Tools WGET = new HttpClient.Tools(HttpClient.Tool.WGET, true);
    static final HttpClient.Tools BUSYBOX = new HttpClient.Tools(HttpClient.Tool.BUSYBOX_WGET, true);

    static HttpClient.Request get(String url, Map<String, String> headers, String user, String password) {
        return new HttpClient.Request(url, "GET", headers, null, user, password, true, 30, "safe");
    }

    @Test void toolsFactParsesEveryClient() {
        assertEquals(CURL, HttpClient.parseTools(new ExecResult(0, "curl\ntimeout\n", "")));
        assertEquals(new HttpClient.Tools(HttpClient.Tool.BUSYBOX_WGET, false), HttpClient.parseTools(new ExecResult(0, "busybox_wget\n", "")));
        assertEquals(HttpClient.Tool.NONE, HttpClient.parseTools(new ExecResult(0, "none\n", "")).tool());
    }

    @Test void curlGetsEverySecretThroughStdinOnly() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", "Bearer tok-123");
        HttpClient.Call c = HttpClient.build(get("http://h/x?a=\"b\"", h, "admin", "pa\"ss\\word"), CURL, null, true, "pi");
        assertFalse(c.script().contains("tok-123") || c.script().contains("pa\"ss") || c.script().contains("http://h/x"), c.script());
        String cfg = new String(c.stdin(), StandardCharsets.UTF_8);
        assertTrue(cfg.contains("url = \"http://h/x?a=\\\"b\\\"\"\n"), cfg);
        assertTrue(cfg.contains("header = \"Authorization: Bearer tok-123\"\n"), cfg);
        assertTrue(cfg.contains("user = \"admin:pa\\\"ss\\\\word\"\n"), cfg);
        assertTrue(cfg.contains("location\n"), cfg);
    }

    @Test void wgetRefusesSecretsAndBusyBoxItsMissingFeatures() {
        Map<String, String> auth = Map.of("authorization", "Basic xyz-secret");
        ModuleException e = assertThrows(ModuleException.class, () -> HttpClient.build(get("http://h/", auth, null, null), BUSYBOX, null, true, "pi"));
        assertTrue(e.getMessage().contains("install curl on pi"), e.getMessage());
        HttpClient.Call gnu = HttpClient.build(get("http://h/", auth, "admin", "pw-123"), WGET, null, true, "pi");
        assertFalse(gnu.script().contains("xyz-secret") || gnu.script().contains("pw-123") || gnu.script().contains("admin"), gnu.script());
        assertTrue(gnu.script().contains("--config=\"$__d/rc\""), gnu.script());
        assertEquals("header = authorization: Basic xyz-secret\nuser = admin\npassword = pw-123\n", new String(gnu.stdin(), StandardCharsets.UTF_8));
        assertThrows(ModuleException.class, () -> HttpClient.build(get("http://h/", Map.of(), "admin", " pw"), WGET, null, true, "pi"));
        assertThrows(ModuleException.class, () -> HttpClient.build(get("http://h/", Map.of(), "u", "p"), BUSYBOX, null, true, "pi"));
        HttpClient.Request put = new HttpClient.Request("http://h/", "PUT", Map.of(), "b", null, null, true, 5, "safe");
        assertTrue(assertThrows(ModuleException.class, () -> HttpClient.build(put, BUSYBOX, null, true, "pi")).getMessage()
                .contains("only send GET and POST"));
        assertTrue(HttpClient.build(put, WGET, null, true, "pi").script().contains("--method=PUT --body-file="));
        HttpClient.Request none = new HttpClient.Request("http://h/", "GET", Map.of(), null, null, null, true, 5, "none");
        assertThrows(ModuleException.class, () -> HttpClient.build(none, BUSYBOX, null, true, "pi"));
        assertTrue(HttpClient.build(none, WGET, null, true, "pi").script().contains("--max-redirect=0"));
        assertTrue(assertThrows(ModuleException.class, () -> HttpClient.build(get("http://h/", Map.of(), null, null),
                new HttpClient.Tools(HttpClient.Tool.NONE, false), null, true, "pi")).getMessage().contains("neither curl nor wget"));
    }

    @Test void busyBoxTimeoutUsesTheTimeoutAppletNotItsCrashingDashT() {
        String s = HttpClient.build(get("http://h/", Map.of(), null, null), BUSYBOX, null, true, "pi").script();
        assertTrue(s.contains("timeout 30 wget -S -O"), s);
        assertFalse(s.contains(" -T"), s);
    }

    @Test void headerLineBreaksAreRefused() {
        assertThrows(ModuleException.class, () -> HttpClient.build(get("http://h/", Map.of("X", "a\r\nEvil: 1"), null, null), CURL, null, true, "pi"));
    }

    @Test void urlsAreCheckedBeforeAnythingRuns() {
        assertNull(HttpClient.checkUrl("https://example.org/a?b=c"));
        assertTrue(HttpClient.checkUrl("http://h/a\nb").contains("control character"));
        assertTrue(HttpClient.checkUrl("file:///etc/passwd").contains("http:// or https://"));
        assertTrue(HttpClient.checkUrl("ftp://h/x").contains("http:// or https://"));
        assertNotNull(HttpClient.checkUrl("http:///nohost"));
    }

    @Test void parsesCurlAfterARedirect() {
        String out = "__pb_rc=0\n__pb_w\n200 1 http://h/json\n__pb_hdr\n"
                + "HTTP/1.1 302 Found\r\nLocation: /json\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\nX-Multi: a\r\nX-Multi: b\r\nSet-Cookie: sid=42; Path=/\r\n\r\n"
                + "__pb_err\n__pb_body\n{\"name\": \"pi\"}";
        HttpClient.Response r = HttpClient.parse(new ExecResult(0, out, ""), get("http://h/redirect", Map.of(), null, null), CURL);
        assertEquals(200, r.status());
        assertEquals("http://h/json", r.url());
        assertTrue(r.redirected());
        assertEquals("application/json", r.headers().get("content_type"));
        assertEquals("a, b", r.headers().get("x_multi"));
        assertEquals(Map.of("sid", "42"), r.cookies());
        assertEquals("{\"name\": \"pi\"}", r.body());
        assertEquals("OK (13 bytes)", r.message());
    }

    @Test void parsesCurlConnectionRefused() {
        String out = "__pb_rc=7\n__pb_w\n000 0 http://h:1/\n__pb_hdr\n__pb_err\ncurl: (7) Failed to connect to h port 1: Connection refused\n__pb_body\n";
        HttpClient.Response r = HttpClient.parse(new ExecResult(0, out, ""), get("http://h:1/", Map.of(), null, null), CURL);
        assertEquals(-1, r.status());
        assertEquals("Request failed: curl: (7) Failed to connect to h port 1: Connection refused", r.message());
    }

    /** Recorded from BusyBox v1.35.0 (Debian) wget -S against a 503 then a redirect. */
    @Test void parsesBusyBoxWget() {
        String down = "__pb_rc=1\n__pb_w\n__pb_hdr\nConnecting to 127.0.0.1:8000 (127.0.0.1:8000)\n"
                + "  HTTP/1.1 503 Service Unavailable\nwget: server returned error: HTTP/1.1 503 Service Unavailable\n__pb_err\n__pb_body\n";
        HttpClient.Response r = HttpClient.parse(new ExecResult(0, down, ""), get("http://h/down", Map.of(), null, null), BUSYBOX);
        assertEquals(503, r.status());
        assertEquals("HTTP Error 503: Service Unavailable", r.message());
        String moved = "__pb_rc=0\n__pb_w\n__pb_hdr\nConnecting to h (h:80)\n  HTTP/1.1 302 Found\n  Location: /json\n  \n"
                + "  HTTP/1.1 200 OK\n  Content-type: application/json\n  Content-Length: 2\n  \nsaving to 'x'\nx 100% |****| 2 0:00:00 ETA\n'x' saved\n"
                + "__pb_err\n__pb_body\n{}";
        HttpClient.Response m = HttpClient.parse(new ExecResult(0, moved, ""), get("http://h/redirect", Map.of(), null, null), BUSYBOX);
        assertEquals(200, m.status());
        assertEquals("http://h/json", m.url());
        assertTrue(m.redirected());
        assertEquals("application/json", m.headers().get("content_type"));
        assertEquals("{}", m.body());
    }

    /** Recorded from GNU Wget 1.21 -q -S --content-on-error. */
    @Test void parsesGnuWgetErrorBody() {
        String out = "__pb_rc=8\n__pb_w\n__pb_hdr\n  HTTP/1.0 404 File not found\n  Server: SimpleHTTP/0.6\n  Content-Type: text/html\n"
                + "__pb_err\n__pb_body\n<html>nope</html>";
        HttpClient.Response r = HttpClient.parse(new ExecResult(0, out, ""), get("http://h/x", Map.of(), null, null), WGET);
        assertEquals(404, r.status());
        assertEquals("File not found", r.reason());
        assertEquals("<html>nope</html>", r.body());
        assertFalse(r.redirected());
    }
    static HttpClient.Request full(String method, boolean force, String cert, String key, String ca, String file,
                                   java.util.List<HttpClient.Part> parts, String user) {
        return new HttpClient.Request("https://h/u", method, Map.of(), null, user, user == null ? null : "pw-1", true, 30, "safe",
                force, cert, key, ca, file, parts);
    }

    @Test void curlConfigCarriesFormPartsCertificatesAndTheAuthMode() {
        java.util.List<HttpClient.Part> parts = java.util.List.of(new HttpClient.Part("f", "@x;y", null, null, null),
                new HttpClient.Part("doc", null, "/srv/a \"b\".txt", null, "text/plain"),
                new HttpClient.Part("raw", "a\\b", null, "r.bin", "application/octet-stream"));
        String cfg = HttpClient.curlConfig(full("POST", false, "/etc/c.pem", "/etc/c.key", "/etc/ca.pem", null, parts, "u"));
        assertTrue(cfg.contains("form-string = \"f=@x;y\"\n"), cfg);
        assertTrue(cfg.contains("form = \"doc=@\\\"/srv/a \\\\\\\"b\\\\\\\".txt\\\";filename=\\\"a \\\\\\\"b\\\\\\\".txt\\\";type=text/plain\"\n"), cfg);
        assertTrue(cfg.contains("form = \"raw=\\\"a\\\\\\\\b\\\";filename=\\\"r.bin\\\";type=application/octet-stream\"\n"), cfg);
        assertTrue(cfg.contains("cert = \"/etc/c.pem\"\nkey = \"/etc/c.key\"\ncacert = \"/etc/ca.pem\"\n"), cfg);
        assertTrue(cfg.contains("anyauth\n") && !cfg.contains("basic\n"), "without force_basic_auth curl waits for the challenge: " + cfg);
        assertTrue(HttpClient.curlConfig(full("GET", true, null, null, null, null, java.util.List.of(), "u")).contains("basic\n"));
        assertTrue(HttpClient.curlConfig(full("POST", false, null, null, null, "/tmp/b dy", java.util.List.of(), null))
                .contains("data-binary = \"@/tmp/b dy\"\n"));
    }

    @Test void wgetTakesCertificatePathsAndBodyFilesOnItsCommandLineAndBusyBoxRefusesThem() {
        String gnu = HttpClient.build(full("PUT", true, "/c.pem", "/c.key", "/ca.pem", "/b o", java.util.List.of(), "u"), WGET, null, true, "pi").script();
        assertTrue(gnu.contains(" --body-file='/b o' --certificate=/c.pem --private-key=/c.key --ca-certificate=/ca.pem"), gnu);
        HttpClient.Call rc = HttpClient.build(full("GET", true, null, null, null, null, java.util.List.of(), "u"), WGET, null, true, "pi");
        assertEquals("user = u\nauth_no_challenge = on\npassword = pw-1\n", new String(rc.stdin(), StandardCharsets.UTF_8));
        String bb = HttpClient.build(full("POST", false, null, null, null, "/b", java.util.List.of(), null), BUSYBOX, null, true, "pi").script();
        assertTrue(bb.contains(" --post-file /b "), bb);
        assertEquals("BusyBox wget on pi cannot present a client certificate (client_cert, client_key); install curl on pi",
                assertThrows(ModuleException.class, () -> HttpClient.build(full("GET", false, "/c", null, null, null, java.util.List.of(), null),
                        BUSYBOX, null, true, "pi")).getMessage());
        assertEquals("BusyBox wget on pi cannot verify the server against a CA file (ca_path); install curl on pi",
                assertThrows(ModuleException.class, () -> HttpClient.build(full("GET", false, null, null, "/ca", null, java.util.List.of(), null),
                        BUSYBOX, null, true, "pi")).getMessage());
        java.util.List<HttpClient.Part> parts = java.util.List.of(new HttpClient.Part("a", "b", null, null, null));
        assertEquals("wget on pi cannot send a multipart/form-data body (body_format: form-multipart); install curl on pi",
                assertThrows(ModuleException.class, () -> HttpClient.build(full("POST", false, null, null, null, null, parts, null),
                        WGET, null, true, "pi")).getMessage());
    }
}
