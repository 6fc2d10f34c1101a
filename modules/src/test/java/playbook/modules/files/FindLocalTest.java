package playbook.modules.files;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import playbook.engine.api.Result;
import playbook.modules.LocalTarget;
import playbook.modules.Run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * find on a real tree. The expected paths and counts are what ansible 2.14's find returned for
 * the same tree and arguments.
 */
class FindLocalTest {
    @TempDir Path dir;
    Path r;

    @BeforeEach void tree() throws Exception {
        r = dir.resolve("r");
        Files.createDirectories(r.resolve("sub/deep"));
        Files.createDirectories(r.resolve(".hid"));
        Files.writeString(r.resolve("a.tar.gz"), "1\n");
        Files.writeString(r.resolve("b.tar.gz"), "22\n");
        Files.writeString(r.resolve("sub/c.tar.gz"), "x\n");
        Files.writeString(r.resolve("sub/deep/d.tar.gz"), "y\n");
        Files.writeString(r.resolve(".h.tar.gz"), "h\n");
        Files.writeString(r.resolve(".hid/e.tar.gz"), "z\n");
        Files.createSymbolicLink(r.resolve("link.tar.gz"), Path.of("a.tar.gz"));
        Files.writeString(r.resolve("conf.txt"), "listen 80\n");
        Files.setLastModifiedTime(r.resolve("a.tar.gz"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> files(Result res) {
        return (List<Map<String, Object>>) res.values().get("files");
    }

    private List<String> paths(Result res) {
        return files(res).stream().map(m -> r.relativize(Path.of((String) m.get("path"))).toString()).sorted().toList();
    }

    private Result find(Object... kv) {
        Result res = Run.run(new FindModule(), new LocalTarget(), kv);
        assertFalse(res.isChanged());
        assertFalse(res.isFailed(), res.msg());
        return res;
    }

    @Test void recurseWithDepthLikeAnsible() {
        Result res = find("paths", r.toString(), "patterns", "*.tar.gz", "recurse", true, "depth", 2);
        assertEquals(List.of(".hid/e.tar.gz", "a.tar.gz", "b.tar.gz", "sub/c.tar.gz"), paths(res));
        assertEquals(11, res.values().get("examined"));
        assertEquals(4, res.values().get("matched"));
        assertEquals("All paths examined", res.msg());
        Result all = find("paths", r.toString(), "patterns", "*.tar.gz", "recurse", true);
        assertTrue(paths(all).contains("sub/deep/d.tar.gz"));
    }

    @Test void ageContainsRegexAndHidden() {
        Result old = find("paths", r.toString(), "patterns", "*.gz", "age", "1w");
        assertEquals(List.of("a.tar.gz"), paths(old));
        assertEquals(7, old.values().get("examined"));
        Result young = find("paths", r.toString(), "patterns", "*.gz", "age", "-1d");
        assertEquals(List.of("b.tar.gz"), paths(young));
        assertEquals(List.of("conf.txt"), paths(find("paths", r.toString(), "contains", "listen")));
        assertEquals(List.of(), paths(find("paths", r.toString(), "contains", "80")), "contains uses re.match per line");
        assertEquals(List.of("a.tar.gz", "b.tar.gz", "conf.txt"),
                paths(find("paths", r.toString(), "file_type", "any", "hidden", true, "use_regex", true, "patterns", "^[a-c].*")));
        assertEquals(List.of(".h.tar.gz", "a.tar.gz", "b.tar.gz"),
                paths(find("paths", r.toString(), "hidden", true, "patterns", "*.tar.gz")));
        assertEquals(List.of("link.tar.gz"), paths(find("paths", r.toString(), "file_type", "link")));
        assertEquals(List.of(".hid", "sub"), paths(find("paths", r.toString(), "file_type", "directory", "hidden", true)));
        assertEquals(List.of("b.tar.gz"), paths(find("paths", r.toString(), "patterns", "*.tar.gz", "excludes", "a*", "size", "3")));
        assertEquals(List.of("a.tar.gz"), paths(find("paths", r.toString(), "patterns", "*.tar.gz", "size", "-2b")));
    }

    @Test void newestArchiveBySortedMtime() {
        Result res = find("paths", r.toString(), "patterns", "*.tar.gz,*.tgz", "get_checksum", true);
        Map<String, Object> newest = files(res).stream()
                .max(Comparator.comparingDouble(m -> (Double) m.get("mtime"))).orElseThrow();
        assertEquals(r.resolve("b.tar.gz").toString(), newest.get("path"));
        Map<String, Object> a = files(res).stream().filter(m -> ((String) m.get("path")).endsWith("/a.tar.gz")).findFirst().orElseThrow();
        assertEquals(1577836800.0, a.get("mtime"));
        assertEquals("e5fa44f2b31c1fb553b6021e7360d07d5d91ff5e", a.get("checksum"));
        assertEquals(2L, a.get("size"));
        assertEquals(true, a.get("isreg"));
        assertEquals("root", a.get("pw_name"));
    }

    @Test void notADirectoryIsSkippedWithAWarning() {
        Result res = Run.run(new FindModule(), new LocalTarget(), "paths", List.of(r + "/conf.txt", r.toString()));
        assertEquals("Not all paths examined, check warnings for details", res.msg());
        assertEquals(Map.of(r + "/conf.txt", "'" + r + "/conf.txt' is not a directory"), res.values().get("skipped_paths"));
        assertEquals(3, res.values().get("matched"));
        assertEquals("failed to process size", Run.run(new FindModule(), new LocalTarget(), "paths", r.toString(), "size", "+10m").msg());
    }
}
