package playbook.modules.net;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An HTTPS server on 127.0.0.1 that requires a client certificate, with a throwaway CA, server and
 * client certificate made by openssl in {@code dir}: ca.pem, client.pem, client.key. /whoami answers
 * the client certificate's subject.
 */
final class TlsFixture implements AutoCloseable {
    final Path dir;
    final HttpsServer server;

    TlsFixture(Path dir) throws Exception {
        this.dir = dir;
        openssl("req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=pb-test-ca -keyout ca.key -out ca.pem");
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1\n");
        openssl("req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server.key -out server.csr");
        openssl("x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile san.cnf -out server.pem");
        openssl("req -newkey rsa:2048 -nodes -subj /CN=pb-client -keyout client.key -out client.csr");
        openssl("x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out client.pem");
        openssl("pkcs12 -export -in server.pem -inkey server.key -passout pass:changeit -out server.p12");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override public void configure(HttpsParameters p) {
                javax.net.ssl.SSLParameters sp = ctx.getDefaultSSLParameters();
                sp.setNeedClientAuth(true);
                p.setSSLParameters(sp);
            }
        });
        server.createContext("/whoami", ex -> {
            String who;
            try {
                SSLSession session = ((com.sun.net.httpserver.HttpsExchange) ex).getSSLSession();
                who = ((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName();
            } catch (SSLPeerUnverifiedException e) {
                who = "nobody";
            }
            byte[] b = ("{\"subject\": \"" + who + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    String base() { return "https://127.0.0.1:" + server.getAddress().getPort(); }

    private void openssl(String args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of("openssl"));
        argv.addAll(List.of(args.split(" ")));
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("openssl " + args + ":\n" + out);
    }

    @Override public void close() { server.stop(0); }
}
