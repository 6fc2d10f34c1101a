package playbook.modules.net;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import playbook.engine.testing.SshdExtension;
import playbook.modules.BusyBoxPath;

import java.io.IOException;
import java.nio.file.Path;

/**
 * uri and get_url through an sshd whose sessions have a PATH of BusyBox applets only (no curl,
 * no GNU tools), so the BusyBox wget path runs for real.
 */
class HttpModulesBusyBoxIT extends HttpModulesContract {
    static final Path BIN = BusyBoxPath.create();

    @RegisterExtension
    static final SshdExtension SSHD = SshdExtension.builder().config("SetEnv PATH=" + BIN).build();

    @Override SshdExtension sshd() { return SSHD; }

    @Override String client() { return "busybox"; }

    @AfterAll
    static void removeBin() throws IOException {
        BusyBoxPath.remove(BIN);
    }
}
