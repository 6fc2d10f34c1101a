package playbook.e2e;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs lab/selftest: brings the lab hosts (network namespaces with their own sshd) up, checks
 * isolation, ssh, rsync between hosts, the HDD mount and a 22-host scale-up, and tears it all
 * down checking nothing is left. Needs root, as the lab does.
 */
class LabSelftestIT {
    @Test
    void labComesUpIsolatedAndGoesDownClean() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        Path selftest = root.resolve("lab/selftest");
        Assumptions.assumeTrue(Files.isExecutable(selftest), "lab/selftest not found from " + root);
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the lab needs root");
        Process p = new ProcessBuilder(selftest.toString()).redirectErrorStream(true).start();
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) p.destroyForcibly();
        assertTrue(done, "lab/selftest did not finish in 5 minutes:\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("PASSED"), out);
    }
}
