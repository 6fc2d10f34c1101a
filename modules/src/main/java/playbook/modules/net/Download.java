package playbook.modules.net;

import playbook.engine.ModuleException;
import playbook.engine.api.Target;

import java.util.Map;

/**
 * A plain GET of a URL into a file on the host, with the host's HTTP client ({@link HttpClient}: the
 * same code and the same client choice as get_url), for modules outside this package (apt's deb).
 * It runs as a probe: the caller downloads into a temp path of its own, in check mode too, so that it
 * can read what it would install.
 */
public final class Download {
    private Download() {}

    /**
     * Downloads {@code url} to {@code destWord} (a shell word) on the host; throws a ModuleException
     * naming the URL, the host and the cause when the URL is bad or the answer is not 200.
     */
    public static void toFile(Target target, String module, String url, String destWord, long timeout) {
        String bad = HttpClient.checkUrl(url);
        if (bad != null) throw new ModuleException(module + ": " + bad);
        HttpClient.Request req = new HttpClient.Request(url, "GET", Map.of(), null, null, null, true, timeout, "safe");
        HttpClient.Tools tools = target.fact(HttpClient.TOOLS);
        HttpClient.Call call = HttpClient.build(req, tools, destWord, false, target.host());
        HttpClient.Response resp = HttpClient.parse(target.probe(call.script(), call.stdin()), req, tools);
        if (resp.status() != 200) {
            String why = resp.status() < 0 ? "Request failed: " + resp.error() : resp.message();
            throw new ModuleException(module + ": can't download " + url + " on " + target.host() + ": " + why);
        }
    }
}
