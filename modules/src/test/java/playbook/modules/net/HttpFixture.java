package playbook.modules.net;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import playbook.engine.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A JDK HttpServer on 127.0.0.1 for the uri/get_url tests: JSON, a file, a 503, a redirect, an
 * echo of the request, and a basic-auth page that, while it answers, looks through every
 * process's command line for the password (it must never be there).
 */
final class HttpFixture implements AutoCloseable {
    static final String PASSWORD = "s3cr3t-Pw-9f1c";
    static final String FILE = "hello from the file\n";

    final HttpServer server;
    final List<String> leaks = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Per request to /secret and /upload: whether it carried an Authorization header. */
    final List<Boolean> authorized = new CopyOnWriteArrayList<>();
    /** The bodies and Content-Types that /upload received, in order. */
    final List<String> uploads = new CopyOnWriteArrayList<>();
    final List<String> uploadTypes = new CopyOnWriteArrayList<>();

    HttpFixture() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/json", ex -> send(ex, 200, "application/json", "{\"name\": \"pi\", \"n\": [1, 2]}"));
        server.createContext("/file.txt", ex -> send(ex, 200, "text/plain", FILE));
        server.createContext("/file.sha256", ex -> send(ex, 200, "text/plain",
                sha256(FILE) + "  file.txt\n0000000000000000000000000000000000000000000000000000000000000000  other.txt\n"));
        server.createContext("/down", ex -> send(ex, 503, "text/plain", "down for maintenance"));
        server.createContext("/redirect", ex -> {
            ex.getResponseHeaders().add("Location", "/json");
            send(ex, 302, "text/plain", "");
        });
        server.createContext("/echo", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String ct = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
            String xh = String.valueOf(ex.getRequestHeaders().getFirst("X-Test"));
            send(ex, 200, "application/json", "{\"method\": \"" + ex.getRequestMethod() + "\", \"ct\": \"" + ct
                    + "\", \"x\": \"" + xh + "\", \"body\": \"" + body.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
        });
        server.createContext("/upload", ex -> {
            scanForLeaks();
            authorized.add(ex.getRequestHeaders().getFirst("Authorization") != null);
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            uploads.add(body);
            uploadTypes.add(String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")));
            send(ex, 200, "application/json", "{\"got\": " + body.length() + "}");
        });
        server.createContext("/secret", ex -> {
            scanForLeaks();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorized.add(auth != null);
            String want = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            if (!want.equals(auth)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"t\"");
                send(ex, 401, "text/plain", "no");
            } else {
                send(ex, 200, "application/json", "{\"secret\": \"ok\"}");
            }
        });
        server.start();
    }

    String base() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    private void send(HttpExchange ex, int code, String type, String body) throws IOException {
        requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.getResponseHeaders().add("X-Fixture", "yes");
        ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
        if (b.length > 0) ex.getResponseBody().write(b);
        ex.close();
    }

    /** Every /proc/PID/cmdline that holds the password (or its base64 form). */
    void scanForLeaks() {
        String b64 = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmd.contains(PASSWORD) || cmd.contains(b64)) leaks.add(p + ": " + cmd);
                } catch (IOException ignored) {
                    // the process ended meanwhile
                }
            });
        } catch (IOException e) {
            leaks.add("cannot scan /proc: " + e);
        }
    }

    static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override public void close() { server.stop(0); }

    record Out(int rc, String out, String err) {
        @Override public String toString() { return "rc=" + rc + "\n--- out\n" + out + "\n--- err\n" + err; }

        /** The PLAY RECAP counts of a host, e.g. "ok=3 changed=1 unreachable=0 failed=0 skipped=0". */
        String recap(String host) {
            for (String line : out.split("\n")) {
                if (line.startsWith(host + " ") && line.contains("ok=")) return line.substring(line.indexOf("ok=")).replaceAll("\\s+", " ").strip();
            }
            return "(no recap for " + host + ")";
        }
    }

    static Out run(Path dir, String playbook, String inventory, String... extra) throws Exception {
        Files.writeString(dir.resolve("site.yml"), playbook);
        Files.writeString(dir.resolve("inventory"), inventory);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        String[] args = Stream.concat(Stream.of("run", dir.resolve("site.yml").toString(), "-i", dir.resolve("inventory").toString()),
                Stream.of(extra)).toArray(String[]::new);
        int rc = Main.run(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8), args);
        return new Out(rc, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }
}
