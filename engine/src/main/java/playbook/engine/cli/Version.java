package playbook.engine.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}. */
final class Version implements IVersionProvider {
    static final String VERSION = "0.1.0";

    @Override
    public String[] getVersion() {
        return new String[]{"playbook " + VERSION + " (ansible-core 2.14 compatible playbooks)",
                "  java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
