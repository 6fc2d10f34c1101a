package playbook.parity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One parity case: a directory under {@code src/test/resources/parity/} holding {@code site.yml},
 * {@code inventory} and whatever the playbook needs. A case is run once per args file:
 * {@code args} (or none at all) is the default run, {@code args.NAME} a variant named NAME.
 *
 * <p>An args file has one command-line argument per line. Blank lines and lines starting with
 * {@code #} are ignored, except a directive line {@code # rc: N} that sets the exit code the run
 * must end with (0 when absent). An argument starting with {@code @} (as in {@code -e @file.yml})
 * names a file relative to the case directory.
 */
record ParityCase(String name, Path dir, List<Variant> variants) {

    /** One run of a case: its extra CLI arguments and the exit code Ansible must return. */
    record Variant(String name, List<String> args, int expectedRc) {
        String displayName(String caseName) {
            return name.isEmpty() ? caseName : caseName + " [" + name + "]";
        }
    }

    private static final Pattern RC_DIRECTIVE = Pattern.compile("^#\\s*rc:\\s*(\\d+)\\s*$");

    /** The cases in {@code dir}, sorted by name. */
    static List<ParityCase> all(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).sorted().map(ParityCase::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("can't list parity cases in " + root, e);
        }
    }

    static ParityCase load(Path dir) {
        List<Variant> variants = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.sorted().toList()) {
                String fn = f.getFileName().toString();
                if (fn.equals("args")) {
                    variants.add(parseArgs("", f));
                } else if (fn.startsWith("args.")) {
                    variants.add(parseArgs(fn.substring("args.".length()), f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("can't read parity case " + dir, e);
        }
        if (variants.isEmpty()) {
            variants.add(new Variant("", List.of(), 0));
        }
        return new ParityCase(dir.getFileName().toString(), dir, List.copyOf(variants));
    }

    static Variant parseArgs(String name, Path file) {
        List<String> args = new ArrayList<>();
        int rc = 0;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher m = RC_DIRECTIVE.matcher(line.trim());
                if (m.matches()) {
                    rc = Integer.parseInt(m.group(1));
                } else if (!line.isBlank() && !line.trim().startsWith("#")) {
                    args.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("can't read " + file, e);
        }
        return new Variant(name, List.copyOf(args), rc);
    }

    /** Arguments with {@code @relative} file references made absolute against {@code caseCopy}. */
    static List<String> resolveArgs(List<String> args, Path caseCopy) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("@") && a.length() > 1 && !Paths.get(a.substring(1)).isAbsolute()) {
                out.add("@" + caseCopy.resolve(a.substring(1)).toAbsolutePath());
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * The directory holding the cases: the {@code parity} resource folder on the test classpath
     * when it is a plain directory, else the source folder seen from the working directory.
     */
    static Path root() {
        URL url = ParityCase.class.getResource("/parity");
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                return Paths.get(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("bad resource URL " + url, e);
            }
        }
        for (String candidate : List.of("src/test/resources/parity", "modules/src/test/resources/parity")) {
            Path p = Paths.get(candidate);
            if (Files.isDirectory(p)) {
                return p.toAbsolutePath();
            }
        }
        throw new IllegalStateException("parity cases not found: no /parity on the test classpath and no "
                + "src/test/resources/parity under " + Paths.get("").toAbsolutePath());
    }
}
