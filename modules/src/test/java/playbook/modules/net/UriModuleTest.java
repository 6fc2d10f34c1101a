package playbook.modules.net;

import org.junit.jupiter.api.Test;
import playbook.engine.ModuleException;
import playbook.engine.api.ExecResult;
import playbook.engine.api.Result;
import playbook.modules.FakeTarget;
import playbook.modules.Run;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class UriModuleTest {
    private final UriModule m = new UriModule();

    static final String JSON_OUT = "__pb_rc=0\n__pb_w\n200 0 http://h/j\n__pb_hdr\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + "Content-Length: 8\r\n\r\n__pb_err\n__pb_body\n{\"a\": 1}";

    @Test void badUrlsAreRejectedBeforeAnythingRuns() {
        FakeTarget t = new FakeTarget();
        assertThrows(ModuleException.class, () -> Run.run(m, t, "url", "http://h/a\nrm -rf /"));
        assertThrows(ModuleException.class, () -> Run.run(m, t, "url", "gopher://h/"));
        assertTrue(t.sent.isEmpty(), t.sent.toString());
    }

    @Test void anUnknownBodyFormatFailsAtCompileTime() {
        ModuleException e = assertThrows(ModuleException.class,
                () -> m.spec().checkNames("uri", Map.of("url", "http://h/", "body_format", "xml")));
        assertTrue(e.getMessage().contains("body_format must be one of: raw, json, form-urlencoded"), e.getMessage());
    }

    @Test void jsonIsParsedOnTheControllerAndThePasswordGoesToStdin() {
        FakeTarget t = new FakeTarget().on("command -v curl", 0, "curl\n").on("curl -sS -K -", new ExecResult(0, JSON_OUT, ""));
        Result r = Run.run(m, t, "url", "http://h/j", "user", "admin", "password", "hunter2", "force_basic_auth", true);
        assertFalse(r.isFailed(), r.msg());
        assertFalse(r.isChanged());
        assertEquals(Map.of("a", 1L), r.values().get("json"));
        assertEquals(200, r.values().get("status"));
        assertEquals("application/json", r.values().get("content_type"));
        assertEquals("OK (8 bytes)", r.values().get("msg"));
        assertNull(r.values().get("content"));
        for (FakeTarget.Sent s : t.sent) assertFalse(s.command().contains("hunter2"), s.command());
        FakeTarget.Sent req = t.sent.get(1);
        assertEquals("probe", req.kind());
        assertTrue(new String(req.stdin(), StandardCharsets.UTF_8).contains("user = \"admin:hunter2\""));
        assertTrue(m.spec().noLogNames().containsAll(List.of("url_password", "password")));
    }

    @Test void secretsAreMaskedInTheResultAsNoLogValues() {
        String out = "__pb_rc=0\n__pb_w\n401 0 http://h/s\n__pb_hdr\nHTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n\r\n"
                + "__pb_err\n__pb_body\n{\"seen\": \"hunter2\", \"token\": \"Bearer abcdef\"}";
        FakeTarget t = new FakeTarget().on("command -v curl", 0, "curl\n").on("curl", new ExecResult(0, out, ""));
        Result r = Run.run(m, t, "url", "http://h/s", "url_username", "u", "url_password", "hunter2",
                "headers", Map.of("Authorization", "Bearer abcdef"), "return_content", true);
        assertTrue(r.isFailed());
        assertEquals("{\"seen\": \"********\", \"token\": \"********\"}", r.values().get("content"));
        assertEquals(Map.of("seen", "********", "token", "********"), r.values().get("json"));
    }

    @Test void aStatusNotListedFailsLikeAnsibleNamingUrlAndHost() {
        String out = "__pb_rc=0\n__pb_w\n503 0 http://h/d\n__pb_hdr\nHTTP/1.1 503 Service Unavailable\r\n\r\n__pb_err\n__pb_body\ndown";
        FakeTarget t = new FakeTarget().on("command -v curl", 0, "curl\n").on("curl", new ExecResult(0, out, ""));
        Result r = Run.run(m, t, "url", "http://h/d", "status_code", List.of(200, 201), "return_content", true);
        assertTrue(r.isFailed());
        assertEquals("Status code was 503 and not [200, 201]: HTTP Error 503: Service Unavailable (GET http://h/d from fake)", r.msg());
        assertEquals("down", r.values().get("content"));
        assertFalse(Run.run(m, t, "url", "http://h/d", "status_code", "503").isFailed());
    }

    @Test void jsonAndFormBodiesAreEncodedWithTheirContentType() {
        FakeTarget t = new FakeTarget().on("command -v curl", 0, "curl\n").on("curl", new ExecResult(0, JSON_OUT, ""));
        Run.run(m, t, "url", "http://h/j", "method", "post", "body_format", "json", "body", Map.of("k", "v"));
        String cfg = new String(t.sent.get(1).stdin(), StandardCharsets.UTF_8);
        assertTrue(cfg.contains("request = \"POST\""), cfg);
        assertTrue(cfg.contains("header = \"Content-Type: application/json\""), cfg);
        assertTrue(cfg.contains("data-raw = \"{\\\"k\\\": \\\"v\\\"}\""), cfg);
        Run.run(m, t, "url", "http://h/j", "method", "POST", "body_format", "form-urlencoded",
                "body", Map.of("name", "a b&c"));
        String form = new String(t.sent.get(t.sent.size() - 1).stdin(), StandardCharsets.UTF_8);
        assertTrue(form.contains("data-raw = \"name=a+b%26c\""), form);
        assertTrue(form.contains("Content-Type: application/x-www-form-urlencoded"), form);
    }

    @Test void checkModeIsNotSupportedAndCreatesSkips() {
        FakeTarget t = new FakeTarget().check(true);
        assertTrue(Run.run(m, t, "url", "http://h/").isSkipped());
        assertTrue(t.sent.isEmpty());
        FakeTarget c = new FakeTarget().on("\\[ -e", 0, "");
        Result r = Run.run(m, c, "url", "http://h/", "creates", "/etc/x");
        assertEquals("skipped, since '/etc/x' exists", r.values().get("stdout"));
        assertEquals(1, c.sent.size());
    }
    @Test void formMultipartBodiesBecomePartsAndBadOnesFailBeforeAnythingRuns() {
        Map<String, String> headers = new java.util.LinkedHashMap<>(Map.of("content-type", "text/plain"));
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("t", "v");
        body.put("f", Map.of("filename", "/srv/x.pdf"));
        body.put("c", Map.of("content", "abc"));
        assertEquals(List.of(new HttpClient.Part("t", "v", null, null, null),
                new HttpClient.Part("f", null, "/srv/x.pdf", null, "application/pdf"),
                new HttpClient.Part("c", "abc", null, "c", "application/octet-stream")), UriModule.parts(body, headers));
        assertTrue(headers.isEmpty(), "curl sets Content-Type with the boundary: " + headers);
        FakeTarget t = new FakeTarget();
        assertEquals("failed to parse body as form-multipart: c: at least one of filename or content must be provided",
                assertThrows(ModuleException.class, () -> Run.run(m, t, "url", "http://h/", "body_format", "form-multipart",
                        "body", Map.of("c", Map.of("mime_type", "text/plain")))).getMessage());
        assertTrue(assertThrows(ModuleException.class, () -> Run.run(m, t, "url", "http://h/", "body_format", "form-multipart",
                "body", Map.of("n", 1))).getMessage().contains("value must be a string, or mapping, cannot be Integer"));
        assertTrue(assertThrows(ModuleException.class, () -> Run.run(m, t, "url", "http://h/", "body_format", "form-multipart",
                "body", Map.of("a=b", "x"))).getMessage().contains("field name 'a=b'"));
        assertTrue(t.sent.isEmpty());
        assertEquals("module uri: parameters are mutually exclusive: body|src",
                assertThrows(ModuleException.class, () -> Run.run(m, t, "url", "http://h/", "body", "x", "src", "/f")).getMessage());
    }

    @Test void srcFromTheControllerIsUploadedIntoATempDirSentAndRemoved() throws Exception {
        java.nio.file.Path local = java.nio.file.Files.createTempFile("pb-uri", ".bin");
        try {
            FakeTarget t = new FakeTarget().on("^mktemp -d", 0, "/tmp/.playbook-uri-q\n").on("command -v curl", 0, "curl\n")
                    .on("curl -sS -K -", 0, JSON_OUT).on("^rm -rf", 0, "");
            Result r = Run.run(m, t, "url", "http://h/j", "method", "POST", "src", local.toString());
            assertFalse(r.isFailed(), r.toString());
            assertEquals(local + " -> /tmp/.playbook-uri-q/body", t.sent.stream().filter(x -> x.kind().equals("put")).findFirst().orElseThrow().command());
            String cfg = new String(t.sent.stream().filter(x -> x.command().startsWith("__d=")).findFirst().orElseThrow().stdin(), StandardCharsets.UTF_8);
            assertTrue(cfg.contains("data-binary = \"@/tmp/.playbook-uri-q/body\"\n"), cfg);
            assertEquals("rm -rf /tmp/.playbook-uri-q", t.commands("probe").get(t.commands("probe").size() - 1));
        } finally {
            java.nio.file.Files.deleteIfExists(local);
        }
        FakeTarget none = new FakeTarget();
        assertTrue(Run.run(m, none, "url", "http://h/", "src", "/nonexistent/pb-uri-src").msg().startsWith("Could not find or access"));
    }
}
