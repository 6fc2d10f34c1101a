package playbook.engine.template;

import com.hubspot.jinjava.lib.filter.Filter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import playbook.engine.TemplateException;
import playbook.engine.api.Shell;

/** Ansible's string filters: Python regexes, paths, base64, hashes, shell quoting. */
final class TextFilters {
    private TextFilters() {}

    static void register(Consumer<Filter> r) {
        r.accept(new FilterDef("regex_replace", false, (v, a, i) -> regex(v, a, 2).replace(Values.str(v), Values.str(a.get(1, "replacement", "")))));
        r.accept(new FilterDef("regex_search", false, (v, a, i) -> {
            String s = Values.str(v);
            Matcher m = regex(v, a, -1).pattern.matcher(s);
            if (!m.find()) return null;
            if (a.size() <= 1) return m.group();
            List<Object> out = new ArrayList<>();
            PyRegex re = regex(v, a, -1);
            for (Object ref : a.positional().subList(1, a.size())) {
                String r2 = Values.str(ref);
                if (r2.startsWith("\\g<") && r2.endsWith(">")) out.add(re.group(m, r2.substring(3, r2.length() - 1)));
                else if (r2.startsWith("\\")) out.add(re.group(m, r2.substring(1)));
                else throw new TemplateException("Unknown argument");
            }
            return out;
        }));
        r.accept(new FilterDef("regex_findall", false, (v, a, i) -> regex(v, a, -1).findall(Values.str(v))));
        r.accept(new FilterDef("regex_escape", false, (v, a, i) -> Values.str(v).replaceAll("([^A-Za-z0-9_])", "\\\\$1")));
        r.accept(new FilterDef("basename", false, (v, a, i) -> {
            String s = Values.str(v);
            return s.substring(s.lastIndexOf('/') + 1);
        }));
        r.accept(new FilterDef("dirname", false, (v, a, i) -> dirname(Values.str(v))));
        r.accept(new FilterDef("expanduser", false, (v, a, i) -> expandUser(Values.str(v))));
        r.accept(new FilterDef("realpath", false, (v, a, i) -> Path.of(Values.str(v)).toAbsolutePath().normalize().toString()));
        r.accept(new FilterDef("splitext", false, (v, a, i) -> {
            String s = Values.str(v);
            int dot = s.lastIndexOf('.');
            int slash = s.lastIndexOf('/');
            if (dot <= slash + 1 || s.substring(slash + 1, dot).chars().allMatch(c -> c == '.')) return PyTuple.of(s, "");
            return PyTuple.of(s.substring(0, dot), s.substring(dot));
        }));
        r.accept(new FilterDef("b64encode", false, (v, a, i) -> Base64.getEncoder().encodeToString(Values.str(v).getBytes(StandardCharsets.UTF_8))));
        r.accept(new FilterDef("b64decode", false, (v, a, i) -> new String(Base64.getMimeDecoder().decode(Values.str(v)), StandardCharsets.UTF_8)));
        r.accept(new FilterDef("hash", false, (v, a, i) -> digest(Values.str(a.get(0, "hashtype", "sha1")), Values.str(v))));
        r.accept(new FilterDef("checksum", false, (v, a, i) -> digest("sha1", Values.str(v))));
        r.accept(new FilterDef("sha1", false, (v, a, i) -> digest("sha1", Values.str(v))));
        r.accept(new FilterDef("md5", false, (v, a, i) -> digest("md5", Values.str(v))));
        r.accept(new FilterDef("quote", false, (v, a, i) -> v == null ? "''" : Shell.quote(Values.str(v))));
    }

    /** The compiled pattern (argument 0) with the ignorecase/multiline keyword arguments. */
    private static PyRegex regex(Object v, FilterDef.Args a, int flagsFrom) {
        String pattern = Values.str(a.get(0, "pattern", ""));
        boolean ic = Values.truthy(a.get(flagsFrom, "ignorecase", false));
        boolean ml = Values.truthy(a.get(flagsFrom < 0 ? -1 : flagsFrom + 1, "multiline", false));
        return PyRegex.compile(pattern, ic, ml);
    }

    static String dirname(String s) {
        int i = s.lastIndexOf('/');
        if (i < 0) return "";
        String head = s.substring(0, i + 1);
        return head.chars().allMatch(c -> c == '/') ? head : head.replaceAll("/+$", "");
    }

    static String expandUser(String s) {
        if (!s.startsWith("~")) return s;
        int slash = s.indexOf('/');
        String user = slash < 0 ? s.substring(1) : s.substring(1, slash);
        if (!user.isEmpty()) return s;
        String home = System.getenv().getOrDefault("HOME", System.getProperty("user.home"));
        return home + (slash < 0 ? "" : s.substring(slash));
    }

    static String digest(String algorithm, String text) {
        String alg = switch (algorithm.toLowerCase()) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            case "sha224" -> "SHA-224";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> throw new TemplateException("unsupported hash type " + algorithm);
        };
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new TemplateException("unsupported hash type " + algorithm, e);
        }
    }
}
