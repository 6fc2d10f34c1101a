package playbook.engine.template;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import playbook.engine.TemplateException;

/** The pipe and lines lookups' command runner: {@code sh -c} on the controller, in playbook_dir. */
final class Pipe {
    private Pipe() {}

    static String run(String command, Session s) {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (s.lookup("playbook_dir") instanceof String dir && new File(dir).isDirectory()) pb.directory(new File(dir));
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0) throw new TemplateException("lookup_plugin.pipe(" + command + ") returned " + rc);
            return out;
        } catch (IOException e) {
            throw new TemplateException("lookup_plugin.pipe(" + command + ") failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemplateException("lookup_plugin.pipe(" + command + ") was interrupted", e);
        }
    }
}
