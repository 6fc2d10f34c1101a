package playbook.modules.net;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.testing.SshTestHosts;
import playbook.engine.testing.SshdExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * uri and get_url over a real sshd against {@link HttpFixture}; run once with curl on the host
 * ({@link HttpModulesCurlIT}), once with GNU wget and no curl ({@link HttpModulesGnuWgetIT}) and once
 * with only BusyBox applets on its PATH ({@link HttpModulesBusyBoxIT}), so every client runs for real.
 */
abstract class HttpModulesContract {
    @TempDir
    Path dir;
    HttpFixture http;

    abstract SshdExtension sshd();

    /** The client the host has: curl, wget (GNU) or busybox. */
    abstract String client();

    @BeforeEach
    void start() throws Exception { http = new HttpFixture(); }

    @AfterEach
    void stop() { http.close(); }

    HttpFixture.Out run(String playbook, String... extra) throws Exception {
        return HttpFixture.run(dir, playbook.replace("BASE", http.base()), SshTestHosts.inventoryLine("web", sshd()) + "\n", extra);
    }

    @Test
    void uriReturnsStatusJsonHeadersAndFailsLikeAnsible() throws Exception {
        HttpFixture.Out r = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - uri: url=BASE/json
                      register: j
                    - uri:
                        url: BASE/redirect
                        return_content: true
                      register: rd
                    - uri: url=BASE/down
                      register: down
                      ignore_errors: true
                    - uri:
                        url: BASE/down
                        status_code: [200, 503]
                      register: down2
                    - uri:
                        url: BASE/echo
                        method: POST
                        body_format: json
                        body: {a: 1, b: "x y"}
                        headers: {X-Test: hi}
                      register: echo
                    - assert:
                        that:
                          - j.status == 200
                          - j.json.name == 'pi'
                          - j.json.n == [1, 2]
                          - j.content_type == 'application/json'
                          - j.x_fixture == 'yes'
                          - not j.redirected
                          - j.content is not defined
                          - j.url == 'BASE/json'
                          - rd.redirected
                          - rd.url == 'BASE/json'
                          - rd.json.name == 'pi'
                          - "'pi' in rd.content"
                          - down is failed
                          - down.status == 503
                          - "down.msg.startswith('Status code was 503 and not [200]: HTTP Error 503')"
                          - "'BASE/down' in down.msg"
                          - "'from web' in down.msg"
                          - down2 is not failed
                          - echo.json.method == 'POST'
                          - echo.json.ct == 'application/json'
                          - echo.json.x == 'hi'
                          - 'echo.json.body == ''{"a": 1, "b": "x y"}'''
                """);
        assertEquals(0, r.rc(), r.toString());
        assertEquals("ok=6 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=1", r.recap("web"), r.toString());
    }

    @Test
    void basicAuthNeverPutsThePasswordOnACommandLine() throws Exception {
        HttpFixture.Out r = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - uri:
                        url: BASE/secret
                        user: admin
                        password: %s
                        force_basic_auth: true
                      register: s
                    - assert:
                        that: s.json.secret == 'ok'
                """.formatted(HttpFixture.PASSWORD));
        assertEquals(java.util.List.of(), http.leaks, "password visible in a process list");
        assertFalse(r.out().contains(HttpFixture.PASSWORD) || r.err().contains(HttpFixture.PASSWORD), r.toString());
        if (client().equals("busybox")) {
            assertEquals(2, r.rc(), r.toString());
            assertTrue(r.out().contains("install curl"), r.toString());
            assertTrue(http.requests.isEmpty(), "BusyBox must refuse before sending: " + http.requests);
        } else {
            assertEquals(0, r.rc(), r.toString());
            // curl sends the credentials at once; wget waits for the 401 challenge first, as Ansible does
            assertFalse(http.requests.isEmpty());
            assertTrue(http.requests.stream().allMatch(q -> q.equals("GET /secret")), http.requests.toString());
        }
    }

    @Test
    void getUrlDownloadsVerifiesAndIsIdempotent() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path dest = out.resolve("file.txt");
        String play = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - get_url:
                        url: BASE/file.txt
                        dest: %s
                        checksum: "sha256:%s"
                        mode: "0640"
                      register: g
                    - get_url:
                        url: BASE/file.txt
                        dest: %s/
                        checksum: "sha256:BASE/file.sha256"
                """.formatted(dest, HttpFixture.sha256(HttpFixture.FILE), out.resolve("sub"));
        Files.createDirectories(out.resolve("sub"));
        HttpFixture.Out check = run(play, "-C");
        assertEquals(0, check.rc(), check.toString());
        assertEquals("ok=2 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", check.recap("web"), check.toString());
        assertFalse(Files.exists(dest), "check mode downloaded");

        HttpFixture.Out first = run(play);
        assertEquals(0, first.rc(), first.toString());
        assertEquals("ok=2 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", first.recap("web"), first.toString());
        assertEquals(HttpFixture.FILE, Files.readString(dest));
        assertEquals(HttpFixture.FILE, Files.readString(out.resolve("sub/file.txt")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest)));
        long downloads = http.requests.stream().filter(q -> q.equals("GET /file.txt")).count();
        assertEquals(2, downloads, http.requests.toString());

        HttpFixture.Out second = run(play);
        assertEquals(0, second.rc(), second.toString());
        assertEquals("ok=2 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", second.recap("web"), second.toString());
        assertEquals(downloads, http.requests.stream().filter(q -> q.equals("GET /file.txt")).count(),
                "the second run downloaded again: " + http.requests);
        HttpFixture.Out forced = run(play.replace("mode: \"0640\"", "mode: \"0640\"\n        force: true"));
        assertEquals("ok=2 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", forced.recap("web"), forced.toString());
        assertEquals(downloads + 1, http.requests.stream().filter(q -> q.equals("GET /file.txt")).count(), http.requests.toString());
        assertNoTempFiles(out);
    }

    @Test
    void aChecksumMismatchLeavesDestUntouchedAndNoTempFile() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path dest = out.resolve("file.txt");
        Files.writeString(dest, "old content\n");
        HttpFixture.Out r = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - get_url:
                        url: BASE/file.txt
                        dest: %s
                        force: true
                        checksum: "sha256:%s"
                """.formatted(dest, "ab".repeat(32)));
        assertEquals(2, r.rc(), r.toString());
        assertTrue(r.out().contains("did not match"), r.toString());
        assertEquals("old content\n", Files.readString(dest));
        assertNoTempFiles(out);
    }

    @Test
    void aMissingFileFailsNamingTheUrlAndHost() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        HttpFixture.Out r = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - get_url:
                        url: BASE/down
                        dest: %s/x
                """.formatted(out));
        assertEquals(2, r.rc(), r.toString());
        assertTrue(r.out().contains("HTTP Error 503") && r.out().contains("BASE/down".replace("BASE", http.base()))
                && r.out().contains("from web"), r.toString());
        assertNoTempFiles(out);
        assertFalse(Files.exists(out.resolve("x")));
    }

    @Test
    void uriWithDestWritesTheBodyOnceAndThenReportsNoChange() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path dest = out.resolve("u.txt");
        String play = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - uri:
                        url: BASE/file.txt
                        dest: %s
                      register: u
                    - assert:
                        that:
                          - u.path == '%s'
                          - u.status == 200
                """.formatted(dest, dest);
        HttpFixture.Out first = run(play);
        assertEquals(0, first.rc(), first.toString());
        assertEquals("ok=2 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", first.recap("web"), first.toString());
        assertEquals(HttpFixture.FILE, Files.readString(dest));
        HttpFixture.Out second = run(play);
        assertEquals("ok=2 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0", second.recap("web"), second.toString());
        assertNoTempFiles(out);
    }

    /** How the host's wget names itself in a refusal. */
    private String wgetName() { return client().equals("busybox") ? "BusyBox wget" : "wget"; }

    @Test
    void formMultipartUploadsAFileFromTheHostWithCurlAndIsRefusedClearlyByWget() throws Exception {
        Path report = Files.writeString(dir.resolve("report.txt"), "line one\nline two\n");
        HttpFixture.Out r = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - uri:
                        url: BASE/upload
                        method: POST
                        body_format: form-multipart
                        headers: {Content-Type: text/plain}
                        body:
                          name: "@pi;x"
                          doc:
                            filename: %s
                            mime_type: text/markdown
                          inline:
                            content: 'a;b"c'
                            filename: x.json
                """.formatted(report));
        if (!client().equals("curl")) {
            assertEquals(2, r.rc(), r.toString());
            assertTrue(r.out().contains(wgetName() + " on web cannot send a multipart/form-data body (body_format: form-multipart);"
                    + " install curl on web"), r.toString());
            assertEquals(List.of(), http.uploads, "refused before sending");
            return;
        }
        assertEquals(0, r.rc(), r.toString());
        assertTrue(http.uploadTypes.get(0).startsWith("multipart/form-data; boundary="), http.uploadTypes.toString());
        String body = http.uploads.get(0);
        assertTrue(body.contains("name=\"name\"\r\n\r\n@pi;x\r\n"), "a text field is sent as is, @ and ; included:\n" + body);
        assertTrue(body.contains("name=\"doc\"; filename=\"report.txt\"\r\nContent-Type: text/markdown\r\n\r\nline one\nline two\n"), body);
        assertTrue(body.contains("name=\"inline\"; filename=\"x.json\"\r\nContent-Type: application/json\r\n\r\na;b\"c\r\n"), body);
    }

    @Test
    void formFieldsAndSrcBodiesNeverPutAPasswordOnACommandLine() throws Exception {
        Path local = Files.writeString(dir.resolve("local-body.txt"), "from the controller " + HttpFixture.PASSWORD + "\n");
        Path remote = Files.writeString(dir.resolve("remote-body.txt"), "from the host\n");
        HttpFixture.Out r = run("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - uri:
                        url: BASE/upload
                        method: POST
                        body_format: form-urlencoded
                        body: {user: admin, password: %s}
                    - uri: url=BASE/upload method=POST src=%s
                    - uri: url=BASE/upload method=POST src=%s remote_src=true
                """.formatted(HttpFixture.PASSWORD, local, remote));
        assertEquals(0, r.rc(), r.toString());
        assertEquals(List.of(), http.leaks, "password visible in a process list");
        assertEquals(List.of("user=admin&password=" + HttpFixture.PASSWORD, "from the controller " + HttpFixture.PASSWORD + "\n",
                "from the host\n"), http.uploads);
        assertEquals("application/x-www-form-urlencoded", http.uploadTypes.get(0));
    }

    @Test
    void forceBasicAuthSendsCredentialsWithoutWaitingForTheChallenge() throws Exception {
        String play = """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - uri: url=BASE/secret user=admin password=%s force_basic_auth=%s
                """;
        if (client().equals("busybox")) {
            // BusyBox wget can't send credentials at all: refused before anything is sent, forced or not
            HttpFixture.Out refused = run(play.formatted(HttpFixture.PASSWORD, "true"));
            assertEquals(2, refused.rc(), refused.toString());
            assertTrue(refused.out().contains("install curl"), refused.toString());
            assertTrue(http.requests.isEmpty(), "BusyBox must refuse before sending: " + http.requests);
            assertEquals(List.of(), http.leaks);
            return;
        }
        HttpFixture.Out lazy = run(play.formatted(HttpFixture.PASSWORD, "false"));
        assertEquals(0, lazy.rc(), lazy.toString());
        assertEquals(List.of(false, true), http.authorized, "without force_basic_auth the credentials answer the 401");
        http.authorized.clear();
        HttpFixture.Out forced = run(play.formatted(HttpFixture.PASSWORD, "true"));
        assertEquals(0, forced.rc(), forced.toString());
        assertEquals(List.of(true), http.authorized, "force_basic_auth sends them with the first request");
        assertEquals(List.of(), http.leaks);
    }

    @Test
    void clientCertificateAndCaPathOverTls() throws Exception {
        Path tls = Files.createDirectories(dir.resolve("tls"));
        try (TlsFixture t = new TlsFixture(tls)) {
            HttpFixture.Out r = HttpFixture.run(dir, """
                    - hosts: all
                      gather_facts: false
                      tasks:
                        - uri: url=%s/whoami
                          register: untrusted
                          ignore_errors: true
                        - uri:
                            url: %s/whoami
                            client_cert: %s
                            client_key: %s
                            ca_path: %s
                          register: w
                        - assert:
                            that:
                              - untrusted is failed
                              - w.json.subject == 'CN=pb-client'
                    """.formatted(t.base(), t.base(), tls.resolve("client.pem"), tls.resolve("client.key"), tls.resolve("ca.pem")),
                    SshTestHosts.inventoryLine("web", sshd()) + "\n");
            if (client().equals("busybox")) {
                assertEquals(2, r.rc(), r.toString());
                assertTrue(r.out().contains("BusyBox wget on web cannot present a client certificate (client_cert, client_key);"
                        + " install curl on web"), r.toString());
                HttpFixture.Out ca = HttpFixture.run(dir, "- hosts: all\n  gather_facts: false\n  tasks:\n    - uri: url="
                        + t.base() + "/whoami ca_path=" + tls.resolve("ca.pem") + "\n", SshTestHosts.inventoryLine("web", sshd()) + "\n");
                assertTrue(ca.out().contains("BusyBox wget on web cannot verify the server against a CA file (ca_path);"
                        + " install curl on web"), ca.toString());
                return;
            }
            assertEquals(0, r.rc(), r.toString());
            assertEquals("ok=3 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=1", r.recap("web"), r.toString());
        }
    }

    static void assertNoTempFiles(Path d) throws Exception {
        try (Stream<Path> s = Files.walk(d)) {
            assertEquals(java.util.List.of(), s.filter(p -> p.getFileName().toString().contains("pbtmp")).toList());
        }
    }
}
