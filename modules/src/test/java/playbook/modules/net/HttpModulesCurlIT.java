package playbook.modules.net;

import org.junit.jupiter.api.extension.RegisterExtension;
import playbook.engine.testing.SshdExtension;

/** uri and get_url with curl on the host. */
class HttpModulesCurlIT extends HttpModulesContract {
    @RegisterExtension
    static final SshdExtension SSHD = SshdExtension.builder().build();

    @Override SshdExtension sshd() { return SSHD; }

    @Override String client() { return "curl"; }
}
