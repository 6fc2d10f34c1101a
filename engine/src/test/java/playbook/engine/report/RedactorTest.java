package playbook.engine.report;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactorTest {

    @Test void masksRegisteredSecretsButNotShortOnes() {
        Redactor r = new Redactor();
        r.register("hunter22");
        r.register("abc");
        r.register(null);
        assertEquals("password is ******** and abc", r.apply("password is hunter22 and abc"));
    }

    @Test void longestSecretWinsWhenOneContainsAnother() {
        Redactor r = new Redactor();
        r.register("pass");
        r.register("password123");
        assertEquals("********", r.apply("password123"));
    }

    @Test void masksTheJsonEscapedFormToo() {
        Redactor r = new Redactor();
        r.register("p\"w\\d1");
        assertEquals("{\"x\": \"********\"}", r.apply(AnsibleJson.dumps(java.util.Map.of("x", "p\"w\\d1"), false)));
    }

    @Test void noSecretsMeansTextIsReturnedAsIs() {
        Redactor r = new Redactor();
        String s = "unchanged";
        assertTrue(r.isEmpty());
        assertEquals(s, r.apply(s));
        r.register("something");
        r.clear();
        assertEquals("something", r.apply("something"));
    }

    @Test void registeringWhileApplyingIsSafe() throws Exception {
        Redactor r = new Redactor();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        r.register("secret-" + id + "-" + i);
                        assertEquals(Redactor.MASK, r.apply("secret-" + id + "-" + i));
                    }
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdown();
        }
        assertEquals("x ******** y", r.apply("x secret-3-499 y"));
    }

    @Test void consoleReporterMasksSecretsInEveryLine() {
        Redactor r = new Redactor();
        r.register("s3cr3t-token");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        ConsoleReporter c = new ConsoleReporter(ps, ps, false, 0, false, r);
        TaskInfo t = Events.task("use s3cr3t-token");
        c.taskStart(t);
        c.hostResult(Events.res("h", t, Status.OK, "{\"msg\": \"the token is s3cr3t-token\", " + Scripts.DEBUG + "}"));
        c.warning("leaked s3cr3t-token");
        String s = out.toString(StandardCharsets.UTF_8);
        assertFalse(s.contains("s3cr3t-token"), s);
        assertTrue(s.contains("TASK [use ********]"), s);
        assertTrue(s.contains("\"msg\": \"the token is ********\""), s);
        assertTrue(s.contains("[WARNING]: leaked ********"), s);
    }

    @Test void noLogResultsNeverShowTheirContentEvenWithVerbosity() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        ConsoleReporter c = new ConsoleReporter(ps, ps, false, 4, true, new Redactor());
        TaskInfo t = Events.task("hidden");
        c.hostResult(new HostResult("h", null, t, Status.CHANGED, Events.json("{\"changed\": true, \"stdout\": \"topsecret\"}"),
                "itemsecret", false, List.of(new playbook.engine.api.Result.Diff("f", "topsecret", "f", "other")), true, false));
        String s = out.toString(StandardCharsets.UTF_8);
        assertFalse(s.contains("secret"), s);
        assertEquals("changed: [h] => (item=None) => {\n    \"censored\": \"" + ResultView.CENSORED + "\",\n    \"changed\": true\n}\n", s);
    }
}
